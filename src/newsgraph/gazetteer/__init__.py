"""The offline gazetteer: GeoNames-derived places in a read-only SQLite index, built once per machine.

Where it lives: ``$NEWSGRAPH_CACHE`` if set, else ``$XDG_CACHE_HOME/newsgraph`` (``~/.cache/newsgraph``),
as ``gazetteer-<build id>.sqlite``. The build id is a hash of the builder and its data files
(``curated.tsv``, ``points.tsv``), so a change to any of them builds a fresh index. First use builds it automatically (about a minute, with a
progress message on stderr); ``newsgraph gazetteer build`` does it ahead of time. Concurrent workers
wait on a lock file instead of building twice.

Lookups are batched: ``Gazetteer.lookup_many(keys)`` answers a whole article's candidate names with
one query per 500 names, and remembers answers in a bounded per-process cache.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from newsgraph.gazetteer.names import loose_key, name_key

__all__ = ["Candidate", "Gazetteer", "feature_kind", "place_kind", "get_gazetteer", "index_path", "loose_key", "name_key"]

_HERE = Path(__file__).parent
_CACHE_MAX = 100_000


@dataclass(frozen=True, slots=True)
class Candidate:
    pid: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_class: str
    fcode: str
    admin1: str | None
    admin1_code: str | None
    population: int
    is_name: bool  # the looked-up name is the entry's own name (or a curated short form), not an alternate
    curated: bool = False  # the looked-up name is a curated short form ("U.S.", "Ga.", "DRC")


# GeoNames feature classes in words, for listings where 'Belgorod' the region and 'Belgorod' the city
# would otherwise look like the same place twice
_KINDS = {"P": "town", "H": "water", "L": "area", "T": "terrain", "S": "site", "V": "forest", "U": "undersea",
          "R": "road"}


def feature_kind(feature_class: str | None, admin1: str | None) -> str:
    """'country', 'region' (an administrative area below a country), 'town', 'water', … or ''."""
    if feature_class == "A":
        return "region" if admin1 else "country"
    return _KINDS.get(feature_class or "", "")


def place_kind(c: "Candidate") -> str:
    """What a user reads in a places list: 'country', 'region' (first-level unit), 'district' (second-level
    unit or a section of a city), 'town', 'village' (a populated place under 1,000 people), 'water', 'area'
    (a region with no administration: Darfur, the Sahel), 'continent', 'street' (a named street, placed at
    its town), or the feature class in words."""
    if c.fcode in ("PCLI", "PCLH"):
        return "country"
    if c.fcode == "ST":
        return "street"
    if c.fcode == "CONT":
        return "continent"
    if c.fcode == "ADM1":
        return "region"
    if c.fcode in ("ADM2", "ADM3", "ADM4", "PPLX"):
        return "district"
    if c.feature_class == "P":
        return "village" if c.population < 1000 and c.fcode != "PPLC" else "town"
    if c.feature_class == "H":
        return "water"
    if c.feature_class in ("L", "T"):
        return "area"
    return feature_kind(c.feature_class, c.admin1)


def build_id() -> str:
    h = hashlib.sha256()
    for f in ("build.py", "names.py", "curated.tsv", "points.tsv", "demonyms.tsv"):
        h.update((_HERE / f).read_bytes())
    return h.hexdigest()[:12]


def cache_dir() -> Path:
    env = os.environ.get("NEWSGRAPH_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsgraph"


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{build_id()}.sqlite"


def ensure_built(path: Path | None = None, *, force: bool = False, quiet: bool = False) -> Path:
    """Return the index path, building the index first when it is missing (or ``force``)."""
    explicit = path is not None
    path = path or index_path()
    if path.exists() and not force:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.with_name(path.name + ".lock")
        probe.touch()
    except OSError:
        if explicit:
            raise
        # a read-only home (some CI runners, containers): build in the temporary directory instead
        path = Path(tempfile.gettempdir()) / f"newsgraph-{os.getuid()}" / path.name
        if path.exists() and not force:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building it: wait, then reuse
        try:
            if force or not path.exists():
                from newsgraph.gazetteer.build import build

                build(path, quiet=quiet)
                for old in path.parent.glob("gazetteer-*.sqlite"):  # indexes of older builds
                    if old != path:
                        try:
                            old.unlink()
                            old.with_name(old.name + ".lock").unlink(missing_ok=True)
                        except OSError:
                            pass
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return path


_COLS = ("p.pid, p.geonameid, p.name, p.lat, p.lon, p.country_code, p.feature_class, p.fcode, p.admin1, "
         "p.admin1_code, p.population, a.is_name")


class Gazetteer:
    def __init__(self, path: Path | None = None):
        self.path = ensure_built(path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._demonyms: dict[str, Candidate] | None = None

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry called ``name`` (own or alternate name), most populous first."""
        return list(self.lookup_many([name_key(name)]).get(name_key(name), ()))

    def lookup_many(self, keys: Iterable[str]) -> dict[str, tuple[Candidate, ...]]:
        """Candidates for each (already ``name_key``-folded) key; keys with none are absent."""
        keys = set(keys)
        cache = self._cache
        out, todo = {}, []
        for k in keys:
            hit = cache.get(k)  # .get: another thread may clear the cache meanwhile
            if hit is None:
                todo.append(k)
            else:
                out[k] = hit
        if todo:
            found: dict[str, list[Candidate]] = {k: [] for k in todo}
            self._select("alias", todo, found)
            if len(self._cache) > _CACHE_MAX:
                self._cache.clear()
            for k, cands in found.items():
                cands.sort(key=lambda c: -c.population)
                self._cache[k] = tuple(cands)
                if cands:
                    out[k] = self._cache[k]
        return {k: v for k, v in out.items() if v}

    def lookup_loose_many(self, keys: Iterable[str]) -> dict[str, tuple[Candidate, ...]]:
        """Candidates for each ``names.loose_key`` (a coarse romanisation key); keys with none are absent."""
        keys = [k for k in set(keys) if k]
        found: dict[str, list[Candidate]] = defaultdict(list)
        self._select("loose", keys, found)
        return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in found.items()}

    def _select(self, table: str, keys: list[str], found: dict[str, list[Candidate]]) -> None:
        """Append to ``found[key]`` the candidates ``table`` ("alias" or "loose") lists under each of
        ``keys``, 500 keys a query (SQLite's limit on parameters)."""
        assert table in ("alias", "loose")
        with self._lock:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                q = (f"SELECT a.key, {_COLS} FROM {table} a JOIN place p ON p.pid = a.pid "
                     f"WHERE a.key IN ({','.join('?' * len(chunk))})")
                for row in self._db.execute(q, chunk):
                    found[row[0]].append(Candidate(*row[1:12], row[12] >= 1, row[12] == 2))

    def demonyms(self) -> dict[str, Candidate]:
        """Demonym as written ("Georgian", "Palestinians", "Sri Lankan") -> the place it names."""
        if self._demonyms is None:
            with self._lock:
                rows = self._db.execute(f"SELECT d.form, {_COLS.replace('a.is_name', '1')} FROM demonym d "
                                        "JOIN place p ON p.pid = d.pid").fetchall()
            self._demonyms = {r[0]: Candidate(*r[1:12], True, False) for r in rows}
        return self._demonyms

    def by_geonameid(self, geonameid: int) -> Candidate | None:
        with self._lock:
            row = self._db.execute(f"SELECT p.geonameid, {_COLS} FROM place p JOIN alias a ON a.pid = p.pid "
                                   "WHERE p.geonameid = ? ORDER BY a.is_name DESC LIMIT 1", (geonameid,)).fetchone()
        return Candidate(*row[1:12], row[12] >= 1, row[12] == 2) if row else None

    def stats(self) -> dict[str, int]:
        with self._lock:
            n_places = self._db.execute("SELECT COUNT(*) FROM place").fetchone()[0]
            n_names = self._db.execute("SELECT COUNT(*) FROM alias").fetchone()[0]
        return {"places": n_places, "names": n_names, "bytes": self.path.stat().st_size}


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, opened (and built if needed) on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Gazetteer()
    return _DEFAULT
