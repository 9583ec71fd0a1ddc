"""The article as the rules see it: named people and bodies with their mentions, in text order.

``Article`` indexes one record once (entities by id, every named mention with the descriptors beside
it, bodies the narration names that the model left untyped, aliases); ``Resolution`` is what a rule
returns. The helpers here are shared by several classes of rules: the body a phrase stands for,
a speaker's kind, the speakers of the quotes before, a gender an honorific gives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.extract.attribution.phrases import (
    BODY_REACH,
    _PHRASE_WORD,
    _families,
    _head,
    _kind_of_phrase,
    _looks_like_name,
    _modifiers,
    _proper_words,
    _role_part,
    _stem,
    _words,
    words,
)
from newsgraph.record import Entity, Quote, Record, Speaker


@dataclass
class Named:
    """Something the article names that can speak: a mention of it and what it is called."""

    start: int
    end: int
    name: str
    entity: str | None
    kind: str  # person | organisation | group
    descriptors: tuple[str, ...] = ()


class Article:
    """One record, indexed for the rules: named people and bodies with their mentions, in text order."""

    def __init__(self, record: Record):
        self.record = record
        self.text = record.text
        self.by_id: dict[str, Entity] = {e.id: e for e in record.entities}
        self.named: list[Named] = []
        self.person_ids: set[str] = set()  # entities the model typed otherwise that the article shows are people
        self.described: dict[str, list[tuple[str, int]]] = {}  # entity id -> (descriptor beside a mention, where)
        self._aliases: dict[str, Named] | None = None
        for e in record.entities:
            kind = _entity_kind(e)
            if kind is None:
                continue
            desc = tuple(e.descriptors)
            found = []
            for m in sorted(e.mentions, key=lambda m: m.start):
                extra = tuple(d for d in (_apposition_after(self.text, m.end), _title_before(self.text, m.start)) if d)
                self.described.setdefault(e.id, []).extend((d, m.start) for d in extra)
                found.append(Named(m.start, m.end, e.name, e.id, kind, desc + extra))
            if kind == "organisation" and _looks_like_name(e.name) \
                    and any(_families(_role_part(d), words().role) for n in found for d in n.descriptors):
                for n in found:  # 'the governor of Cabo Delgado, Amélia Nhantumbo' typed ORG by the model
                    n.kind = "person"
                self.person_ids.add(e.id)
            self.named.extend(found)
        taken = [(n.start, n.end) for n in self.named]
        sources = [(m.start, m.end, e.id) for e in record.entities if e.type == "SOURCE" for m in e.mentions]
        for b in self._bodies_in_text():
            if any(a < b.end and b.start < z for a, z in taken):
                continue  # the model typed it: its entity stands
            b.entity = next((i for a, z, i in sources if a <= b.start and b.end <= z), None)
            self.named.append(b)
        self.named.sort(key=lambda n: n.start)
        self.named = _join_split_names(self.text, self.named)
        self.lone_people = _lone_names_taken_up_as_people(self)  # 'Saree' typed ORG, taken up as 'he'
        self.person_ids |= self.lone_people

    def _bodies_in_text(self) -> list[Named]:
        """'the M23 rebels', 'Houthi rebels', 'Gaza's Hamas-run Civil Defence agency': a body noun
        whose phrase has a proper name in it, written in the narration (not typed by the model)."""
        out = []
        w = words()
        demonyms = {e.name for e in self.record.entities if e.type == "NORP"}
        for m in _body_heads().finditer(self.text):
            # walk back over the words right before the noun (bounded: linear in the text)
            lo = max(0, m.start() - 80)
            ws = list(_PHRASE_WORD.finditer(self.text, lo, m.start()))
            a, lower, proper = m.start(), 0, False
            for x in reversed(ws):
                gap = self.text[x.end():a]
                if gap.strip(" -\u2010\u2011"):
                    break  # punctuation: the phrase starts after it
                word = x.group()
                if _ends_sentence(word):
                    break  # 'Syria. The militia': the word before ends the sentence before
                if word[:1].isupper():
                    proper = True
                elif proper or lower >= 2 or word.lower() in ("the", "a", "an", "and", "of", "by", "in", "on", "said"):
                    break
                else:
                    lower += 1  # 'Russia's defence ministry': a few lowercase words after the name
                a = x.start()
            while a < m.start() and not self.text[a].isupper():  # drop lowercase words in front
                nxt = self.text.find(" ", a, m.start())
                a = m.start() if nxt < 0 else nxt + 1
            lead = re.match(r"(?:The|A|An)\s+", self.text[a:m.start()])
            if lead:
                a += lead.end()
            name = self.text[a:m.end()]
            if a >= m.start() or not _proper_words(name):
                continue
            pw = _proper_words(name)
            if m.group().lower() in _DESCRIBING_HEADS and len(pw) == 1 \
                    and (pw[0] in demonyms or pw[0].endswith(("ese", "ian", "ish"))):
                continue  # 'Sudanese group said': a description of a body, not its name
            kind = "group" if _families(m.group(), w.body) & {"rebels", "militia"} else "organisation"
            out.append(Named(a, m.end(), name, None, kind, ()))
        return out

    def aliases(self) -> dict[str, Named]:
        """'Hamdan Juma Idris, known as “Abu Shotal”' -> {'Abu Shotal': that person} (computed once)."""
        if self._aliases is None:
            self._aliases = {}
            for n in self.named:
                if n.kind == "person":
                    m = _ALIAS.match(self.text, n.end, min(len(self.text), n.end + 80))
                    if m and m.group(1) != n.name:
                        self._aliases.setdefault(m.group(1), n)
        return self._aliases

    def before(self, at: int, reach: int) -> list[Named]:
        """Named mentions that end before ``at`` within ``reach`` characters, the latest first."""
        return [n for n in reversed(self.named) if n.end <= at and at - n.end <= reach]


def _join_split_names(text: str, named: list[Named]) -> list[Named]:
    """One person the small model split in two ('Governor Oleksandr Prokudin' as the people 'Oleksandr'
    and 'Prokudin'): two person mentions one space apart are one name, known by the second entity
    (the surname the article goes on to use), with the descriptors of both."""
    out: list[Named] = []
    for n in named:
        a = out[-1] if out else None
        if a is not None and a.kind == "person" and n.kind == "person" and a.entity != n.entity \
                and text[a.end:n.start] == " " and " " not in a.name and not a.name.endswith(".") \
                and a.name.lower() not in _TITLE_SHORT:  # ('Brig.' the model took for a person is a title)
            out[-1] = Named(a.start, n.end, f"{a.name} {n.name}", n.entity or a.entity, "person",
                            a.descriptors + n.descriptors)
            continue
        out.append(n)
    return out


def _ends_sentence(word: str) -> bool:
    """Does a phrase word end the sentence before ('Syria.'), rather than abbreviate ('U.S.', 'Gen.',
    'Lt.', 'Brig.')? A final stop on a word of four letters or more with no other stop in it that is
    not a title's short form."""
    stem = word[:-1]
    return word.endswith(".") and "." not in stem and len(stem) >= 4 and stem.lower() not in _TITLE_SHORT


