"""The article as the places rules read it: plain token arrays, the NER entities by token, and the
gazetteer's matches (every run of capitalised tokens, all candidate names looked up in one batch,
longest match first; a name no exact key finds by its coarse romanisation key)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, SENT_START

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.extract.places.words import ARABIC_ARTICLES, COMMON, CONNECT, words
from newsgraph.gazetteer import Candidate, loose_key, name_key

MAX_NGRAM = 6


@dataclass
class _Match:
    start: int  # token indices [start, end)
    end: int
    key: str
    cands: tuple[Candidate, ...]
    cs: int = 0  # character span
    ce: int = 0
    pair_with: "_Match | None" = None  # "Town, State": the container after the comma
    contained_by: list = field(default_factory=list)
    chosen: Candidate | None = None
    list_cue: int = 0  # the cue of the list it stands in ('near Toretsk, Vuhledar and Kupiansk')
    loose: bool = False  # found by its coarse romanisation key only ('Nabatiyeh' for 'Nabatieh')
    unit: bool = False  # a town's name with a unit word the span took ('Jackson Township', 'Quebec City')
    # answers of pure functions of this match that the rules ask for several times (see ``_of``)
    memo: dict = field(default_factory=dict, repr=False, compare=False)


class _Toks:
    """Plain lists of what the extractor reads per token (spaCy's Token objects are slow to make)."""

    __slots__ = ("text", "texts", "lower", "idx", "cap", "sent")

    def __init__(self, doc):
        self.text = text = doc.text
        arr = doc.to_array([IDX, LENGTH, SENT_START]).tolist() if len(doc) else []
        self.idx = [r[0] for r in arr]
        self.texts = [text[i:i + n] for i, n, _ in arr]
        self.lower = [t.lower() for t in self.texts]
        # capitalised, or an elided article before a capital: Côte d'Ivoire, Val d'Isère
        self.cap = [bool(t) and (t[0].isupper() or t[:1] in "dl" and t[1:2] in "'\u2019" and t[2:3].isupper())
                    for t in self.texts]
        self.sent = [r[2] == 1 for r in arr]  # 1 = starts a sentence (0/-1 otherwise or unparsed)

    def end(self, i: int) -> int:
        return self.idx[i] + len(self.texts[i])


class _Ent:
    """An entity as token bounds and label (``doc.ents`` walks every token on each access)."""

    __slots__ = ("start", "end", "label_")

    def __init__(self, start: int, end: int, label: str):
        self.start, self.end, self.label_ = start, end, label

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class _Article:
    """One article as the rules read it; the stages of ``extract_places`` fill in the rest in turn."""
    tk: _Toks
    doc: Any  # the spaCy Doc
    gaz: Any  # the Gazetteer
    settings: Any  # the run's Settings
    matches: list[_Match]
    ents: list[_Ent] = field(default_factory=list)
    ent_of: list = field(default_factory=list)  # the entity over each token (None elsewhere), one past the end
    persons: set[str] = field(default_factory=set)  # tokens of multi-word person names
    lower_words: set[str] = field(default_factory=set)  # lower-case words of the article (not names here)
    surnames: set[str] = field(default_factory=set)  # words after a first name or a middle initial ('Tyrise M. Bell')
    peoples: dict = field(default_factory=dict)  # demonym as written -> the place it names
    verdicts: list = field(default_factory=list)  # per match: True, MAYBE (None) or False
    kept: list[_Match] = field(default_factory=list)  # the places, resolved
    home: frozenset = frozenset()  # names used as a local paper uses its home town
    local: Counter = field(default_factory=Counter)  # how much the article shows each country (for home)
    demonyms: list[_Match] = field(default_factory=list)
    hints: Counter = field(default_factory=Counter)  # regions the names not taken for places point to
    outlet_cc: str | None = None  # the outlet's country, by its web address's country domain ('.co.uk': GB)


def _of(m: _Match, fn):
    """``fn(m.cands)`` for a pure function of a match's namesakes (``_strength``, ``_best_prior``),
    computed once per match and namesakes: the rules ask for it several times."""
    hit = m.memo.get(fn)
    if hit is not None and hit[0] is m.cands:
        return hit[1]
    v = fn(m.cands)
    m.memo[fn] = (m.cands, v)
    return v


def _entities(doc) -> list[_Ent]:
    if not len(doc) or not doc.has_annotation("ENT_IOB"):
        return []
    rows = doc.to_array([ENT_IOB, ENT_TYPE]).tolist()
    strings = doc.vocab.strings
    out: list[_Ent] = []
    cur = None
    for i, (iob, typ) in enumerate(rows):
        if iob == 3:  # B
            cur = _Ent(i, i + 1, strings[typ])
            out.append(cur)
        elif iob == 1 and cur is not None and cur.end == i:  # I
            cur.end = i + 1
        else:
            cur = None
    return out


def _runs(tk: _Toks) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, allowing name connectors between them."""
    runs, i, n = [], 0, len(tk.texts)
    cap, lower = tk.cap, tk.lower
    while i < n:
        if not cap[i]:
            i += 1
            continue
        j = i + 1
        while j < n:
            if cap[j]:
                if tk.sent[j]:
                    break
                j += 1
                continue
            # connector followed (possibly after more connectors) by a capitalised token
            k = j
            # (a capitalised connector is a name's own word: 'Davao del Sur', not 'del' + 'Sur' + ...)
            while k < n and k - j < 3 and not cap[k] and (lower[k] in CONNECT or lower[k] in ARABIC_ARTICLES
                                                          and k + 1 < n and tk.texts[k + 1] == "-"):
                k += 1
            if k > j and k < n and cap[k] and "\n" not in tk.text[tk.idx[j]:tk.idx[k]]:
                j = k
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _ngram_keys(tk: _Toks, runs: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The lookup key of every token span of up to MAX_NGRAM tokens inside a run that neither opens
    with a lower-case connector nor ends with one."""
    keys: dict[tuple[int, int], str] = {}
    lower, texts, n = tk.lower, tk.texts, len(tk.texts)
    for rs, re_ in runs:
        for s in range(rs, re_):
            if lower[s] in CONNECT and not tk.cap[s]:
                continue  # a name may open with a capitalised one: 'The Hague', 'El Fasher', 'La Paz'
            for e in range(s + 1, min(re_, s + MAX_NGRAM) + 1):
                if lower[e - 1] in CONNECT and not tk.cap[e - 1]:
                    continue  # (a capitalised one ends a name: 'Davao del Sur', 'Rio Grande do Sul')
                k = name_key(tk.text[tk.idx[s]:tk.end(e - 1)])
                keys[(s, e)] = k
                # "Ga." / "W.Va": an abbreviation's final dot may be its own token, or missing
                if e < n and texts[e] == "." and tk.end(e - 1) == tk.idx[e]:
                    keys[(s, e + 1)] = k + "."
    return keys


# 'St. Paul' and 'Saint Paul', 'Mt. Vernon' and 'Mount Vernon': one name written short or in full.
SHORT_FORMS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}
_FULL_FORMS = {v: k for k, v in SHORT_FORMS.items()}


