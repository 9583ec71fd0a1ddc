"""The ``newsgraph`` command: a thin click group; each command lives in a module of its own and is
imported only when it runs, so ``newsgraph --help`` and one-article runs start fast."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import click

from newsgraph import __version__

if TYPE_CHECKING:
    from newsgraph.settings import Settings

# command name -> "module:attribute"
COMMANDS = {
    "analyze": "newsgraph.cli.analyze:analyze",
    "eval": "newsgraph.cli.evaluate:eval_group",
    "ingest": "newsgraph.cli.corpus:ingest",
    "quotes": "newsgraph.cli.corpus:quotes",
    "speakers": "newsgraph.cli.corpus:speakers",
    "places": "newsgraph.cli.corpus:places",
    "events": "newsgraph.cli.events:events",
    "search": "newsgraph.cli.corpus:search",
    "statements": "newsgraph.cli.statements:statements",
    "show": "newsgraph.cli.corpus:show",
    "export": "newsgraph.cli.corpus:export",
    "load": "newsgraph.cli.shards:load",
    "gazetteer": "newsgraph.cli.gazetteer:gazetteer",
    "serve": "newsgraph.cli.serve:serve",
    "demo": "newsgraph.cli.demo:demo",
    "doctor": "newsgraph.cli.doctor:doctor",
    "settings": "newsgraph.cli.doctor:settings_cmd",
}


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context):
        from newsgraph.deps import MissingDependency
        from newsgraph.settings import SettingError

        try:
            return super().invoke(ctx)
        except MissingDependency as exc:  # a broken install, met at start-up or while working
            raise click.ClickException(str(exc)) from None
        except SettingError as exc:  # a bad value in the environment or on the command line
            raise click.UsageError(str(exc)) from None

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
@click.option("--setting", "-s", "setting_pairs", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Set a setting for this run (`newsgraph settings` lists them), over its NEWSGRAPH_* variable.")
@click.pass_context
def main(ctx: click.Context, setting_pairs: tuple[tuple[str, str], ...]) -> None:
    """newsgraph: who said what, about whom, where and when, from news articles, offline."""
    if ctx.invoked_subcommand != "doctor":  # doctor reports a broken install instead of stopping
        from newsgraph.deps import check_installed

        check_installed()
    from newsgraph.settings import Settings

    # Built once, here: defaults, then the environment, then --setting; commands add their own flags.
    ctx.obj = {"settings": Settings.resolve(dict(setting_pairs), flag_source="--setting")}


def run_settings(**flags) -> "Settings":
    """This run's settings (built by ``main``) with a command's own flags (None: not given) on top."""
    from newsgraph.settings import Settings

    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().obj if ctx is not None else None
    base = root["settings"] if isinstance(root, dict) and "settings" in root else Settings.resolve()
    given = {k: v for k, v in flags.items() if v is not None}
    if not given:
        return base
    source = "--" + next(iter(given)).replace("_", "-") if len(given) == 1 else "command line"  # '--max-chars'
    return base.replace(source=source, **given)
