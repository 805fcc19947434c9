"""Generate data/sample_institutions.csv: a *synthetic sample* of innovation resources in Qingdao.

Official lists of labs, platforms and firms by location are not available offline. This file exists so a
user can see the workflow; every row is labelled ``synthetic sample`` and every figure computed from it
says so. Fixed seed: re-running gives the same file.

Layout: for each category a share of points is drawn inside the three cities (uniform over their area)
and the rest over the land of Qingdao's urban districts, weighted toward the city centre.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from corridor_gis.model import Project

SEED = 20271231
OUT = Path(__file__).resolve().parent.parent / "data" / "sample_institutions.csv"
# category label (as a Chinese spreadsheet would say it), count, share drawn inside the corridor
PLAN = [("重点实验室", 320, 0.47), ("新型研发机构", 180, 0.52), ("创新平台", 600, 0.38),
        ("高新技术企业", 3900, 0.30)]
URBAN = ["市南区", "市北区", "李沧区", "崂山区", "城阳区", "黄岛区", "即墨区", "胶州市"]
URBAN_WEIGHT = [0.12, 0.16, 0.10, 0.14, 0.16, 0.20, 0.07, 0.05]


def sample_in(geom: shapely.Geometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """n uniform random points (lon, lat) inside ``geom`` by rejection sampling."""
    minx, miny, maxx, maxy = geom.bounds
    shapely.prepare(geom)
    out = []
    while sum(len(o) for o in out) < n:
        x = rng.uniform(minx, maxx, n * 4)
        y = rng.uniform(miny, maxy, n * 4)
        ok = shapely.contains_xy(geom, x, y)
        out.append(np.column_stack([x[ok], y[ok]]))
    return np.vstack(out)[:n]


def main() -> None:
    rng = np.random.default_rng(SEED)
    project = Project.bundled()
    corridor = project.corridor
    districts = gpd.read_file(OUT.parent / "basemap.gpkg", layer="districts").set_index("name_zh")
    # the urban part of a district: within 12 km of its most central point, minus the corridor
    urban = {}
    for name in URBAN:
        geom = districts.geometry[name]
        core = shapely.point_on_surface(geom).buffer(0.12)
        urban[name] = shapely.difference(shapely.intersection(geom, core), corridor)
    rows = []
    for label, count, inside_share in PLAN:
        n_in = round(count * inside_share + rng.normal(0, count * 0.01))
        pts = [sample_in(corridor, n_in, rng)]
        n_out = count - n_in
        per = rng.multinomial(n_out, URBAN_WEIGHT)
        pts += [sample_in(urban[name], k, rng) for name, k in zip(URBAN, per, strict=True) if k]
        xy = np.vstack(pts)
        rng.shuffle(xy)
        for lon, lat in xy:
            rows.append({"名称": f"样本{label}{len(rows) + 1:05d}", "类别": label,
                         "经度": round(float(lon), 6), "纬度": round(float(lat), 6),
                         "label": "synthetic sample", "坐标系": "WGS84"})
    frame = pd.DataFrame(rows).sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    frame.to_csv(OUT, index=False, encoding="utf-8")
    print(f"wrote {OUT}: {len(frame)} rows")


if __name__ == "__main__":
    main()