def _other_form(key: str) -> str | None:
    """The key with its first word written the other way ('st paul' -> 'saint paul', 'mount vernon' ->
    'mt vernon'), or None."""
    head, sep, rest = key.partition(" ")
    other = SHORT_FORMS.get(head) or _FULL_FORMS.get(head)
    return f"{other} {rest}" if other and rest else None


def _short_and_full_forms(found: dict) -> dict:
    """'Police in St. Paul said', 'the Moscow Times of St. Petersburg': a town the gazetteer lists by its
    full name ('Saint Paul', 'Saint Petersburg') and knows by its short form only as an alternate name is
    matched by its own name when its first word is written short ('St.', 'Mt.', 'Ft.'), or the other way
    round: Saint Paul, Minnesota, not St. Paul, Alberta, whose own name happens to be the short form."""
    out = dict(found)
    for k, cands in found.items():
        o = _other_form(k)
        if o is None or all(c.is_name or c.feature_class != "P" for c in cands):
            continue
        out[k] = tuple(replace(c, is_name=True) if not c.is_name and c.feature_class == "P"
                       and name_key(c.name) == o else c for c in cands)
    return out


def _find_matches(tk: _Toks, gaz) -> list[_Match]:
    runs = _runs(tk)
    keys = _ngram_keys(tk, runs)
    found = _short_and_full_forms(gaz.lookup_many(set(keys.values())))
    # names no exact key finds: their coarse romanisation ('Nabatiyeh', 'Tal Rifaat', 'Deir Ezzor')
    lkeys = {k: loose_key(k) for k in set(keys.values()) if k not in found and _may_be_loose(k, gaz)}
    lfound = gaz.lookup_loose_many(lkeys.values())
    lfound = {lk: cs for lk, cs in ((lk, _loose_namesakes(cs)) for lk, cs in lfound.items()) if cs}
    matches = []
    for rs, re_ in runs:
        s = rs
        while s < re_:
            best = _longest_match(tk, s, re_, keys, found, lkeys, lfound)
            if best is None:
                s += 1
                continue
            s = best.end
            while best.start < best.end - 1 and tk.lower[best.start] == "the":
                best.start += 1
            if sum(ch.isalpha() for ch in best.key) >= 2:
                matches.append(best)
    for m in matches:
        m.cs, m.ce = tk.idx[m.start], tk.end(m.end - 1)
    return matches


ENGLISH_NAMED = words("english_named")
_PEOPLES: dict = {}


def _peoples(gaz) -> frozenset[str]:
    """The gazetteer's demonyms in lower case ('indian', 'syrians'), once per gazetteer."""
    got = _PEOPLES.get(id(gaz))
    if got is None:
        got = _PEOPLES[id(gaz)] = frozenset(f.lower() for f in gaz.demonyms())
    return got


