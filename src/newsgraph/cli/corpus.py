"""The corpus commands: ``ingest`` archives into the store, query it (``quotes``, ``speakers``,
``places``, ``search``, ``show``) and ``export`` it. Query commands print rich tables; ``--json`` and
``--csv`` print the same rows for scripts. The database defaults to ``newsgraph.db`` (or
``$NEWSGRAPH_DB``)."""
from __future__ import annotations

import csv
import sys
import time
from typing import Any, Callable

import click

from newsgraph.inert import for_csv, for_terminal, json_for_terminal

DB_OPTION = click.option("--db", default="newsgraph.db", show_default=True, envvar="NEWSGRAPH_DB",
                         type=click.Path(dir_okay=False), help="The SQLite store (env NEWSGRAPH_DB).")


def _fmt_options(fn: Callable) -> Callable:
    fn = click.option("--csv", "as_csv", is_flag=True, help="Print CSV (for scripts).")(fn)
    fn = click.option("--json", "as_json", is_flag=True, help="Print a JSON array (for scripts).")(fn)
    fn = click.option("--offset", default=0, show_default=True, help="Skip this many rows.")(fn)
    fn = click.option("-n", "--limit", default=50, show_default=True, help="At most this many rows.")(fn)
    return fn


def _date(ctx, param, value):
    """--since/--until: YYYY, YYYY-MM or YYYY-MM-DD, checked as the web and the API check them
    (newsgraph.validate: the same values rejected, with the same message)."""
    from newsgraph.validate import check_date

    try:
        return check_date(value, param.name)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _range(since: str | None, until: str | None) -> None:
    from newsgraph.validate import check_range

    try:
        check_range(since, until)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _open(db: str):
    from newsgraph.store import StoreError, connect

    try:
        return connect(db, readonly=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def _nothing(conn, what: str, filters: dict[str, Any]) -> str:
    """"nothing matches X" when the store holds articles, "the store is empty" when it holds none."""
    from newsgraph.store.queries import count_articles

    if count_articles(conn) == 0:
        return f"the store {_db_name(conn)} is empty: add articles with `newsgraph ingest PATH...`"
    given = ", ".join(f"{k} {v!r}" for k, v in filters.items() if v not in (None, "", False))
    return f"no {what} match {given}" if given else f"no {what} in the store yet"


def _db_name(conn) -> str:
    from newsgraph.store.schema import db_file

    return db_file(conn) or "(database)"


def _emit(rows: list[dict[str, Any]], columns: list[tuple[str, str]], *, as_json: bool, as_csv: bool,
          title: str, empty: str, render: dict[str, Callable[[Any], str]] | None = None,
          wide: str | None = None, console=None) -> None:
    """Rows as a table sized to the terminal (``columns``: (key, header); ``wide``: the column that
    gets the room, the quote), as TSV when stdout is not a terminal, or all their fields as JSON /
    CSV. Nothing to show: ``empty`` on stderr."""
    if as_json:
        click.echo(json_for_terminal(rows, indent=2))
        return
    if as_csv:
        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            w.writeheader()
            for r in rows:
                w.writerow({k: for_csv("; ".join(map(str, v)) if isinstance(v, list) else v) for k, v in r.items()})
        elif empty:
            click.echo(empty, err=True)
        return
    render = render or {}
    if not rows:
        if empty:
            click.echo(empty, err=True)
        return
    if console is None and not _is_terminal():
        _tsv(rows, columns, render)
        return
    _table(rows, columns, render, title=title, wide=wide, console=console or _console())


def _cell(r: dict[str, Any], key: str, render: dict[str, Callable[[Any], Any]]) -> Any:
    if key in render:
        return render[key](r.get(key))
    v = r.get(key)
    if isinstance(v, list):
        return "; ".join(map(str, v))
    return "" if v is None else str(v)


def _tsv(rows: list[dict[str, Any]], columns: list[tuple[str, str]], render: dict[str, Callable[[Any], Any]]) -> None:
    """Tab-separated: a header line, then one line per row, every value on one line, tabs as spaces,
    control characters shown (not run), nothing cut."""
    def clean(v: Any) -> str:
        text = v.plain if hasattr(v, "plain") else str(v)
        return for_terminal(text, one_line=True).replace("\t", " ")
    whole = {k: f for k, f in render.items() if not getattr(f, "cuts", False)}  # a pipe gets every word
    click.echo("\t".join(h for _, h in columns))
    for r in rows:
        click.echo("\t".join(clean(_cell(r, k, whole)) for k, _ in columns))


MIN_WIDE = 24


def column_widths(cells: list[list[str]], headers: list[str], wide: int | None, total: int) -> list[int]:
    """Widths for a table ``total`` characters wide (with rich's borders and padding: 3 per column
    and 1): each column as wide as its longest cell, never narrower than its header; the ``wide``
    column (index) takes the rest and stays the widest; others shrink (down to their header) when
    room is short."""
    n = len(headers)
    room = total - (3 * n + 1)
    want = [max([len(headers[i])] + [len(c[i]) for c in cells]) for i in range(n)]
    widths = [min(w, 40) for w in want]
    if wide is None:
        while sum(widths) > room and max(widths) > 4:
            i = max(range(n), key=lambda k: widths[k] - len(headers[k]) if widths[k] > len(headers[k]) else -1)
            if widths[i] <= len(headers[i]):
                break
            widths[i] -= 1
        return widths
    others = [i for i in range(n) if i != wide]
    target = max(MIN_WIDE, int(room * 0.38))
    for floor in (10, 0):  # a date (10 characters) is cut only when nothing else can give room
        while room - sum(widths[i] for i in others) < min(target, want[wide]):
            shrinkable = [i for i in others if widths[i] > max(len(headers[i]), floor)]
            if not shrinkable:
                break
            i = max(shrinkable, key=lambda k: widths[k])
            widths[i] -= 1
    widths[wide] = max(len(headers[wide]), min(want[wide], room - sum(widths[i] for i in others)))
    # the quote stays the widest column whenever it has more to show than the others
    if want[wide] > max((widths[i] for i in others), default=0):
        cap = max(widths[wide] - 1, 1)
        for i in others:
            widths[i] = max(len(headers[i]), min(widths[i], cap))
    return widths


def _table(rows, columns, render, *, title: str, wide: str | None, console) -> None:
    from rich.table import Table
    from rich.text import Text

    keys = [k for k, _ in columns]
    headers = [h for _, h in columns]
    cells = [[_cell(r, k, render) for k in keys] for r in rows]
    plain = [[c.plain if isinstance(c, Text) else for_terminal(str(c), one_line=True) for c in row] for row in cells]
    wi = keys.index(wide) if wide in keys else None
    widths = column_widths(plain, headers, wi, console.width)
    table = Table(title=title or None, title_justify="left", show_lines=False, expand=False)
    for i, h in enumerate(headers):
        if i == wi:  # the quote wraps between words
            table.add_column(h, width=widths[i], overflow="fold")
        else:
            table.add_column(h, width=widths[i], no_wrap=True, overflow="ellipsis")
    for row, texts in zip(cells, plain):
        # data is never markup, and its control characters are shown, not run
        table.add_row(*[c if isinstance(c, Text) else Text(t) for c, t in zip(row, texts)])
    console.print(table)


def _short(n: int) -> Callable[[Any], str]:
    def cut(v: Any) -> str:
        s = " ".join(str(v or "").split())
        return s if len(s) <= n else s[: n - 1] + "…"
    cut.cuts = True  # type: ignore[attr-defined]  (TSV prints the whole value)
    return cut


def _escape(s: str) -> str:
    """A string from outside (a name, a reason) fit for a rich markup line: no markup, no control characters."""
    from rich.markup import escape

    return escape(for_terminal(s, one_line=True))


# -- ingest --------------------------------------------------------------------------------------

@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@DB_OPTION
@click.option("-w", "--workers", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Worker processes, each loading the pipeline once. With --engine ray: the number of "
                   "actors (1, the default, means one actor per CPU of the cluster).")
@click.option("--engine", default="local", show_default=True,
              help="local (processes on this machine) or ray (a Ray cluster, with the ray extra).")
@click.option("--address", default=None, help="Cluster address for --engine ray (default: start a local one).")
@click.option("--reanalyze", is_flag=True,
              help="Also analyse again the stored articles analysed with another newsgraph version or other "
                   "output-changing settings (their analysed_with differs from this run's).")
@click.option("--batch-size", default=16, show_default=True, help="Articles per spaCy batch.")
@click.option("--max-chars", default=None, type=click.IntRange(1, None),
              help="Longer articles are recorded as failures instead of analysed (the setting max_chars, "
                   "default 1,000,000).")
@click.option("--timeout", default=30.0, show_default=True,
              help="Seconds to wait for a database locked by another process.")
@click.option("--max-input-mb", default=20.0, show_default=True, type=click.FloatRange(0.001, None),
              help="Largest input read whole (a .txt/.html/feed file, a URL's response) and largest record "
                   "(a JSONL line, a WARC record's page), in MB after decompression; bigger ones are failures.")
@click.option("--read-timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, None),
              help="Seconds to read one input read whole, one record, or one URL (redirects and retries "
                   "included); slower ones are failures.")
@click.option("--follow-symlinks", is_flag=True,
              help="Follow symbolic links out of the given folders (by default they are failures, not read).")
@click.option("--json", "as_json", is_flag=True, help="Print the end summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[str, ...], db: str, workers: int, engine: str, address: str | None, reanalyze: bool,
           batch_size: int, max_chars: int | None, timeout: float, max_input_mb: float, read_timeout: float,
           follow_symlinks: bool, as_json: bool, quiet: bool) -> None:
    """Ingest PATHs (files, folders, http(s):// URLs) into the store, skipping what is already there.

    Reads .txt, .html/.htm, .jsonl, .warc/.warc.gz, RSS/Atom (.rss, .atom, .xml) and URLs. Every
    bad input is recorded in the `failures` table and the rest goes on. Safe to stop (Ctrl-C,
    kill) and rerun: stored articles are skipped before analysis. Exit code 0 when every input was
    stored (or already was), 1 when any failed, 2 when the database could not be written.
    """
    from newsgraph.cli import run_settings
    from newsgraph.engines import EngineError
    from newsgraph.ingest.guard import Limits
    from newsgraph.ingest.run import count_inputs, run_ingest
    from newsgraph.store import StoreError

    limits = Limits(max_bytes=int(max_input_mb * 1_000_000), seconds=read_timeout, follow_symlinks=follow_symlinks)
    err = _console(stderr=True)
    show_bar = not quiet
    # a known total only when it is cheap and exact (re-analysed stored articles come on top)
    total = count_inputs(list(paths), limits) if show_bar and paths and not reanalyze else None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    columns += [TimeElapsedColumn(), TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[counts]}")]
    bar = Progress(*columns, console=err, disable=not show_bar, transient=False)
    task = bar.add_task("ingest", total=total, rate="", counts="")
    t0 = time.perf_counter()
    last = [0.0]

    def progress(event: str, s) -> None:
        now = time.perf_counter()
        bar.advance(task, 1)
        if now - last[0] > 0.2:  # redraw the numbers a few times a second, not per article
            last[0] = now
            rate = s.analysed / (now - t0) if now > t0 else 0.0
            bar.update(task, rate=f"{rate:.1f} articles/s",
                       counts=f"{s.stored} stored · {s.duplicates} duplicates · {s.failed} failed")

    try:
        with bar:
            summary = run_ingest(engine, list(paths), db, settings=run_settings(max_chars=max_chars),
                                 workers=workers, address=address, reanalyze=reanalyze,
                                 progress=progress, batch_size=batch_size, timeout=timeout, limits=limits)
            last[0] = 0.0
            progress("done", summary)  # the final numbers on the bar
            bar.advance(task, -1)
    except StoreError as exc:
        err.print(f"[bold red]error:[/bold red] {_escape(str(exc))}")
        sys.exit(2)
    except EngineError as exc:
        err.print(f"[bold red]error:[/bold red] {_escape(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: everything stored so far is kept; rerun the same command to resume.")
        sys.exit(130)
    if as_json:
        click.echo(json_for_terminal(summary.to_dict()))
    if not as_json or err.is_terminal:
        _print_summary(err, summary)
    sys.exit(0 if summary.ok else 1)


def _print_summary(err, s) -> None:
    speed = f" ({s.articles_per_s:.1f} articles/s, {s.words_per_s:,.0f} words/s)" if s.analysed else ""
    line = (f"[bold green]{s.stored} stored[/bold green] · {s.duplicates} duplicates · "
            + (f"[bold red]{s.failed} failed[/bold red]" if s.failed else "0 failed")
            + (f" · {s.reanalysed} re-analysed" if s.reanalysed else "")
            + f" · {s.seconds:.1f} s{speed} → {_escape(s.db)}")
    err.print(line)
    if s.failures:
        err.print("[bold]failures[/bold] (all are in the `failures` table):")
        for f in s.failures[:10]:
            where = f"{f.origin}:{f.position}" if f.position is not None else f.origin
            err.print(f"  [red]✗[/red] {_escape(where)}: {_escape(f.reason)}")
        if s.failed > 10:
            err.print(f"  … and {s.failed - 10} more: sqlite3 {_escape(s.db)} 'SELECT origin, position, reason FROM failures'")


# -- queries -------------------------------------------------------------------------------------

@click.command()
@DB_OPTION
@click.option("--speaker", help="Speaker name (any spelling, part of it) or id.")
@click.option("--about", help="Words the quote is about (full-text search in the quote).")
@click.option("--place", help="A place mentioned in the quote's article (name, or GeoNames id).")
@click.option("--since", callback=_date, help="Published on or after YYYY[-MM[-DD]].")
@click.option("--until", callback=_date, help="Published on or before YYYY[-MM[-DD]].")
@click.option("--source", help="Part of the source (site, publisher, input file) or URL.")
@click.option("--article", "article_id", help="Only this article's quotes.")
@_fmt_options
def quotes(db, speaker, about, place, since, until, source, article_id, limit, offset, as_json, as_csv) -> None:
    """Who said what: quotes with speaker, date and article, newest first."""
    from newsgraph.store.queries import QuoteFilter, count_quotes, find_quotes, with_segments

    _range(since, until)
    conn = _open(db)
    f = QuoteFilter(speaker=speaker, about=about, place=place, since=since, until=until, source=source,
                    article_id=article_id, limit=limit, offset=offset)
    total = count_quotes(conn, f)
    rows = with_segments(conn, find_quotes(conn, f, total=(total, True)))
    title = f"quotes {offset + 1}–{offset + len(rows)} of {total}" if rows else ""
    _emit(rows, [("published", "date"), ("speaker", "speaker"), ("cue", "cue"), ("content", "quote"),
                 ("article_id", "article")],
          as_json=as_json, as_csv=as_csv, title=title, wide="content",
          empty="" if rows else _nothing(conn, "quotes", {"speaker": speaker, "about": about, "place": place,
                                                          "since": since, "until": until, "source": source,
                                                          "article": article_id}),
          render={"content": _short(400), "speaker": lambda v: v or "—", "cue": lambda v: v or ""})


@click.command()
@click.argument("query", required=False)
@DB_OPTION
@click.option("--type", "type_", help="PERSON, ORG, SOURCE ... ")
@_fmt_options
def speakers(query, db, type_, limit, offset, as_json, as_csv) -> None:
    """Speakers ranked by number of quotes, with roles, affiliations and other spellings.
    QUERY filters by any part of any spelling."""
    from newsgraph.store.queries import list_speakers

    conn = _open(db)
    rows = list_speakers(conn, q=query, limit=limit, offset=offset, type=type_)
    if not (as_json or as_csv):
        rows = [dict(r, described="; ".join((r["roles"] + r["affiliations"])[:3])) for r in rows]
    _emit(rows, [("id", "id"), ("name", "speaker"), ("quotes", "quotes"), ("articles", "articles"),
                 ("described", "described as"), ("aliases", "also written")],
          as_json=as_json, as_csv=as_csv, title="speakers", wide="described",
          empty="" if rows else _nothing(conn, "speakers", {"name": query, "type": type_}),
          render={"aliases": lambda v: "; ".join(v[:3])})


@click.command()
@click.argument("query", required=False)
@DB_OPTION
@click.option("--resolved", is_flag=True, help="Only places resolved to a GeoNames entry.")
@_fmt_options
def places(query, db, resolved, limit, offset, as_json, as_csv) -> None:
    """Places ranked by mentions, with GeoNames id and coordinates. QUERY filters by name."""
    from newsgraph.store.queries import list_places

    from newsgraph.gazetteer import feature_kind

    conn = _open(db)
    rows = list_places(conn, limit=limit, offset=offset, q=query, resolved_only=resolved)
    for r in rows:
        r["kind"] = feature_kind(r["feature_class"], r["admin1"])
    _emit(rows, [("name", "place"), ("kind", "kind"), ("country_code", "country"), ("admin1", "region"), ("lat", "lat"),
                 ("lon", "lon"), ("geonameid", "geonameid"), ("mentions", "mentions"), ("articles", "articles")],
          as_json=as_json, as_csv=as_csv, title="places",
          empty="" if rows else _nothing(conn, "places", {"name": query, "resolved": resolved}),
          render={"lat": lambda v: "" if v is None else f"{v:.4f}", "lon": lambda v: "" if v is None else f"{v:.4f}"})


@click.command()
@click.argument("text")
@DB_OPTION
@click.option("--kind", type=click.Choice(["article", "quote"]), help="Only articles or only quotes.")
@click.option("--speaker", help="Only quotes by this speaker.")
@click.option("--place", help="Only articles mentioning this place.")
@click.option("--since", callback=_date, help="Published on or after YYYY[-MM[-DD]].")
@click.option("--until", callback=_date, help="Published on or before YYYY[-MM[-DD]].")
@click.option("--source", help="Part of the source or URL.")
@_fmt_options
def search(text, db, kind, speaker, place, since, until, source, limit, offset, as_json, as_csv) -> None:
    """Full-text search over articles and quotes: all words must match; "quoted words" are a phrase;
    word* matches a prefix."""
    from newsgraph.store.queries import search as run_search

    _range(since, until)
    conn = _open(db)
    rows = run_search(conn, text, limit=limit, offset=offset, speaker=speaker, place=place, source=source,
                      since=since, until=until, kind=kind)
    empty = "" if rows else _nothing(conn, "articles or quotes", {"words": text, "kind": kind, "speaker": speaker,
                                                                  "place": place, "since": since, "until": until,
                                                                  "source": source})

    def mark(v: Any):  # the matched words (bracketed by the query) in bold
        import re

        from rich.text import Text

        out = Text()
        for i, part in enumerate(re.split(r"\[([^\[\]]*)\]", " ".join(str(v or "").split()))):
            out.append(for_terminal(part, one_line=True), style="bold yellow" if i % 2 else None)
        return out

    if as_json or as_csv:
        _emit(rows, [], as_json=as_json, as_csv=as_csv, title="", empty=empty)
        return
    _emit(rows, [("kind", "kind"), ("published", "date"), ("article_id", "article"), ("speaker", "speaker"),
                 ("snippet", "match")], as_json=False, as_csv=False, title=f"search: {_escape(text)}",
          empty=empty, wide="snippet", render={"snippet": mark, "speaker": lambda v: v or ""})


@click.command()
@click.argument("article_id")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the stored record as JSON.")
def show(article_id, db, as_json) -> None:
    """One article with its quotes (green), speakers (bold cyan) and cues (underlined) marked."""
    from newsgraph.store.queries import get_record, ids_like

    conn = _open(db)
    rec = get_record(conn, article_id)
    if rec is None:
        like = ids_like(conn, article_id, 5)
        hint = (f"; did you mean: {for_terminal(', '.join(like), one_line=True)}" if like
                else "; list them with `newsgraph search`")
        raise click.ClickException(f"no article {article_id!r} in {db}{hint}")
    if as_json:
        click.echo(json_for_terminal(rec.to_dict(), indent=2))
        return
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = _console()
    head = Text(for_terminal(rec.title or rec.id, one_line=True), style="bold")
    if not rec.title:
        head.append(" (untitled: named after its file)", style="dim italic")
    meta = for_terminal(" · ".join(x for x in (rec.published, rec.source, rec.author, rec.url) if x), one_line=True)
    body = Text(for_terminal(rec.text))  # same length: the offsets below still line up
    for q in rec.quotes:
        for s, e in (q.segments or [(q.start, q.end)]):
            body.stylize("green", s, e)
        if q.cue:
            body.stylize("underline", q.cue.start, q.cue.end)
        if q.speaker and q.speaker.start is not None:
            body.stylize("bold cyan", q.speaker.start, q.speaker.end)
    console.print(Panel(body, title=head, subtitle=Text(meta) if meta else None, subtitle_align="left"))
    if rec.quotes:
        t = Table(title="quotes", title_justify="left")
        for h in ("#", "speaker", "as written", "cue", "type", "quote"):
            t.add_column(h, overflow="fold", ratio=4 if h == "quote" else None, min_width=30 if h == "quote" else None)
        for i, q in enumerate(rec.quotes, 1):
            t.add_row(*(Text(for_terminal(c, one_line=True)) for c in (
                str(i), q.speaker.name if q.speaker else "—", q.speaker.text if q.speaker else "",
                q.cue.text if q.cue else "", q.type, _short(140)(q.text))))
        console.print(t)
    if rec.places:
        seen: dict[str, int] = {}
        for p in rec.places:
            seen[p.name or p.text] = seen.get(p.name or p.text, 0) + 1
        console.print("[bold]places:[/bold] " + ", ".join(f"{_escape(n)}" + (f" ×{c}" if c > 1 else "")
                                                            for n, c in seen.items()))
    console.print(f"[dim]analysed with newsgraph {_escape(rec.analysed_with or '?')} · {len(rec.quotes)} quotes · "
                  f"{len(rec.entities)} entities · {len(rec.places)} places · {len(rec.dates)} dates[/dim]")


# -- export --------------------------------------------------------------------------------------

@click.command()
@DB_OPTION
@click.option("--what", type=click.Choice(["quotes", "places", "speakers", "articles", "events", "statements"]), required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "geojson"]), default=None,
              help="Default: from the file name's extension, else jsonl.")
@click.option("-o", "--output", required=True, help="Output file (- for stdout, text formats).")
def export(db, what, fmt, output) -> None:
    """Export quotes, places, speakers, articles, events or statements as JSONL, CSV, Parquet, or places
    and events as GeoJSON (events with ACLED's column names)."""
    from newsgraph.export import ExportError, export as run_export

    if fmt is None:
        ext = output.rsplit(".", 1)[-1].lower() if "." in output else ""
        fmt = {"json": "geojson", "geojson": "geojson", "csv": "csv", "parquet": "parquet",
               "pq": "parquet"}.get(ext, "jsonl")
    try:
        n = run_export(_open(db), what, fmt, output)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    if output != "-":
        click.echo(f"{n} {what} → {output} ({fmt})", err=True)
