"""Response shapes of the JSON API: they document the OpenAPI schema and check what we send."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Problem(BaseModel):
    detail: str


class FieldError(BaseModel):
    loc: list[str]
    msg: str
    type: str


class ValidationProblem(Problem):
    """A parameter that does not fit its type or bounds: ``detail`` says which and why."""
    errors: list[FieldError]


class Stats(BaseModel):
    articles: int
    words: int
    sources: int
    first_published: str | None
    last_published: str | None
    quotes: int
    attributed_quotes: int
    speakers: int
    places: int
    place_mentions: int
    dates: int


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    url: str | None
    published: str | None
    source: str | None
    author: str | None
    word_count: int | None
    quotes: int
    places: int
    href: str


class QuoteOut(BaseModel):
    id: int
    article_id: str
    start: int
    end: int
    text: str  # the span as written, with any narration an interruption put inside it
    content: str  # the quoted words only: the pieces joined with " … " (README "The record")
    type: str
    speaker: str | None
    speaker_text: str | None
    speaker_id: int | None
    cue: str | None
    title: str | None  # the article's
    published: str | None
    source: str | None
    url: str | None
    href: str  # the article page, at this quote's anchor


class SpeakerSummary(BaseModel):
    id: int
    name: str
    type: str | None
    quotes: int
    articles: int
    first_seen: str | None
    last_seen: str | None
    roles: list[str]
    affiliations: list[str]
    aliases: list[str]
    href: str


class ArticleRef(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    href: str


class SpeakerOut(SpeakerSummary):
    quote_list: list["QuoteOut"]  # oldest first
    article_list: list[ArticleRef]


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None  # the URL of the next page, None on the last


class ArticlePage(Page):
    items: list[ArticleSummary]


class QuotePage(Page):
    items: list[QuoteOut]


class SpeakerPage(Page):
    items: list[SpeakerSummary]


class ArticleHit(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str
    href: str


class SearchOut(BaseModel):
    q: str
    limit: int
    offset: int
    articles_total: int
    articles: list[ArticleHit]
    articles_order: Literal["rank", "newest"]  # newest first when too many match to rank them all
    quotes_total: int
    quotes: list[QuoteOut]
    quotes_order: Literal["rank", "newest"]


class MonthCount(BaseModel):
    month: str
    n: int


class TimelineOut(BaseModel):
    quotes: list[MonthCount]
    articles: list[MonthCount]
    dates: list[MonthCount]
    events: list[MonthCount] = []  # by the event's own date (else its article's); empty without events


# --- the record (README "The record")
class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class SpeakerRef(SpanOut):
    name: str
    entity: str | None = None
    kind: str | None = None  # person | organisation | group | unnamed
    role: str | None = None
    affiliation: str | None = None


class RecordQuote(SpanOut):
    type: str
    segments: list[list[int]] | None = None
    content: str | None = None
    speaker: SpeakerRef | None
    cue: SpanOut | None
    events: list[int] | None = None  # the events this quote states (indexes into the record's events)


class RecordEntity(BaseModel):
    id: str
    name: str
    type: str | None
    mentions: list[SpanOut]
    descriptors: list[str]


class RecordPlace(SpanOut):
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str | None
    feature_class: str | None
    admin1: str | None = None
    kind: str | None = None  # country | region | district | town | village | water | area | continent | street


class RecordDate(SpanOut):
    value: str | None
    granularity: str | None


class EventActorOut(SpanOut):
    entity: str | None = None


class EventPlaceOut(SpanOut):
    geonameid: int | None
    lat: float | None
    lon: float | None


class EventDateOut(SpanOut):
    value: str | None


class ReportedByOut(BaseModel):
    name: str
    entity: str | None = None
    quote: int | None = None


class RecordEvent(SpanOut):
    trigger: SpanOut
    type: str | None  # ACLED sub-event type
    category: str | None  # ACLED event type
    plover: str | None
    pentaclass: str | None
    source: EventActorOut | None = None
    target: EventActorOut | None = None
    place: EventPlaceOut | None = None
    date: EventDateOut | None = None
    fatalities: int | None = None
    reported_by: ReportedByOut | None = None


class RecordOut(BaseModel):
    id: str
    title: str | None
    url: str | None
    published: str | None
    source: str | None
    author: str | None
    analysed_with: str | None
    text: str
    quotes: list[RecordQuote]
    entities: list[RecordEntity]
    places: list[RecordPlace]
    dates: list[RecordDate]
    events: list[RecordEvent] = []


# --- GeoJSON
class PointGeometry(BaseModel):
    type: Literal["Point"]
    coordinates: list[float]  # [lon, lat]


class PlaceProperties(BaseModel):
    name: str | None
    geonameid: int | None
    country_code: str | None
    feature_class: str | None
    admin1: str | None
    mentions: int
    articles: int
    quotes_href: str  # /api/quotes filtered to the articles naming this place


class PlaceFeature(BaseModel):
    type: Literal["Feature"]
    geometry: PointGeometry | None
    properties: PlaceProperties


class PlaceCollection(BaseModel):
    type: Literal["FeatureCollection"]
    total: int
    limit: int
    offset: int
    features: list[PlaceFeature]



# --- events (/api/events)
class EventOut(BaseModel):
    id: int
    article_id: str
    event_index: int
    start: int
    end: int
    text: str
    trigger: str
    type: str | None
    category: str | None
    plover: str | None
    pentaclass: str | None
    fatalities: int | None
    source: str | None
    target: str | None
    place: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    event_date: str | None  # the event's own day or month, else the article's publication date
    reported_by: str | None
    reported_by_speaker_id: int | None
    published: str | None
    title: str | None
    href: str  # the article page, at the event
    trigger_start: int | None = None  # the trigger's offsets in the article's text (the map marks it)
    trigger_end: int | None = None
    article_source: str | None = None  # the outlet that published the article


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    items: list[EventOut]
