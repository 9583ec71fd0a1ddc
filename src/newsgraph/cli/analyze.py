"""``newsgraph analyze``: one article (txt, html, stdin) or a JSONL batch -> JSON records.

Bad input never ends in a traceback: a single article that cannot be read or analysed gives a
one-line error naming the input and exit code 1; in a batch it becomes an error record in its
place (same id, same order) and the batch goes on.
"""
from __future__ import annotations

import contextlib
import re
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterator

import click

from newsgraph.inert import for_terminal, json_for_terminal
from newsgraph.record import Article, Failure

if TYPE_CHECKING:
    from newsgraph.pipeline import Pipeline

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _one_line(reason: str) -> str:
    return " ".join(str(reason).split())


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype html" in head or "<body" in head)


def _one_article(src: str) -> Article | Failure:
    from newsgraph.ingest import read_path, suffix_of
    from newsgraph.ingest.files import article_from_html, decode_bytes

    if src == "-":
        data = sys.stdin.buffer.read()
        if not data.strip():
            return Failure(origin="<stdin>", reason="empty input: no text to analyse")
        text = decode_bytes(data)
        if text is None:
            return Failure(origin="<stdin>", reason="binary or undecodable input: not text")
        if _looks_like_html(text):
            return article_from_html(text, origin="<stdin>", id="stdin")
        return Article(id="stdin", text=text, source="<stdin>")
    path = Path(src)
    if path.is_dir():
        return Failure(origin=src, reason="is a directory; use `newsgraph ingest` for folders")
    items = list(read_path(path))
    if suffix_of(path) in (".jsonl", ".ndjson") and len(items) != 1:
        return Failure(origin=src, reason="a JSONL file with several lines is a batch (use --jsonl or -o OUT.jsonl)")
    return items[0] if items else Failure(origin=src, reason="no article found")


def _check_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        if not _DAY.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write here instead of stdout (JSONL for a batch).")
@click.option("--published", callback=_check_published,
              help="Publication date YYYY-MM-DD for a single article (anchors relative dates).")
@click.option("--jsonl", "force_jsonl", is_flag=True,
              help="Read the input as a JSONL batch (for stdin or a file without the .jsonl suffix).")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1, 1024),
              help="Articles per spaCy batch.")
@click.option("--max-chars", type=click.IntRange(1, None), default=None,
              help="Refuse articles longer than this (default 1,000,000 characters).")
@click.option("--pretty/--compact", default=False, help="Indent the JSON of a single record.")
def analyze(source: str, output: str | None, published: str | None, force_jsonl: bool, batch_size: int,
            max_chars: int | None, pretty: bool) -> None:
    """Analyse FILE (.txt, .html, .jsonl) or - (stdin) into JSON records of quotes, entities, places, dates.

    One article prints one JSON record; a JSONL batch writes one line per input line, in order,
    with {"id", "error", ...} for a line that could not be analysed; progress goes to stderr.
    Exit code 0 when everything was analysed, 1 when the article (or any line of a batch) failed.
    """
    try:
        is_batch = force_jsonl or (source != "-" and Path(source).suffix.lower() in (".jsonl", ".ndjson"))
        if is_batch:
            failed = _batch(source, output, batch_size, max_chars)
            if failed:
                sys.exit(1)
            return
        _single(source, output, published, max_chars, pretty)
    except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
        raise
    except BrokenPipeError:  # `newsgraph analyze ... | head`: the reader left, nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        sys.exit(1)
    except Exception as exc:  # last resort: a one-line error, never a traceback
        raise click.ClickException(f"{source}: {exc.__class__.__name__}: {_one_line(str(exc))}") from None


@contextlib.contextmanager
def _pipeline(max_chars: int | None) -> Iterator["Pipeline"]:
    """The process's pipeline, with this run's settings (``--max-chars`` on top)."""
    from newsgraph.cli import run_settings
    from newsgraph.pipeline import default_pipeline

    yield default_pipeline(run_settings(max_chars=max_chars))


