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
MEMBER = "package/countries-110m.json"
WIDTH, HEIGHT = 360.0, 180.0  # one SVG unit per degree


def cache_dir() -> Path:
    return Path(os.environ.get("NEWSGRAPH_CACHE") or Path.home() / ".cache" / "newsgraph")


def cache_file() -> Path:
    return cache_dir() / "world-110m-paths.json"


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


def fetch_outline(timeout: float = 120.0) -> list[dict[str, str]]:
    """Fetch ``world-atlas`` with the npm client, decode it and cache the result. Raises
    RuntimeError with the reason when npm is missing or the registry cannot be reached."""
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
    return paths


def ensure_outline() -> tuple[list[dict[str, str]] | None, str | None]:
    """(outline, None) from the cache or a fresh fetch; (None, reason) when neither works."""
    paths = load_outline()
    if paths is not None:
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
