"""``newsgraph gazetteer``: build, inspect and query the offline place index."""
from __future__ import annotations

import json
import sys
import time

import click


@click.group("gazetteer")
def gazetteer() -> None:
    """The offline gazetteer (GeoNames data from PyPI packages, built once into a SQLite index)."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the index exists.")
def build_cmd(force: bool) -> None:
    """Build the index now (otherwise it is built on first use)."""
    from newsgraph.gazetteer import ensure_built, index_path

    path = index_path()
    if path.exists() and not force:
        click.echo(f"already built: {path} (use --force to rebuild)")
        return
    ensure_built(path, force=force)
    click.echo(str(path))


@gazetteer.command("info")
def info_cmd() -> None:
    """Where the index is, how big, and how long a worker takes to open it."""
    from newsgraph.gazetteer import Gazetteer, index_path

    path = index_path()
    if not path.exists():
        click.echo(f"not built yet: {path} (run `newsgraph gazetteer build`)")
        return
    t0 = time.perf_counter()
    g = Gazetteer(path)
    g.lookup_many(["london"])
    dt = time.perf_counter() - t0
    st = g.stats()
    click.echo(f"path    {path}\nplaces  {st['places']:,}\nnames   {st['names']:,}\n"
               f"size    {st['bytes'] / 1e6:.1f} MB\nopen    {dt * 1000:.0f} ms")


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--limit", default=10, show_default=True, help="Show at most this many namesakes.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def lookup_cmd(name: str, limit: int, as_json: bool) -> None:
    """Every gazetteer entry called NAME (own or alternate name), most populous first."""
    from newsgraph.gazetteer import get_gazetteer

    cands = get_gazetteer().lookup(name)[:max(0, limit)]
    if not cands:
        click.echo(f"no place called {name!r}", err=True)
        sys.exit(1)
    for c in cands:
        row = {"name": c.name, "geonameid": c.geonameid, "lat": c.lat, "lon": c.lon,
               "country_code": c.country_code, "feature_class": c.feature_class, "fcode": c.fcode,
               "admin1": c.admin1, "population": c.population, "own_name": c.is_name}
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{c.name:<28} {str(c.geonameid or '-'):>9} {c.country_code or '--':<2} {c.fcode:<5} "
                       f"{c.lat:9.4f} {c.lon:10.4f} pop {c.population:>11,}  {c.admin1 or ''}"
                       + ("" if c.is_name else "  (alternate name)"))