_DESCRIBING_HEADS = frozenset({"group", "organisation", "organization", "movement", "faction", "outfit"})


_TITLE_SHORT = frozenset({"brig", "capt", "prof", "sgt", "supt", "insp", "cmdr", "lieut", "gov", "gen", "col",
                          "maj", "sen", "rep", "hon", "dept", "corp", "assn"})


_HE_SHE = ("he", "she")
_PRONOUN_WORDS = ("he", "she", "it", "they", "who", "we", "i")


def _lone_names_taken_up_as_people(art: "Article") -> set[str]:
    """One-word names the model typed as organisations that the article takes up as a person: the
    name speaks, the next quote's speaker is a 'he' / 'she' nothing resolved, and no named person
    speaks anywhere in the article (so the pronoun has no one else to stand for).

    'Speaking at a televised press briefing on Sunday, Saree said the rebels struck the ship. ¶ He noted
    that …' -> Saree is a person.
    """
    quotes = sorted((q for q in art.record.quotes if q.speaker is not None), key=lambda q: q.start)
    out: set[str] = set()
    w = words()
    for p, q in zip(quotes, quotes[1:]):
        ps, sp = p.speaker, q.speaker
        e = art.by_id.get(ps.entity or "")
        if e is None or e.type != "ORG" or " " in e.name or not e.name[:1].isupper() or e.name.isupper() \
                or e.name.lower() in w.platform or _families(e.name, w.body) or _families(e.name, w.role):
            continue
        if sp.text.strip().lower() in _HE_SHE and sp.name.strip().lower() in _HE_SHE \
                and q.start - p.end <= 300:
            out.add(e.id)
    if out and any((x.speaker.entity or "") in art.by_id and art.by_id[x.speaker.entity].type == "PERSON"
                   and x.speaker.text.strip().lower() not in _PRONOUN_WORDS for x in quotes):
        return set()  # a named person speaks: 'he' may be that one
    return out


