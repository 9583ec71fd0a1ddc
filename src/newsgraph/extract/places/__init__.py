"""Places: toponyms recognised in the text and resolved offline against the gazetteer.

Recognition does not trust spaCy's labels alone (the small model tags Kharkiv as PERSON and
Kramatorsk as PRODUCT). Every run of capitalised tokens is matched against the gazetteer (all of an
article's candidate names in one batched lookup, longest match first), and each match is kept or
dropped on its evidence: the NER label over it, a cue before it (``in``, ``near``, ``the town of``,
``east of``), a ``Town, State`` pair, how prominent the place is (country, region, large city), and
filters against person names (a surname seen in a full name, a title before it, the first word of a
person's name), common words, acronyms and the tails of longer names ("Taco Bell"). A name with weak
evidence is kept only when one of its namesakes lies near the article's other places ("battles for
Chasiv Yar" next to Kramatorsk). A place at the head of an institution's name counts ("Laurel County
High School", "the U.S. House"). Spans never include a leading "the" or a possessive ``'s``.

Since issue 17 the evidence is weighed by a trained scorer (``extract/place_scorer.py``, logistic
regression over named features, trained on the train part of LGL/TR-News/GeoVirus), within hard vetoes
(titles, acronyms, a place name opening an organisation's or outlet's name: 'The Lebanon Herald') and
guards (a minor town abroad that nothing in the article supports; a district named with its city lies
inside that city); names no exact key finds are looked up by a coarse romanisation key ('Nabatiyeh').
See docs/places.md.

Resolution picks one namesake per name and article: population and feature type as the prior, a
penalty for matching only an alternate name (Pokrovsk is an old name of Engels, Artemivsk of
Bakhmut), the ``Town, State`` pair, votes for the countries and first-level regions the article is
about, the distance to its unambiguous places, and mutual support between ambiguous names with
namesakes close together (Paris and Henry County, both in Tennessee). A state's own name stays the
state (Florida next to New York places), a country's name stays the country unless the article is
about a town of that name's own region (Lebanon among Boone County, Indiana towns), and a city beats
a same-named region around it (Kyiv). Names with no gazetteer entry are not emitted: coordinates are
never invented.

Cost: token data is read once as arrays, lookups are batched and cached per process, spatial
support uses a grid; time grows linearly with the text (benchmarks/bench_places.py).

Hand-over for later extractors: ``record.places`` (sorted by offset), which the entities extractor
types as GPE/LOC, and ``ctx.demonym_spans``, a people's adjectives it keeps as NORP.

The stages, one module each (``STAGES`` runs them in order over the ``_Article`` view):

- ``matching``: the token view, the NER entities by token, the gazetteer's matches (runs of
  capitalised tokens, longest match first, loose keys);
- ``cues``: the words before and after a name, datelines, 'Town, State' pairs and lists sharing a cue;
- ``evidence``: the rules' verdict per match (``VETOES``, then the ordered ``ACCEPT_RULES``) and one
  sense per article;
- ``scoring``: the trained scorer's verdicts and the features it reads;
- ``guards``: precision guards (organisation heads, names inside other names, ``VERDICT_GUARDS``, a
  loose spelling outside the article's countries, an obscure namesake abroad);
- ``narrowing``: the ordered ``NARROWING_RULES`` (a bare name is no river, a region word, a town word)
  and districts of cities;
- ``resolve``: one namesake per name, by the prior plus the ordered ``SCORE_TERMS``;
  ``support``: mutual support, home towns, weak names next to the article's places;
- ``streets``: a capitalised name ending in a street word ('a fire on Memphis Street'), placed at the
  town it lies in (setting place_streets);
- ``namesakes``: a namesake's prior and prominence, distances, containment; ``demonyms``: a people's
  adjectives (setting place_demonyms); ``words``: the word lists of ``words.tsv`` (package data).
"""
from __future__ import annotations

from newsgraph.extract import Context, extractor
from newsgraph.extract.place_scorer import get_scorer
from newsgraph.extract.places.cues import _list_cues, _town_state_pairs
from newsgraph.extract.places.demonyms import _demonyms
from newsgraph.extract.places.evidence import MAYBE, _accept, _one_sense_per_article, _person_tokens, _vetoed
from newsgraph.extract.places.guards import (_guard_verdicts, _loose_in_article, _no_obscure_namesake_abroad,
                                             _unit_in_the_article_regions)
from newsgraph.extract.places.matching import _Article, _entities, _find_matches, _Match, _take_unit_words, _Toks
from newsgraph.extract.places.namesakes import _strength
from newsgraph.extract.places.outlet import outlet_country
from newsgraph.extract.places.narrowing import _districts_of_cities, _narrow_namesakes
from newsgraph.extract.places.resolve import _region_hints, _resolve
from newsgraph.extract.places.scoring import _features, _scored
from newsgraph.extract.places.streets import _find_streets
from newsgraph.extract.places.support import _home_names, _near_kept
from newsgraph.gazetteer import get_gazetteer, place_kind
from newsgraph.record import Place

__all__ = ["COLLECT", "MAYBE", "STAGES", "_Match", "_Toks", "_features", "_no_obscure_namesake_abroad", "_strength",
           "extract_places"]

# Set by benchmarks/train_place_scorer.py: a list that receives (start, end, features, rule verdict) per match.
COLLECT: list | None = None


