"""The country outlines behind the places map, as a GeoJSON layer for Leaflet (no tile server).

The outline is Natural Earth's 1:110m countries as packaged by the npm package ``world-atlas``
(TopoJSON; ISC licence, data in the public domain). It is fetched through the npm client
(``npm pack``) the first time ``newsgraph serve`` runs, or with ``newsgraph serve --fetch-map``,
checked against its pinned integrity, decoded here and cached as GeoJSON under ``$NEWSGRAPH_CACHE``
(default ``~/.cache/newsgraph``). Without it the map still works: markers only.
"""
from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas@2.0.2"
# the registry's dist.integrity of that tarball: what is fetched is checked against it
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
MEMBER = "package/countries-110m.json"


def cache_dir() -> Path:
    return Path(os.environ.get("NEWSGRAPH_CACHE") or Path.home() / ".cache" / "newsgraph")


def geojson_file() -> Path:
    return cache_dir() / "world-110m.geojson"


def topojson_geojson(topo: dict[str, Any], obj: str = "countries") -> dict[str, Any]:
    """Decode a quantised TopoJSON topology into a GeoJSON FeatureCollection (for the Leaflet map):
    one feature per country, its rings unwrapped across the antimeridian (a ring crossing it gets
    a copy 360 degrees over, so Russia and Fiji draw without a line across the world)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(pts)
    feats = []
    for g in topo["objects"][obj]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"] if g["type"] == "MultiPolygon" else []
        out: list[list[list[list[float]]]] = []
        for poly in polys:
            for idx in poly:
                pts: list[tuple[float, float]] = []
                for i in idx:
                    a = arcs[i] if i >= 0 else arcs[~i][::-1]
                    pts.extend(a if not pts else a[1:])
                if len(pts) >= 4:
                    out.extend([[list(p) for p in ring]] for ring in _unwrapped(pts))
        if out:
            feats.append({"type": "Feature", "properties": {"name": (g.get("properties") or {}).get("name", "")},
                          "geometry": {"type": "MultiPolygon", "coordinates": out}})
    return {"type": "FeatureCollection", "features": feats}


def _unwrapped(pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring as continuous longitudes, and its copy 360 degrees over when it crosses +-180; a
    ring around the pole is closed along latitude -85 or 85 (the edge of the web map)."""
    un = [pts[0]]
    for x, y in pts[1:]:
        px = un[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        un.append((x, y))
    if abs(un[-1][0] - un[0][0]) > 180:
        edge = -85.0 if un[0][1] < 0 else 85.0
        un += [(un[-1][0], edge), (un[0][0], edge), un[0]]
    lo, hi = min(x for x, _ in un), max(x for x, _ in un)
    shifts = [0.0] + ([360.0] if lo < -180 else []) + ([-360.0] if hi > 180 else [])
    return [[(round(x + s, 3), y) for x, y in un] for s in shifts]


def load_geojson() -> bytes | None:
    """The cached GeoJSON outline (bytes, served as they are), or None when not fetched."""
    try:
        return geojson_file().read_bytes()
    except OSError:
        return None


def fetch_outline(timeout: float = 120.0) -> None:
    """Fetch ``world-atlas`` with the npm client, check the tarball's integrity, decode it and cache
    it as GeoJSON for the Leaflet map. Raises RuntimeError with the reason when npm
    is missing, the registry cannot be reached or the tarball is not the pinned one."""
    import io

    from newsgraph.web.vendor import npm_pack

    try:
        tgz = npm_pack(PACKAGE, INTEGRITY, timeout)
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}; the map is drawn without country outlines") from exc
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        f = tar.extractfile(MEMBER)
        if f is None:
            raise RuntimeError(f"{MEMBER} missing from {PACKAGE}")
        topo = json.load(f)
    cache_dir().mkdir(parents=True, exist_ok=True)
    tmpg = geojson_file().with_suffix(".tmp")
    tmpg.write_text(json.dumps(topojson_geojson(topo), separators=(",", ":")), encoding="utf-8")
    tmpg.replace(geojson_file())


def ensure_outline() -> str | None:
    """None when the outline is cached or freshly fetched; else the reason it is not there."""
    if geojson_file().is_file():
        return None
    try:
        fetch_outline()
    except (RuntimeError, OSError, ValueError, KeyError, tarfile.TarError) as exc:
        return str(exc)
    return None
