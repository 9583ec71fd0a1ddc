"""``newsgraph load PARQUET_DIR --db newsgraph.db``: merge Parquet shards (made by the Ray engine,
here or on a cluster) into the SQLite store, through the same idempotent writer as ``ingest``."""
from __future__ import annotations

import sys

import click


@click.command()
@click.argument("parquet_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default="newsgraph.db", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite store to merge into (created when missing).")
@click.option("--reanalyze", "replace", is_flag=True,
              help="Rewrite articles already stored with the same text (default: keep the stored ones).")
@click.option("--progress/--no-progress", default=None, help="Progress on stderr [default: when a terminal].")
def load(parquet_dir: str, db: str, replace: bool, progress: bool | None) -> None:
    """Merge the Parquet shards in PARQUET_DIR (articles/, quotes/, ... failures/) into the store."""
    from newsgraph.engines.shards import load_dir
    from newsgraph.store import StoreError, connect

    if progress is None:
        progress = sys.stderr.isatty()

    def show(i: int, n: int) -> None:
        click.echo(f"\rload: part {i:,}/{n:,}", nl=(i == n), err=True)

    try:
        conn = connect(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        s = load_dir(parquet_dir, conn, replace=replace, progress=show if progress else None)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        conn.close()
    click.echo(f"{s.parts:,} parts: {s.stored:,} articles stored, {s.skipped:,} already stored, "
               f"{s.failures:,} failures recorded")
    for err in s.errors:
        click.echo(f"unreadable part {err}", err=True)
    if s.errors:
        sys.exit(1)