@extractor("places", needs=("ner",), produces=("places", "demonym_spans"))
def extract_places(ctx: Context) -> None:
    doc = ctx.doc
    if len(doc) == 0:
        return
    gaz = get_gazetteer()
    tk = _Toks(doc)
    matches = _find_matches(tk, gaz)
    if not matches and not ctx.settings.place_demonyms:
        return
    a = _Article(tk, doc, gaz, ctx.settings, matches)
    a.outlet_cc = outlet_country(ctx.record.url)
    for stage in STAGES:
        stage(a)
    places = []
    for m in a.kept:
        c = m.chosen
        if c is None:
            continue
        places.append(Place(start=m.cs, end=m.ce, text=ctx.record.text[m.cs:m.ce], name=c.name,
                            geonameid=c.geonameid, lat=c.lat, lon=c.lon, country_code=c.country_code,
                            feature_class=c.feature_class, admin1=c.admin1, kind=place_kind(c)))
    places.sort(key=lambda p: p.start)
    ctx.record.places = places
    # a demonym stays a NORP for the entities extractor: 'Russian' is not typed as the GPE Russia
    ctx.demonym_spans = frozenset((m.cs, m.ce) for m in a.demonyms)


# -- STAGES: run in order over one article ------------------------------------------------------------

def _read_entities(a: _Article) -> None:
    """The NER entity over each token, the words of multi-word person names ('Henry' after 'Chiquita
    Raquel Henry') and the article's lower-case words."""
    a.ents = _entities(a.doc)
    a.ent_of = [None] * (len(a.doc) + 1)
    for e in a.ents:
        for i in range(e.start, e.end):
            a.ent_of[i] = e
    a.persons = _person_tokens(a.ents, a.tk.texts)
    a.lower_words = {t for t in a.tk.texts if len(t) > 3 and t.islower()}


def _extend_names(a: _Article) -> None:
    """'born in Jackson Township': the span takes a unit word after a town's name (kept, once resolved,
    only in a region the article's other places are in)."""
    _take_unit_words(a.tk, a.matches)


def _link_names(a: _Article) -> None:
    """'Paris, Tennessee' pairs support both names; 'near Toretsk, Vuhledar and Kupiansk' lists share a cue."""
    _town_state_pairs(a.tk, a.matches)
    _list_cues(a.tk, a.matches, a.ent_of)


def _judge(a: _Article) -> None:
    """Each match's verdict ('Shelling hit Kharkiv overnight': a place): the rules', then the trained
    scorer's (setting place_scorer)."""
    vetoed = [_vetoed(a.tk, m, a.ent_of) for m in a.matches]
    a.verdicts = [_accept(a.tk, m, a.ent_of, a.persons, a.lower_words, v) for m, v in zip(a.matches, vetoed)]
    scorer = get_scorer(enabled=a.settings.place_scorer)
    if scorer is not None or COLLECT is not None:
        a.verdicts = _scored(a.tk, a.matches, a.verdicts, a.ent_of, a.persons, a.lower_words, scorer, COLLECT,
                             vetoed)


def _resolve_places(a: _Article) -> None:
    """The places (a loose spelling only in the article's countries), resolved together ('Paris,
    Tennessee' is the Tennessee town), home towns ('Paris firefighters') included."""
    a.kept = _loose_in_article(a.matches, a.verdicts, True)
    a.home, a.local = _home_names(a.tk, a.kept)
    a.hints = _region_hints(a.matches, a.kept)
    _resolve(a.kept, a.home, a.local, a.outlet_cc, a.hints)


def _weak_names_near_places(a: _Article) -> None:
    """'battles for Chasiv Yar' next to Kramatorsk: a weak (MAYBE) name with a namesake near the
    article's places joins them, and all are resolved again."""
    memo: dict = {}
    maybe = [m for m in _loose_in_article(a.matches, a.verdicts, MAYBE) if _near_kept(m, a.kept, memo)]
    if maybe:
        a.kept = sorted(a.kept + maybe, key=lambda m: m.start)
        for m in a.kept:
            m.chosen = None
        _resolve(a.kept, a.home, a.local, a.outlet_cc, a.hints)


def _drop_obscure_namesakes_abroad(a: _Article) -> None:
    """'Ali Rizkallah, known as Al-Savana' in a Sudan story is no town in Georgia, a club in 'Petrojet
    beat Ismaili in Suez' no town in Azerbaijan."""
    a.kept = _unit_in_the_article_regions(_no_obscure_namesake_abroad(a.tk, a.kept))


def _find_districts(a: _Article) -> None:
    """'the Shevchenkivskyi district of Zaporizhzhia' lies inside that city."""
    a.kept = _districts_of_cities(a.tk, a.matches, a.kept)


def _add_demonyms(a: _Article) -> None:
    """'Russian troops' names Russia, when the setting place_demonyms asks (never inside a place found)."""
    if not a.settings.place_demonyms:
        return
    taken = [False] * len(a.doc)
    for m in a.kept:
        for t in range(m.start, m.end):
            taken[t] = True
    a.demonyms = _demonyms(a.tk, a.ent_of, taken, a.gaz)
    a.kept = sorted(a.kept + a.demonyms, key=lambda m: m.start)


STAGES = (_read_entities, _extend_names, _link_names, _judge, _guard_verdicts, _narrow_namesakes, _one_sense_per_article,
          _resolve_places, _weak_names_near_places, _drop_obscure_namesakes_abroad, _find_districts, _find_streets,
          _add_demonyms)
