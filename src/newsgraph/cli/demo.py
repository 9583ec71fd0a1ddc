"""``newsgraph demo``: ingest the built-in demo corpus and show who said what, where."""
from __future__ import annotations

import sys
from pathlib import Path

import click

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_inputs() -> list[str]:
    return [str(p) for p in sorted(DEMO_DIR.glob("*.jsonl"))]


@click.command()
@click.option("--db", default="newsgraph.db", show_default=True, type=click.Path(dir_okay=False),
              help="Store the demo articles here.")
@click.option("-w", "--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--speakers", "n_speakers", default=5, show_default=True, help="How many top speakers to show.")
def demo(db: str, workers: int, n_speakers: int) -> None:
    """Ingest the built-in demo corpus (short invented war-reporting articles) into --db and show
    the top speakers with their quotes, and the places. Rerunning it adds nothing."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from newsgraph.cli import run_settings
    from newsgraph.ingest.run import run_ingest
    from newsgraph.gazetteer import feature_kind
    from newsgraph.store import StoreError, connect
    from newsgraph.store.queries import (QuoteFilter, corpus_stats, find_quotes, list_places, list_speakers,
                                         with_segments)

    out, err = Console(highlight=False), Console(stderr=True, highlight=False)
    inputs = demo_inputs()
    if not inputs:
        raise click.ClickException(f"the demo corpus is missing: no .jsonl files in {DEMO_DIR}; reinstall newsgraph")
    with err.status(f"analysing the demo corpus into {db} (the first run loads the language model) …"):
        try:
            s = run_ingest("local", inputs, db, settings=run_settings(), workers=workers, progress=None)
        except StoreError as exc:
            err.print(f"[bold red]error:[/bold red] {exc}", markup=False)
            sys.exit(2)
    err.print(f"{s.stored} articles stored, {s.duplicates} already there, {s.failed} failed "
              f"({s.seconds:.1f} s) → {db}", markup=False)

    conn = connect(db, readonly=True)
    st = corpus_stats(conn)
    out.print()
    out.print(Text.assemble(("newsgraph demo", "bold"), f" — {st['articles']} articles, {st['words']:,} words, "
                            f"{st['quotes']} quotes ({st['attributed_quotes']} attributed), {st['speakers']} speakers, "
                            f"{st['places']} places, {st['first_published'] or '?'} to {st['last_published'] or '?'}"))
    out.print()
    top = list_speakers(conn, limit=n_speakers, type="PERSON") or list_speakers(conn, limit=n_speakers)
    if not top:
        out.print("[dim]no attributed quotes found[/dim]")
    for sp in top:
        said = [r for r in sp["roles"] + sp["affiliations"]][:2]
        head = Text.assemble((sp["name"], "bold cyan"), (f", {', '.join(said)}" if said else "", "cyan"),
                             f"  — {sp['quotes']} quote{'s' if sp['quotes'] != 1 else ''} in "
                             f"{sp['articles']} article{'s' if sp['articles'] != 1 else ''}")
        if sp["aliases"]:
            head.append(f"  (also written: {', '.join(sp['aliases'][:3])})", style="dim")
        out.print(head)
        quotes = with_segments(conn, find_quotes(conn, QuoteFilter(speaker=sp["id"], limit=50)))
        quotes.sort(key=lambda q: (q["type"] != "direct", q["published"] or "", q["article_id"], q["start"]))
        for q in quotes[:3]:  # their own words first
            line = " ".join(q["content"].split())
            line = line if len(line) <= 150 else line[:149] + "…"
            kind = "" if q["type"] == "direct" else f" [{q['type']}]"
            out.print(Text.assemble("  ", (f"“{line}”" if q["type"] == "direct" else line, "green"),
                                    (f"{kind}  {q['published'] or ''} {q['article_id']}", "dim")))
        out.print()
    places = list_places(conn, limit=10)
    if places:
        t = Table(title="places mentioned", title_justify="left")
        for h in ("place", "kind", "country", "lat", "lon", "mentions", "articles"):
            t.add_column(h)
        for p in places:
            t.add_row(Text(p["name"] or ""), feature_kind(p["feature_class"], p["admin1"]), p["country_code"] or "",
                      "" if p["lat"] is None else f"{p['lat']:.3f}", "" if p["lon"] is None else f"{p['lon']:.3f}",
                      str(p["mentions"]), str(p["articles"]))
        out.print(t)
    first = top[0]["name"] if top else "NAME"
    out.print(Text("next:", style="bold"))
    for cmd in (f'newsgraph quotes --db {db} --speaker "{first}"', f"newsgraph speakers --db {db}",
                f"newsgraph show demo-001 --db {db}", f'newsgraph search --db {db} "drone"',
                f"newsgraph export --db {db} --what places --format geojson -o places.geojson",
                f"newsgraph serve --db {db}"):
        out.print(Text("  " + cmd))
    sys.exit(0 if s.ok else 1)