def _may_be_loose(key: str, gaz) -> bool:
    """May a name no exact key finds be looked up by its coarse romanisation key? Not an abbreviation
    ('Ga.'), a people's word ('the Indian state' is not Yindian) nor a virus strain's 'A/Victoria/361/2011'."""
    return key[-1:] != "." and not any(ch.isdigit() or ch == "/" for ch in key) and key not in _peoples(gaz)


def _loose_namesakes(cands: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The namesakes a coarse romanisation key may stand for: 'Nabatiyeh' for Nabatieh, 'Tal Rifaat' for
    Tall Rif'at, but not 'Glennwood' for Glenwood or 'Redbud' for Red Bud: a place in a country that
    writes its names in English has one spelling (another is a different name or a misspelling)."""
    return tuple(c for c in cands if (c.country_code or "").lower() not in ENGLISH_NAMED)


def _longest_match(tk: _Toks, s: int, re_: int, keys: dict, found: dict, lkeys: dict, lfound: dict
                   ) -> _Match | None:
    """The longest name the gazetteer knows that starts at token ``s`` (inside the run ending at ``re_``)."""
    for e in range(min(re_ + 1, s + MAX_NGRAM + 1), s, -1):
        k = keys.get((s, e))
        if k and k in found:
            if e - s > 1 and tk.lower[e - 1] == "city" and keys.get((s, e - 1)) in found \
                    and not any(c.feature_class == "P" and c.is_name for c in found[k]):
                continue  # "Dublin City Council": the city is Dublin (but Mexico City is a city's name)
            return _Match(s, e, k, found[k])
        if k and lkeys.get(k) in lfound and not tk.lower[s] in COMMON:
            return _Match(s, e, k + "|loose", lfound[lkeys[k]], loose=True)
    return None


def _prev_words(tk: _Toks, i: int, n: int = 3) -> list[str]:
    """Up to ``n`` lower-case words before token ``i``, nearest first, skipping 'the'."""
    out = []
    j = i - 1
    while j >= 0 and len(out) < n:
        t = tk.lower[j]
        if t == "the":
            j -= 1
            continue
        out.append(t)
        j -= 1
    return out


def _ner_relation(tk: _Toks, m: _Match, ent_of: list) -> tuple[str | None, str]:
    """(label, relation) of the entity over the match: exact / inside / covers / partial / none (once
    per match and entity table)."""
    hit = m.memo.get(_ner_relation)
    if hit is not None and hit[0] is ent_of and hit[1] == m.start and hit[2] == m.end:
        return hit[3]
    out = _relation(tk, m, ent_of)
    m.memo[_ner_relation] = (ent_of, m.start, m.end, out)
    return out


def _relation(tk: _Toks, m: _Match, ent_of: list) -> tuple[str | None, str]:
    labels = [ent_of[i] for i in range(m.start, m.end)]
    ents = {id(e): e for e in labels if e is not None}
    if not ents:
        return None, "none"
    if len(ents) > 1:
        e = max(ents.values(), key=len)
    else:
        e = next(iter(ents.values()))
    es, ee = e.start, e.end
    # the entity with a leading "the" or a trailing possessive counts as the same span
    while es < ee and tk.lower[es] == "the":
        es += 1
    while ee > es and tk.texts[ee - 1] in ("'s", "'", "s"):
        ee -= 1
    if (es, ee) == (m.start, m.end):
        return e.label_, "exact"
    if es <= m.start and ee >= m.end:
        return e.label_, "inside"
    if m.start <= es and m.end >= ee:
        return e.label_, "covers"
    return e.label_, "partial"


UNIT_WORDS = words("unit_words")


def _take_unit_words(tk: _Toks, matches: list[_Match]) -> None:
    """'born in Jackson Township', 'Tewksbury Twp.', 'sister city of Quebec City': a town's name before a
    capitalised unit word the gazetteer does not list with it names the unit, so the span takes the word
    and keeps the town's namesakes (``guards._unit_in_the_article_regions`` then keeps it only in a
    first-level region the article's other places are in). 'Dublin City Council', 'London City airport'
    keep the bare name: a word after 'City' makes it part of an institution's name."""
    n = len(tk.texts)
    for m in matches:
        j = m.end
        if j >= n or not tk.cap[j] or tk.lower[j].rstrip(".") not in UNIT_WORDS or tk.sent[j] or m.loose:
            continue
        if tk.lower[j] == "city" and j + 1 < n and tk.texts[j + 1][:1].isalpha() \
                and tk.lower[j + 1] not in STOP_WORDS and not tk.sent[j + 1]:
            continue
        towns = tuple(c for c in m.cands if c.feature_class == "P" and c.is_name)
        if not towns:
            continue
        e = j + 1
        if tk.texts[j] == "Twp" and e < n and tk.texts[e] == "." and tk.idx[e] == tk.end(j):
            e += 1
        m.end, m.ce, m.cands, m.unit = e, tk.end(e - 1), towns, True
        m.key = f"{m.key} {tk.lower[j].rstrip('.')}"
