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
