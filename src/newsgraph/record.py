"""The contract: Article in, Record out, Failure for anything that could not be read or analysed.

Every consumer (the store, the web UI, exports, the evaluation) reads these shapes. Offsets are
Python ``str`` indices into ``Record.text``, which is exactly the analysed text.

The JSON form is produced by :meth:`Record.to_dict` and read back by :meth:`Record.from_dict`;
it is documented in README.md ("The record").
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

Span = tuple[int, int]


def text_problem(text: object, max_chars: int) -> str | None:
    """Why ``text`` cannot be analysed (not a str, empty, longer than ``max_chars``), or None.
    One wording for the pipeline and the engines, so a refusal reads the same wherever it happens."""
    if not isinstance(text, str):
        return f"text must be a str, not {type(text).__name__}"
    if not text.strip():
        return "empty text: nothing to analyse"
    if len(text) > max_chars:
        return (f"text too long ({len(text):,} chars > limit {max_chars:,}); "
                "split the article or raise the limit (--max-chars)")
    return None


def content_hash(text: str) -> str:
    """The identity of an analysed text (sha256 of its UTF-8, hex): the same text from two inputs is
    stored once. The one definition: the store, the ingest and the Parquet shards use this."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Article:
    """What an input reader produces: one piece of text to analyse, with its metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD (or a full ISO date-time; only the date is used)
    source: str | None = None  # site or publisher name, or the input file it came from
    author: str | None = None

    @property
    def content_hash(self) -> str:
        """Identity of the analysed content: the same text from two inputs is stored once."""
        return content_hash(self.text)


MAX_REASON_CHARS = 500  # a failure reason is cut here: an exception may carry megabytes of the input


def bounded_reason(reason: object, limit: int = MAX_REASON_CHARS) -> str:
    """A failure reason at most ``limit`` characters long (the one place reasons are cut)."""
    s = reason if isinstance(reason, str) else str(reason)
    return s if len(s) <= limit else s[: limit - 1] + "…"


@dataclass
class Failure:
    """A bad input: it is recorded, never raised out of a batch. Its reason is never longer than
    MAX_REASON_CHARS, however it is set."""

    origin: str  # file path or URL
    reason: str
    position: int | None = None  # line or record number inside the origin, 1-based
    id: str | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, bounded_reason(value) if name == "reason" else value)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "error": self.reason, "origin": self.origin}
        if self.position is not None:
            out["position"] = self.position
        return out


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Speaker:
    name: str  # canonical name of the person/organisation, or the unnamed-source phrase
    start: int  # the mention as written (may be a pronoun)
    end: int
    text: str
    entity: str | None = None  # Entity.id within the record
    # person | organisation | group | unnamed (a source the article does not name: 'a resident',
    # 'officials', or a pronoun nothing in the article resolves; its name is then UNNAMED)
    kind: str | None = None
    role: str | None = None  # 'director' of 'Ana Ruiz, the agency's director', when the article gives one
    affiliation: str | None = None  # 'International Atomic Energy Agency' (resolved) for the same


@dataclass
class Cue:
    start: int
    end: int
    text: str


@dataclass
class Quote:
    start: int
    end: int
    text: str
    type: str  # "direct" | "indirect" | "mixed"
    speaker: Speaker | None = None
    cue: Cue | None = None
    segments: list[Span] | None = None  # content pieces when an interruption splits the quote
    # the quoted words without the narration: the segments' texts joined with " … " (see quote_content)
    content: str | None = None
    events: list[int] | None = None  # indexes into Record.events of the events this quote states


# The name of a speaker the article gives no name for and that no rule could resolve (a pronoun
# such as 'she' with no antecedent): never the pronoun itself.
UNNAMED = "unnamed source"


def quote_content(text: str, quote: "Quote") -> str:
    """The quoted words without the narration. A quote split by an interruption (“A,” he said. “B.”)
    has ``segments``: their texts, each stripped of spaces and of the comma, colon or semicolon the
    cut left at its end, joined with " … " (the mark of words left out); otherwise ``quote.text``.

    >>> t = '“We are ready,” he said. “We will stay.”'
    >>> quote_content(t, Quote(1, 39, t[1:39], "direct", segments=[(1, 14), (26, 39)]))
    'We are ready … We will stay.'
    """
    if not quote.segments:
        return quote.text.strip()
    parts = []
    for k, (a, b) in enumerate(quote.segments):
        piece = text[a:b].strip()
        if k < len(quote.segments) - 1:
            piece = piece.rstrip(",;:\u2014\u2013- ").rstrip()
        if piece:
            parts.append(piece)
    return " \u2026 ".join(parts)


@dataclass
class Entity:
    id: str  # unique within the record, e.g. "e1"
    name: str  # canonical name (the longest full form in the article)
    type: str  # PERSON | ORG | GPE | LOC | NORP | UNIT | SOURCE (unnamed source phrase)
    mentions: list[Mention] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)  # "42", "drone operator", ...


@dataclass
class Place:
    start: int
    end: int
    text: str
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str | None
    feature_class: str | None
    admin1: str | None = None
    kind: str | None = None  # country, region, district, town, village, water, area, continent (gazetteer.place_kind)


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO 8601 date, month, year, or interval "a/b"; None when it can't be anchored
    granularity: str | None  # day | week | month | season | year | interval | None


@dataclass
class EventActor:
    """Who acted, or who or what it was done to: the words of the text, and the entity they name."""

    start: int
    end: int
    text: str
    entity: str | None = None  # Entity.id within the record


@dataclass
class EventPlace:
    start: int
    end: int
    text: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass
class EventDate:
    start: int
    end: int
    text: str
    value: str | None  # as DateMention.value


@dataclass
class ReportedBy:
    """The source that states an event: the speaker of the quote holding it, or 'according to X'."""

    name: str
    entity: str | None = None
    quote: int | None = None  # index into Record.quotes


@dataclass
class Event:
    """Who did what to whom, where and when, and who says so (newsgraph.extract.events)."""

    start: int  # the sentence or clause that states it
    end: int
    text: str
    trigger: Mention  # the word or words that name the event
    type: str | None  # ACLED sub-event type ("Armed clash", "Air/drone strike", ...) or None
    category: str | None  # ACLED event type ("Battles", ...) or None
    plover: str | None  # PLOVER event type (ASSAULT, FIGHT, DEMAND, ...)
    pentaclass: str | None  # statement | verbal_cooperation | material_cooperation | verbal_conflict | material_conflict
    source: EventActor | None = None
    target: EventActor | None = None
    place: EventPlace | None = None
    date: EventDate | None = None
    fatalities: int | None = None  # a number of dead the sentence states
    reported_by: ReportedBy | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        def sub(k: str, kind: type) -> Any:
            return kind(**d[k]) if d.get(k) else None
        return cls(start=d["start"], end=d["end"], text=d["text"], trigger=Mention(**d["trigger"]),
                   type=d.get("type"), category=d.get("category"), plover=d.get("plover"),
                   pentaclass=d.get("pentaclass"), source=sub("source", EventActor),
                   target=sub("target", EventActor), place=sub("place", EventPlace), date=sub("date", EventDate),
                   fatalities=d.get("fatalities"), reported_by=sub("reported_by", ReportedBy))


@dataclass
class Record:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    analysed_with: str | None = None  # newsgraph version that produced this record

    def __post_init__(self) -> None:
        for q in self.quotes:  # a record built with its quotes has their content from the start
            if q.content is None and isinstance(self.text, str):
                q.content = quote_content(self.text, q)

    @classmethod
    def for_article(cls, article: Article) -> "Record":
        return cls(id=article.id, text=article.text, title=article.title, url=article.url,
                   published=article.published, source=article.source, author=article.author)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for q, quote in zip(out["quotes"], self.quotes):
            if q["content"] is None:
                q["content"] = quote_content(self.text, quote)
            if q["segments"] is None:
                del q["segments"]
            else:
                q["segments"] = [list(s) for s in q["segments"]]
            if q["events"] is None:
                del q["events"]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        quotes = []
        for q in d.get("quotes") or []:
            sp, cue = q.get("speaker"), q.get("cue")
            segs = q.get("segments")
            quotes.append(Quote(
                start=q["start"], end=q["end"], text=q["text"], type=q.get("type", "direct"),
                speaker=Speaker(**sp) if sp else None, cue=Cue(**cue) if cue else None,
                segments=[tuple(s) for s in segs] if segs else None, content=q.get("content"),
                events=list(q["events"]) if q.get("events") else None))
        entities = [Entity(id=e["id"], name=e["name"], type=e["type"],
                           mentions=[Mention(**m) for m in e.get("mentions") or []],
                           descriptors=list(e.get("descriptors") or []))
                    for e in d.get("entities") or []]
        return cls(
            id=d["id"], text=d["text"], title=d.get("title"), url=d.get("url"),
            published=d.get("published"), source=d.get("source"), author=d.get("author"),
            quotes=quotes, entities=entities,
            places=[Place(**p) for p in d.get("places") or []],
            dates=[DateMention(**x) for x in d.get("dates") or []],
            events=[Event.from_dict(x) for x in d.get("events") or []],
            analysed_with=d.get("analysed_with"))


# -- the record's columns ------------------------------------------------------------------------
# One source of truth for the flat, stored form of a Record: the columns of each table, derived
# from the dataclasses above (a field added there is a column here). tests/test_columns.py checks
# the SQLite store (store/schema.py, besides the columns only the store assigns), the Parquet
# shards (engines/shards.py, besides their "seq") and the API's record models (web/models.py)
# against it.

def _names(cls: type, *, skip: tuple[str, ...] = (), rename: dict[str, str] | None = None,
           prefix: str = "") -> tuple[str, ...]:
    rename = rename or {}
    return tuple(rename.get(f.name, prefix + f.name) for f in fields(cls) if f.name not in skip)


COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": _names(Record, skip=("quotes", "entities", "places", "dates", "events")) + ("content_hash", "word_count"),
    "entities": ("article_id",) + _names(Entity, skip=("mentions",), rename={"id": "entity_id"}),
    "mentions": ("article_id", "entity_id") + _names(Mention),
    "quotes": (("article_id",) + _names(Quote, skip=("speaker", "cue", "events"))
               + _names(Speaker, prefix="speaker_") + _names(Cue, rename={"text": "cue"}, prefix="cue_")),
    "places": ("article_id",) + _names(Place),
    "dates": ("article_id",) + _names(DateMention),
    "failures": _names(Failure, rename={"id": "article_id"}),
    # one row per event; the quote that states it is reported_by_quote (its index in the record)
    "events": (("article_id", "event_index") + _names(Event, skip=("trigger", "source", "target", "place", "date",
                                                                   "reported_by"))
               + _names(Mention, rename={"text": "trigger"}, prefix="trigger_")
               + _names(EventActor, prefix="source_") + _names(EventActor, prefix="target_")
               + _names(EventPlace, prefix="place_") + _names(EventDate, prefix="date_")
               + _names(ReportedBy, prefix="reported_by_")),
}
