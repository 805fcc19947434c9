"""Build data/subdistricts_grid.npz, the 街道 lookup grid shipped beside data/subdistricts.gpkg.

Run after replacing the 街道 layer: ``.venv/bin/python tools/build_subdistrict_grid.py``. The grid carries
the layer file's SHA-256; a grid that does not match is ignored (every point is then tested exactly).
"""

from __future__ import annotations

from corridor_gis import subdistricts
from corridor_gis.subdistrict_grid import build_grid, file_digest, save_grid


def main() -> None:
    grid = build_grid(subdistricts._layer().geometry.values)
    path = subdistricts.grid_path()
    save_grid(grid, path, file_digest(subdistricts.subdistricts_path()))
    labels = grid.labels
    print(f"wrote {path}: {labels.shape[1]} x {labels.shape[0]} cells of {grid.cell}°, "
          f"{(labels >= 0).mean():.1%} inside one 街道, {(labels == -2).mean():.1%} on a border")


if __name__ == "__main__":
    main()
