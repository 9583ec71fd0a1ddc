"""``newsgraph doctor``: is this install complete? The model, the gazetteer, every dependency."""
from __future__ import annotations

import sys

import click


@click.command("doctor")
def doctor() -> None:
    """Check the install: every dependency imported for real, HTML extraction, the spaCy model, the
    gazetteer index, and the optional extras (Ray, Chromium). Exit 1 when anything required fails."""
    from newsgraph.deps import doctor as run_checks

    bad = 0
    for c in run_checks():
        mark = "ok  " if c.ok else ("FAIL" if c.required else "--  ")
        bad += (not c.ok) and c.required
        click.echo(f"{mark} {c.what:<28} {c.detail}")
    if bad:
        click.echo(f"\n{bad} required check(s) failed: see the fixes above.", err=True)
        sys.exit(1)
    click.echo("\neverything required is installed and working.")


@click.command("settings")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per setting.")
def settings_cmd(as_json: bool) -> None:
    """Every setting with its value and where it came from (default, environment, --setting).
    Settings marked * change what an analysis outputs and are recorded in each record's analysed_with."""
    import json

    from newsgraph.cli import run_settings
    from newsgraph.settings import TABLE

    s = run_settings()
    for row in TABLE:
        value, source = getattr(s, row.name), s.sources.get(row.name, "default")
        if row.secret and value is not None:
            value = "(set)"
        if as_json:
            click.echo(json.dumps({"name": row.name, "value": value, "source": source, "env": row.env,
                                   "changes_output": row.changes_output, "choices": list(row.choices) or None,
                                   "help": row.help}))
            continue
        shown = "(none)" if value is None else json.dumps(value) if not isinstance(value, str) else value
        click.echo(f"{'*' if row.changes_output else ' '} {row.name:<20} {shown:<16} {source:<34} {row.help}")