def _single(source: str, output: str | None, published: str | None, max_chars: int | None, pretty: bool) -> None:
    item = _one_article(source)
    name = "<stdin>" if source == "-" else source
    if isinstance(item, Failure):
        raise click.ClickException(f"{name}: {for_terminal(_one_line(item.reason), one_line=True)}")
    if published:
        item.published = published
    with _pipeline(max_chars) as pipe:
        pipe.progress = StageReporter(name)  # a line per stage on stderr once the article takes long
        try:
            result = next(pipe.analyze_many([item]))
        finally:
            pipe.progress = None
    if isinstance(result, Failure):
        raise click.ClickException(f"{name}: {for_terminal(_one_line(result.reason), one_line=True)}")
    data = json_for_terminal(result.to_dict(), indent=2 if pretty else None)
    if output:
        try:
            Path(output).write_text(data + "\n", encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{output}: cannot write: {exc.strerror or exc}") from None
    else:
        click.echo(data)


class StageReporter:
    """Told each stage of one article's analysis; once the article has taken ``after`` seconds,
    prints "analyze: NAME: STAGE (12 s)" on stderr for each stage (at most one line a second), so
    that a very large article shows it is working."""

    def __init__(self, name: str, after: float = 3.0, clock=time.monotonic, echo=None):
        self.name, self.after, self.clock = name, after, clock
        self.echo = echo or (lambda line: click.echo(line, err=True))
        self.start = clock()
        self.last = None

    def __call__(self, stage: str) -> None:
        now = self.clock()
        if now - self.start < self.after or (self.last is not None and now - self.last < 1.0):
            return
        self.last = now
        self.echo(f"analyze: {for_terminal(self.name, one_line=True)}: {stage} ({now - self.start:.0f} s)")


def _stdin_lines() -> Iterator[Article | Failure]:
    from newsgraph.ingest import read_stream
    from newsgraph.ingest.guard import Limits

    # a pipe may be slow to fill: no time limit per line here, only the size limit
    yield from read_stream(sys.stdin.buffer, "<stdin>", limits=Limits(seconds=float("inf")))


def _batch(source: str, output: str | None, batch_size: int, max_chars: int | None) -> int:
    """Analyse a JSONL batch; returns the number of failed lines."""
    from newsgraph.ingest import read_path
    from newsgraph.ingest.guard import count_lines

    if source == "-":
        items, total = _stdin_lines(), None
    else:
        path = Path(source)
        if not path.exists() or path.is_dir():
            raise click.ClickException(f"{source}: {'is a directory' if path.is_dir() else 'no such file'}")
        total = count_lines(path)  # bounded: a FIFO or an endless line cannot hang the count
        items = read_path(path, kind=".jsonl")  # every line through the readers' checks
    try:
        out: IO[str] = open(output, "w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write: {exc.strerror or exc}") from None
    ok = failed = 0
    progress = _Progress(total)
    try:
        with _pipeline(max_chars) as pipe:
            # Reader failures (bad lines) flow through the pipeline in place: output order == input order.
            for rec in pipe.analyze_many(items, batch_size=batch_size):
                data = rec.to_dict()
                if isinstance(rec, Failure):
                    failed += 1
                    data["error"] = _one_line(data["error"])
                else:
                    ok += 1
                out.write(json_for_terminal(data) + "\n")
                progress.update(ok, failed)
    finally:
        progress.close()
        if output:
            out.close()
        else:
            out.flush()
    click.echo(f"analyze: {ok} analysed, {failed} failed -> {output or '<stdout>'}", err=True)
    return failed


class _Progress:
    """A rich progress bar on an interactive stderr; otherwise a plain line every few seconds."""

    def __init__(self, total: int | None):
        self.total, self.last, self.bar = total, 0.0, None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("[bold]analyze"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                TextColumn("{task.fields[counts]}"), console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("analyze", total=total, counts="")

    def update(self, ok: int, failed: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=ok + failed, counts=f"{ok} ok, {failed} failed")
            return
        now = time.monotonic()
        if now - self.last >= 2.0 or (self.total and ok + failed == self.total):
            self.last = now
            of = f"/{self.total}" if self.total else ""
            click.echo(f"analyze: {ok + failed}{of} ({ok} ok, {failed} failed)", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
