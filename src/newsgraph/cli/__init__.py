"""The ``newsgraph`` command: a thin click group; each command lives in a module of its own and is
imported only when it runs, so ``newsgraph --help`` and one-article runs start fast."""
from __future__ import annotations

import importlib

import click

from newsgraph import __version__

# command name -> "module:attribute"
COMMANDS = {
    "analyze": "newsgraph.cli.analyze:analyze",
    "eval": "newsgraph.cli.evaluate:eval_group",
    "ingest": "newsgraph.cli.corpus:ingest",
    "quotes": "newsgraph.cli.corpus:quotes",
    "speakers": "newsgraph.cli.corpus:speakers",
    "places": "newsgraph.cli.corpus:places",
    "search": "newsgraph.cli.corpus:search",
    "show": "newsgraph.cli.corpus:show",
    "export": "newsgraph.cli.corpus:export",
    "load": "newsgraph.cli.shards:load",
    "gazetteer": "newsgraph.cli.gazetteer:gazetteer",
    "serve": "newsgraph.cli.serve:serve",
    "demo": "newsgraph.cli.demo:demo",
    "doctor": "newsgraph.cli.doctor:doctor",
}


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context):
        from newsgraph.deps import MissingDependency

        try:
            return super().invoke(ctx)
        except MissingDependency as exc:  # a broken install, met at start-up or while working
            raise click.ClickException(str(exc)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if self._load(n) is not None)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        mod, attr = target.split(":")
        try:
            return getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError):  # a command whose module is not written yet
            return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
@click.pass_context
def main(ctx: click.Context) -> None:
    """newsgraph: who said what, about whom, where and when, from news articles, offline."""
    if ctx.invoked_subcommand != "doctor":  # doctor reports a broken install instead of stopping
        from newsgraph.deps import check_installed

        check_installed()