@lru_cache(maxsize=1)
def _body_heads() -> re.Pattern:
    forms = sorted((f for f in words().body if " " not in f), key=len, reverse=True)
    return re.compile(r"\b(?i:" + "|".join(forms) + r")\b")


def _entity_kind(e: Entity) -> str | None:
    if e.type == "PERSON":
        return "person"
    if e.type in ("ORG", "UNIT"):
        return "organisation"
    if e.type == "NORP":
        return "group"
    if e.type == "SOURCE" and _looks_like_name(e.name):
        return "person"
    return None


_APPOS_AFTER = re.compile(r",\s+((?:the|a|an)\s+[^,.;:\n\"\u201c\u201d()]{2,80}?|[^,.;:\n\"\u201c\u201d()]{2,60}?)"
                          r"(?=\s*(?:[,.;:\n(]|\s+(?:said|says|told|added|wrote|warned|stated|noted)\b))")
_PLAIN_WORD = re.compile(r"[\w'\u2019&-]+")
_ROLE_OF_BEFORE = re.compile(r"((?:the|a|an)\s+(?:[\w'\u2019-]+\s+){0,3}?[\w-]+\s+(?:of|for)\s+(?:the\s+)?"
                             r"[A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|of|and|for))*),\s*$")


def _apposition_after(text: str, end: int) -> str | None:
    """'Ana Ruiz, the agency's director, said' -> "the agency's director"; 'the Sudan Doctors Network,
    a medical group that tracks …' -> 'a medical group': when it holds a role or a body word."""
    m = _APPOS_AFTER.match(text, end, min(len(text), end + 120))
    if m and (_families(m.group(1), words().role) or _families(_head(m.group(1)), words().body)):
        return m.group(1).strip()
    return None


# a capitalised title with its portfolio right before a name: 'Minister for Information', 'Minister of Defence'
_ROLE_FOR_BEFORE = re.compile(r"(?<![\w'\u2019-])(?:[A-Z][\w'\u2019-]*\s+){0,2}([A-Z][\w'\u2019-]*)\s+(?:for|of)\s+"
                              r"(?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+){1,3}$")


# a lower-case title with its service right before a name: 'director general of police', 'inspector general of police'
_ROLE_OF_LOWER_BEFORE = re.compile(r"(?<![\w'\u2019-])(?:[a-z][\w-]*\s+)?([a-z][\w-]*)\s+(?:of|for)\s+(?:the\s+)?"
                                   r"(?:police|army|staff|defence|defense|the army|security|intelligence)\s+$")


def _title_before(text: str, start: int) -> str | None:
    """'Kremlin spokesman Dmitry Voronin' -> 'Kremlin spokesman'; 'the agency's director, Ana Ruiz'
    -> "the agency's director"; 'the governor of Cabo Delgado, Amélia Nhantumbo' -> 'the governor of
    Cabo Delgado': the words right before a name that end with a role."""
    lo = max(0, start - 80)
    seg = text[lo:start]
    if seg.rstrip().endswith(","):  # (the anchored search is costly: only where it can match)
        m = _ROLE_OF_BEFORE.search(seg)
        if m and _families(_role_part(m.group(1)), words().role):
            return m.group(1)  # 'the governor of Cabo Delgado, Amélia Nhantumbo'
    m = _ROLE_FOR_BEFORE.search(seg)
    if m and _families(m.group(1), words().role):
        return m.group(0).strip()  # 'Federal Minister for Information Fawad Chaudhry'
    m = _ROLE_OF_LOWER_BEFORE.search(seg)
    if m and _families(m.group(1), words().role):
        return m.group(0).strip()  # 'director general of police S.P. Vaid'
    if seg.endswith(", "):
        seg = seg[:-2] + " "
    if not seg[-1:].isspace():
        return None
    # the last one to five words before the name, read from the right (linear, no backtracking)
    ws = []
    for w in reversed(seg.split()[-5:]):
        if not _PLAIN_WORD.fullmatch(w) and not (w.endswith(".") and w[:-1].lower() in _TITLE_SHORT):
            break  # (a title's short form stays: 'Gov. Awa Fonka Augustine')
        ws.append(w)
    ws.reverse()
    if not ws:
        return None
    role = words().role
    # the role word must come last (titles like 'Brig. Gen.' may follow it)
    k = len(ws)
    while k > 0 and (ws[k - 1][:1].isupper() and ws[k - 1].rstrip(".").lower() not in role):
        k -= 1
        if len(ws) - k > 3:
            return None
    if k == 0 or ws[k - 1].lower().rstrip(",").rstrip(".") not in role:
        return None
    j = k - 1
    while j > 0 and ws[j - 1].lower() not in ("said", "says", "told", "and", "by", "to", "with", "from", "of", "in", "on",
                                             "at", "as", "that", "when", "while") and not ws[j - 1].endswith((",", ":")):
        j -= 1
    phrase = " ".join(ws[j:k]).rstrip(",")
    return phrase or None


