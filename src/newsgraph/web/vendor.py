"""The browser libraries of the reading room, from the npm registry, served by the app itself.

The map is drawn with Leaflet and Leaflet.markercluster, the timeline with uPlot. None of their
code is in this repository: each package is fetched once with the npm client (``npm pack``, the
first time ``newsgraph serve`` runs, or ``newsgraph serve --map``), its tarball checked against
the sha512 integrity pinned below (the registry's ``dist.integrity`` for that exact version), and
the files the pages load are unpacked under ``$NEWSGRAPH_CACHE/vendor/NAME@VERSION/``. The app
serves them from there under ``/vendor/NAME/FILE``: no CDN, no tile server, nothing at run time.

Without them (no npm, no network on first start) the pages say so and the lists still work.

Licences: Leaflet BSD-2-Clause, Leaflet.markercluster MIT, uPlot MIT (README: Licences).
"""
from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newsgraph.web.worldmap import cache_dir


@dataclass(frozen=True)
class Package:
    """One npm package: the exact version, its registry integrity, its licence, and the files the
    pages load (served name -> member of the tarball)."""

    name: str
    version: str
    integrity: str  # npm's dist.integrity: "sha512-" + base64 of the tarball's SHA-512
    licence: str
    files: tuple[tuple[str, str], ...]

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    def folder(self) -> Path:
        return cache_dir() / "vendor" / self.spec


PACKAGES: dict[str, Package] = {p.name: p for p in (
    Package("leaflet", "1.9.4",
            "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
            "BSD-2-Clause",
            (("leaflet.js", "package/dist/leaflet.js"), ("leaflet.css", "package/dist/leaflet.css"),
             ("LICENSE", "package/LICENSE"))),
    Package("leaflet.markercluster", "1.5.3",
            "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
            "MIT",
            (("leaflet.markercluster.js", "package/dist/leaflet.markercluster.js"),
             ("MarkerCluster.css", "package/dist/MarkerCluster.css"),
             ("LICENSE", "package/MIT-LICENCE.txt"))),
    Package("uplot", "1.6.32",
            "sha512-KIMVnG68zvu5XXUbC4LQEPnhwOxBuLyW1AHtpm6IKTXImkbLgkMy+jabjLgSLMasNuGGzQm/ep3tOkyTxpiQIw==",
            "MIT",
            (("uPlot.iife.min.js", "package/dist/uPlot.iife.min.js"), ("uPlot.min.css", "package/dist/uPlot.min.css"),
             ("LICENSE", "package/LICENSE"))),
)}

# what each page needs
MAP = ("leaflet", "leaflet.markercluster")
TIMELINE = ("uplot",)


def integrity_of(data: bytes) -> str:
    """npm's integrity string of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def installed(names: tuple[str, ...] | list[str] = tuple(PACKAGES)) -> bool:
    """True when every file of these packages is in the cache."""
    return all((PACKAGES[n].folder() / f).is_file() for n in names for f, _ in PACKAGES[n].files)


def file_path(name: str, filename: str) -> Path | None:
    """The cached file ``filename`` of package ``name``, or None (not a file we serve, or not fetched)."""
    pkg = PACKAGES.get(name)
    if pkg is None or filename not in dict(pkg.files):
        return None
    path = pkg.folder() / filename
    return path if path.is_file() else None


def unpack(pkg: Package, tgz: bytes) -> None:
    """Check ``tgz`` against the pinned integrity and unpack the files the pages load. Raises
    RuntimeError on a mismatch (nothing is written then)."""
    got = integrity_of(tgz)
    if got != pkg.integrity:
        raise RuntimeError(f"{pkg.spec}: the tarball's integrity {got[:30]}… is not the pinned "
                           f"{pkg.integrity[:30]}…; not installed")
    import io

    dest = pkg.folder()
    tmp = dest.with_name(dest.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        for served, member in pkg.files:
            f = tar.extractfile(member)
            if f is None:
                raise RuntimeError(f"{pkg.spec}: {member} missing from the tarball")
            (tmp / served).write_bytes(f.read())
    shutil.rmtree(dest, ignore_errors=True)
    tmp.replace(dest)


def npm_pack(spec: str, integrity: str, timeout: float = 120.0) -> bytes:
    """The tarball of one exact npm package version (``npm pack`` into a temporary folder), checked
    against its pinned registry integrity. Raises RuntimeError with the reason (npm missing, registry
    unreachable, integrity mismatch); nothing is cached here."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            proc = subprocess.run([npm, "pack", spec, "--pack-destination", tmp, "--silent"],
                                  capture_output=True, text=True, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"npm pack {spec} timed out (is the npm registry reachable?)") from exc
        tgz = next(Path(tmp).glob("*.tgz"), None)
        if proc.returncode != 0 or tgz is None:
            raise RuntimeError(f"npm pack {spec} failed: {proc.stderr.strip()[-300:] or 'no tarball'}")
        data = tgz.read_bytes()
    got = integrity_of(data)
    if got != integrity:
        raise RuntimeError(f"{spec}: the tarball's integrity {got[:30]}… is not the pinned "
                           f"{integrity[:30]}…; not installed")
    return data


def fetch(pkg: Package, timeout: float = 120.0) -> None:
    """Fetch one package with the npm client, verify and unpack it into the cache (see ``npm_pack``)."""
    unpack(pkg, npm_pack(pkg.spec, pkg.integrity, timeout))


def ensure(names: tuple[str, ...] | list[str] = tuple(PACKAGES)) -> str | None:
    """Fetch whatever of these packages is not cached yet. None when all are there, else the reason."""
    problems = []
    for n in names:
        if installed((n,)):
            continue
        try:
            fetch(PACKAGES[n])
        except (RuntimeError, OSError, tarfile.TarError) as exc:
            problems.append(str(exc))
    return "; ".join(problems) or None
