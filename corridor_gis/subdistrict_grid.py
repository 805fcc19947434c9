"""A lookup grid over the 135 街道 so that finding each point's 街道 costs one array lookup for most points.

Each cell of a 0.003° grid (~270 m × 330 m) is labelled with the 街道 that holds it *entirely* (its closed
box inside the polygon's interior and touching no other 街道), ``-1`` where no 街道 reaches, or ``-2`` where a
border runs through it. A point in a labelled cell has its answer at once; only points in border cells
(~1 in 8 over Qingdao) are tested exactly, in :func:`corridor_gis.subdistricts.subdistrict_index` — so
the answer is the exact one, shared borders included.

The grid depends only on the bundled layer, so it ships beside it (``data/subdistricts_grid.npz``, built by
``tools/build_subdistrict_grid.py``), tagged with the layer file's SHA-256. A grid that does not match the
layer (the layer was replaced) is never used: every point is then tested exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

CELL_DEG = 0.003
#: the boxes tested are this much larger than the cells, so a point whose cell index rounds to a neighbour
#: at a cell edge is still covered by the box that was checked
EPS_DEG = 1e-9
OUTSIDE, BORDER = -1, -2


@dataclass(frozen=True)
class SubdistrictGrid:
    """Cell labels (row = y index from ``y0``, column = x index from ``x0``)."""

    x0: float
    y0: float
    cell: float
    labels: np.ndarray  # int16, shape (h, w)

    def lookup(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """The label of each point's cell; :data:`OUTSIDE` off the grid or for non-finite coordinates."""
        h, w = self.labels.shape
        out = np.full(len(lon), OUTSIDE, dtype=np.int64)
        with np.errstate(invalid="ignore"):
            fx = np.floor((lon - self.x0) / self.cell)
            fy = np.floor((lat - self.y0) / self.cell)
            on = (fx >= 0) & (fx < w) & (fy >= 0) & (fy < h)
        out[on] = self.labels[fy[on].astype(np.int64), fx[on].astype(np.int64)]
        return out


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_grid(polygons: np.ndarray, cell: float = CELL_DEG) -> SubdistrictGrid:
    """Label every cell over the polygons' extent (exact: shapely box predicates, a few seconds)."""
    minx, miny, maxx, maxy = shapely.total_bounds(polygons)
    x0, y0 = np.floor(minx / cell) * cell - cell, np.floor(miny / cell) * cell - cell
    w, h = int((maxx - x0) / cell) + 2, int((maxy - y0) / cell) + 2
    iy, ix = np.divmod(np.arange(w * h), w)
    boxes = shapely.box(x0 + ix * cell - EPS_DEG, y0 + iy * cell - EPS_DEG,
                        x0 + (ix + 1) * cell + EPS_DEG, y0 + (iy + 1) * cell + EPS_DEG)
    box_idx, poly_idx = shapely.STRtree(polygons).query(boxes, predicate="intersects")
    hits = np.bincount(box_idx, minlength=w * h)
    labels = np.full(w * h, OUTSIDE, dtype=np.int16)
    labels[hits > 1] = BORDER
    one = hits[box_idx] == 1
    b, p = box_idx[one], poly_idx[one]
    labels[b] = np.where(shapely.contains_properly(polygons[p], boxes[b]), p, BORDER)
    return SubdistrictGrid(float(x0), float(y0), cell, labels.reshape(h, w))


def save_grid(grid: SubdistrictGrid, path: Path, source_digest: str) -> None:
    np.savez_compressed(path, x0=grid.x0, y0=grid.y0, cell=grid.cell, labels=grid.labels, source=source_digest)


def load_grid(path: Path, source_digest: str) -> SubdistrictGrid | None:
    """The shipped grid, or ``None`` when it is missing or was built from another layer file."""
    try:
        with np.load(path) as z:
            if str(z["source"]) != source_digest:
                return None
            return SubdistrictGrid(float(z["x0"]), float(z["y0"]), float(z["cell"]), z["labels"].copy())
    except (OSError, KeyError, ValueError):
        return None