_ALIAS = re.compile(r"(?:,\s+|\s+\()(?:also\s+|better\s+|widely\s+)?(?:known|nicknamed|called)\s+as\s+"
                    r"[\"'\u201c\u2018]?([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})")


# -- resolutions --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Resolution:
    name: str
    entity: str | None
    kind: str


def _resolved_as(sp: Speaker, art: Article) -> Named | None:
    """The named thing a speaker already stands for, if its entity is a name."""
    e = art.by_id.get(sp.entity or "")
    if e is None:
        return None
    kind = _entity_kind(e)
    return Named(sp.start, sp.end, e.name, e.id, kind, tuple(e.descriptors)) if kind else None


def _previous_speakers(art: Article, q: Quote, quotes: list[Quote], reach: int) -> list[Speaker]:
    """Speakers of the quotes before ``q`` within ``reach`` characters, the latest first."""
    out = []
    for p in quotes:
        if p is q or p.speaker is None or p.start >= q.start:
            continue
        if q.start - p.end <= reach:
            out.append(p.speaker)
    return sorted(out, key=lambda s: -s.start)


def _same_body(a: str | None, b: str | None, art: Article, at: int) -> bool:
    """Can two affiliations be one body? Yes when either is missing or generic ('the bloc', 'the
    country'), or they share a distinctive word ('the country's atomic agency' and 'the agency'
    share 'agency')."""
    if not a or not b:
        return True
    w = words()
    wa = {_stem(x) for x in _words(a) if x not in w.generic}
    wb = {_stem(x) for x in _words(b) if x not in w.generic}
    if not wa or not wb:
        return True
    if wa & wb:
        return True
    ga = {x for x in _words(a) if x in ("bloc", "country", "nation", "state", "alliance", "union")}
    gb = {x for x in _words(b) if x in ("bloc", "country", "nation", "state", "alliance", "union")}
    # 'the bloc' and 'the EU': a generic body word on one side, a proper name on the other
    return bool(ga and _proper_words(b)) or bool(gb and _proper_words(a))


def _body_before(art: Article, phrase: str, at: int) -> Named | None:
    w = words()
    fams = _families(_head(phrase), w.body)
    if not fams:
        return None
    head = _head(phrase)
    mods = [_stem(m) for m in _modifiers(phrase)]
    literal, synonym = [], []
    for n in art.before(at, BODY_REACH):
        if n.kind == "person" and not _families(_head(n.name), w.body):
            continue  # (a body's name the small model typed as a person still counts: 'Israel Defense Forces')
        text = " ".join((n.name,) + n.descriptors + (art.text[n.start:n.end],))
        have = {_stem(x) for x in _words(text)}
        if not all(m in have for m in mods):
            continue
        if _stem(head) in have:
            literal.append(n)
        elif fams & _families(text, w.body):
            synonym.append(n)
    if literal:
        return literal[0]  # the body of that name named last
    # 'the military' for the Israel Defense Forces: only when the article names one such body before
    names = {n.name for n in synonym}
    others = {n.name for n in art.before(at, len(art.text))
              if (n.kind != "person" or _families(_head(n.name), w.body))
              and fams & _families(" ".join((n.name,) + n.descriptors), w.body)}
    if len(names) == 1 and names >= others:
        return synonym[0]
    return None


_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")


def _honorific_gender(art: Article, e: Entity) -> str | None:
    for m in e.mentions:
        h = _HONORIFIC.search(art.text[max(0, m.start - 6):m.start])
        if h:
            return "m" if h.group(1) == "Mr" else "f"
    return None


def _kind_of(sp: Speaker, art: Article) -> str:
    if sp.entity in art.person_ids:
        return "person"
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.name == sp.name:
        k = _entity_kind(e)
        if k is not None:
            return k
        if e.type == "GPE":
            return "organisation"  # 'Russia said': the state
    return _kind_of_phrase(sp.name)
