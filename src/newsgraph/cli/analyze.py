"""``newsgraph analyze``: one article (txt, html, stdin) or a JSONL batch -> JSON records."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsgraph.record import Article, Failure


def _one_article(src: str) -> Article | Failure:
    from newsgraph.ingest import read_path, suffix_of
    from newsgraph.ingest.files import article_from_html, decode_bytes

    if src == "-":
        text = decode_bytes(sys.stdin.buffer.read())
        if text is None:
            return Failure(origin="<stdin>", reason="binary or undecodable input: not text")
        if text.lstrip()[:1] == "<" and "<html" in text[:2000].lower():
            return article_from_html(text, origin="<stdin>", id="stdin")
        return Article(id="stdin", text=text, source="<stdin>")
    items = list(read_path(Path(src)))
    if suffix_of(Path(src)) in (".jsonl", ".ndjson") and len(items) != 1:
        return Failure(origin=src, reason="a JSONL file with several lines needs -o OUT.jsonl (batch mode)")
    return items[0] if items else Failure(origin=src, reason="no article found")


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write JSONL records here (batch mode for a .jsonl input).")
@click.option("--published", help="Publication date YYYY-MM-DD for a single article (anchors relative dates).")
@click.option("--batch-size", default=16, show_default=True, help="Articles per spaCy batch.")
@click.option("--pretty/--compact", default=False, help="Indent the JSON of a single record.")
def analyze(source: str, output: str | None, published: str | None, batch_size: int, pretty: bool) -> None:
    """Analyse FILE (.txt, .html, .jsonl) or - (stdin) into JSON records of quotes, entities, places, dates.

    One article prints one JSON record; a JSONL batch (-o OUT.jsonl) writes one line per input
    line, in order, with {"id", "error"} for a line that could not be analysed.
    """
    from newsgraph.pipeline import default_pipeline

    is_batch = source != "-" and Path(source).suffix.lower() in (".jsonl", ".ndjson")
    if is_batch and output:
        _batch(source, output, batch_size)
        return
    item = _one_article(source)
    if isinstance(item, Failure):
        raise click.ClickException(f"{item.origin}: {item.reason}")
    if published:
        item.published = published
    result = next(default_pipeline().analyze_many([item]))
    if isinstance(result, Failure):
        raise click.ClickException(f"{source}: {result.reason}")
    data = json.dumps(result.to_dict(), ensure_ascii=False, indent=2 if pretty else None)
    if output:
        Path(output).write_text(data + "\n", encoding="utf-8")
    else:
        click.echo(data)


def _batch(source: str, output: str, batch_size: int) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from newsgraph.ingest.files import read_jsonl
    from newsgraph.pipeline import default_pipeline

    path = Path(source)
    if not path.exists():
        raise click.ClickException(f"{source}: no such file")
    total = sum(1 for line in path.open("rb") if line.strip())
    ok = failed = 0
    # Reader failures (bad lines) flow through the pipeline in place, so output order == input order.
    results = default_pipeline().analyze_many(read_jsonl(path), batch_size=batch_size)
    with open(output, "w", encoding="utf-8") as out, Progress(
            TextColumn("[bold]analyze"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[counts]}"), console=_stderr_console()) as bar:
        task = bar.add_task("analyze", total=total, counts="")
        for rec in results:
            if isinstance(rec, Failure):
                failed += 1
            else:
                ok += 1
            out.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
            bar.update(task, advance=1, counts=f"{ok} ok, {failed} failed")
    click.echo(f"{ok} analysed, {failed} failed -> {output}", err=True)
    if failed and not ok:
        sys.exit(1)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
