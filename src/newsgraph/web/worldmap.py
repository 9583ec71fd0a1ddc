"""The world outline behind the places map, drawn by us as SVG in an equirectangular projection.

The outline is Natural Earth's 1:110m countries as packaged by the npm package ``world-atlas``
(TopoJSON; ISC licence, data in the public domain). It is fetched through the npm client
(``npm pack``) the first time ``newsgraph serve`` runs, or with ``newsgraph serve --fetch-map``,
decoded here and cached as SVG path data under ``$NEWSGRAPH_CACHE`` (default
``~/.cache/newsgraph``). Without it the map still works: graticule and markers only.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas@2.0.2"
# the registry's dist.integrity of that tarball: what is fetched is checked against it
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
MEMBER = "package/countries-110m.json"
WIDTH, HEIGHT = 360.0, 180.0  # one SVG unit per degree


def cache_dir() -> Path:
    return Path(os.environ.get("NEWSGRAPH_CACHE") or Path.home() / ".cache" / "newsgraph")


def cache_file() -> Path:
    return cache_dir() / "world-110m-paths.json"


def geojson_file() -> Path:
    return cache_dir() / "world-110m.geojson"


def project(lon: float, lat: float) -> tuple[float, float]:
    return lon + 180.0, 90.0 - lat


def topojson_paths(topo: dict[str, Any], obj: str = "countries") -> list[dict[str, str]]:
    """Decode a quantised TopoJSON topology into SVG path data, one entry per geometry."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:  # delta-encoded integer positions
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx: list[int]) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = []
    for g in topo["objects"][obj]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"] if g["type"] == "MultiPolygon" else []
        d = []
        for poly in polys:
            for r in poly:
                pts = [project(lon, lat) for lon, lat in ring(r)]
                if len(pts) < 3:
                    continue
                d.extend(_ring_paths(pts))
        if d:
            out.append({"name": (g.get("properties") or {}).get("name", ""), "d": "".join(d)})
    return out


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


def _ring_paths(pts: list[tuple[float, float]]) -> list[str]:
    """Path data for one ring. A ring crossing the antimeridian (Russia, Fiji) is unwrapped and
    drawn twice, 360 units apart, so the viewBox clips each copy; a ring around the pole
    (Antarctica) is closed along the map's edge."""
    un = [pts[0]]
    for x, y in pts[1:]:
        px = un[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        un.append((x, y))
    span = un[-1][0] - un[0][0]
    if abs(span) > 180:  # encircles a pole: close along the top or bottom edge
        edge = HEIGHT if un[0][1] > HEIGHT / 2 else 0.0
        un += [(un[-1][0], edge), (un[0][0], edge)]
    lo, hi = min(x for x, _ in un), max(x for x, _ in un)
    shifts = [0.0] + ([360.0] if lo < 0 else []) + ([-360.0] if hi > WIDTH else [])
    return ["M" + "L".join(f"{x + s:.1f},{y:.1f}" for x, y in un) + "Z" for s in shifts]


def load_outline() -> list[dict[str, str]] | None:
    """The cached outline, or None when it has not been fetched."""
    try:
        return json.loads(cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_geojson() -> bytes | None:
    """The cached GeoJSON outline (bytes, served as they are), or None when not fetched."""
    try:
        return geojson_file().read_bytes()
    except OSError:
        return None


def fetch_outline(timeout: float = 120.0) -> list[dict[str, str]]:
    """Fetch ``world-atlas`` with the npm client, check the tarball's integrity, decode it and cache
    it twice (SVG paths, GeoJSON for the Leaflet map). Raises RuntimeError with the reason when npm
    is missing, the registry cannot be reached or the tarball is not the pinned one."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed; the map is drawn without country outlines")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            proc = subprocess.run([npm, "pack", PACKAGE, "--pack-destination", tmp, "--silent"],
                                  capture_output=True, text=True, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"npm pack {PACKAGE} timed out") from exc
        tgz = next(Path(tmp).glob("world-atlas-*.tgz"), None)
        if proc.returncode != 0 or tgz is None:
            raise RuntimeError(f"npm pack {PACKAGE} failed: {proc.stderr.strip()[-300:]}")
        from newsgraph.web.vendor import integrity_of

        got = integrity_of(tgz.read_bytes())
        if got != INTEGRITY:
            raise RuntimeError(f"{PACKAGE}: the tarball's integrity {got[:30]}… is not the pinned one")
        with tarfile.open(tgz) as tar:
            f = tar.extractfile(MEMBER)
            if f is None:
                raise RuntimeError(f"{MEMBER} missing from {tgz.name}")
            topo = json.load(f)
    paths = topojson_paths(topo)
    cache_dir().mkdir(parents=True, exist_ok=True)
    tmpf = cache_file().with_suffix(".tmp")
    tmpf.write_text(json.dumps(paths, separators=(",", ":")), encoding="utf-8")
    tmpf.replace(cache_file())
    tmpg = geojson_file().with_suffix(".tmp")
    tmpg.write_text(json.dumps(topojson_geojson(topo), separators=(",", ":")), encoding="utf-8")
    tmpg.replace(geojson_file())
    return paths


def ensure_outline() -> tuple[list[dict[str, str]] | None, str | None]:
    """(outline, None) from the cache or a fresh fetch; (None, reason) when neither works."""
    paths = load_outline()
    if paths is not None and geojson_file().is_file():
        return paths, None
    try:
        return fetch_outline(), None
    except (RuntimeError, OSError, ValueError, KeyError, tarfile.TarError) as exc:
        return None, str(exc)


def graticule(step: int = 30) -> str:
    """Path data for meridians and parallels every ``step`` degrees."""
    d = [f"M{lon + 180},0V180" for lon in range(-180, 181, step)]
    d += [f"M0,{90 - lat}H360" for lat in range(-90, 91, step)]
    return "".join(d)
