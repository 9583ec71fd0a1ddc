"""Who is speaking: a pass after the quotes that settles the name behind every quote.

The quote extractor finds each quote's speaker mention and a first name for it (the entity the
mention belongs to, a pronoun's antecedent, or the unnamed-source phrase). Real reporting names
its speakers in ways one mention cannot settle: the role first and the name a paragraph later,
'the agency' for the body named a sentence before, 'it said' of a ministry, 'a statement' as if
paper spoke, two spellings of one name. This pass looks at the whole article and, for each quote,
tries the rules of ``RULES`` in order; the first that is sure decides. Then every speaker gets its
``kind`` (person | organisation | group | unnamed), ``role`` and ``affiliation`` when the article
gives them, and every quote its ``content`` (record.quote_content).

Trust rule: a rule that is not sure leaves the mention's own descriptor ('the agency's director')
rather than guess a person: a wrong name is worse than none. A pronoun is never a name: one that
nothing resolves is named ``record.UNNAMED``.

Word lists (roles, body nouns, documents, name particles) are data: ``speaker_words.tsv``.
Everything is one pass over the article's mentions per quote: linear in quotes x mentions, small.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

from newsgraph.extract import Context, extractor
from newsgraph.person_names import fold, gender_from_name
from newsgraph.record import UNNAMED, Cue, Entity, Quote, Record, Speaker, quote_content

PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i", "you", "who", "which", "that", "us",
            "me", "his", "its", "their"}
_PLURAL_PRONOUNS = {"they", "them", "we", "us"}
try:  # the nouns the sentence pass knows as people ('a teacher', 'the resident'), and their gender
    from newsgraph.extract.speakers import SOURCE_NOUN_GENDER as SOURCE_GENDER
    from newsgraph.extract.speakers import SOURCE_NOUNS as PERSON_WORDS
except ImportError:  # pragma: no cover - the module is being reorganised
    PERSON_WORDS, SOURCE_GENDER = frozenset(), {}
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*|\d[\w-]*")
_PHRASE_WORD = re.compile(r"[\w'\u2019&.]+(?:-[\w'\u2019&.]+)*")
_NAME_WORD = re.compile(r"[A-Z\u00c0-\u024f][\w'\u2019.-]*")
_ANONYMOUS = re.compile(r"anonymity|not to be (?:named|identified)|not authori[sz]ed|declined to be (?:named|identified)"
                        r"|did not want to be named|requesting anonymity|gave only (?:his|her) first name", re.I)
# how far back a body or a previous speaker is taken up ('the agency' one sentence after its name)
BODY_REACH = 3000
PRONOUN_REACH = 900
ROLE_REACH = 6000


@dataclass(frozen=True)
class Words:
    role: dict[str, frozenset[str]]  # form -> families
    body: dict[str, frozenset[str]]
    document: frozenset[str]
    report: frozenset[str]
    event: frozenset[str]
    generic: frozenset[str]
    particle: frozenset[str]


@lru_cache(maxsize=1)
def words() -> Words:
    role: dict[str, set[str]] = {}
    body: dict[str, set[str]] = {}
    doc: set[str] = set()
    report: set[str] = set()
    event: set[str] = set()
    generic: set[str] = set()
    particle: set[str] = set()
    for line in (Path(__file__).with_name("speaker_words.tsv")).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        forms = [f.strip().lower() for f in cols[1].split("|") if f.strip()]
        if cols[0] in ("role", "body"):
            table = role if cols[0] == "role" else body
            for f in forms:
                table.setdefault(f, set()).add(cols[2].strip())
        elif cols[0] == "document":
            doc.update(forms)
        elif cols[0] == "report":
            report.update(forms)
        elif cols[0] == "event":
            event.update(forms)
        elif cols[0] == "generic":
            generic.update(forms)
        elif cols[0] == "particle":
            particle.update(forms)
    return Words({k: frozenset(v) for k, v in role.items()}, {k: frozenset(v) for k, v in body.items()},
                 frozenset(doc), frozenset(report), frozenset(event), frozenset(generic), frozenset(particle))


# -- small text helpers ------------------------------------------------------------------------------

def _words(phrase: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(phrase)]


def _families(phrase: str, table: dict[str, frozenset[str]]) -> frozenset[str]:
    """Families of the role or body words in ``phrase`` ('foreign policy chief' -> head, diplomat)."""
    key = (phrase, id(table))
    got = _FAMILY_CACHE.get(key)
    if got is None:
        ws = _words(phrase)
        out: set[str] = set()
        for n in (3, 2, 1):
            for k in range(len(ws) - n + 1):
                out |= table.get(" ".join(ws[k:k + n]), frozenset())
        if len(_FAMILY_CACHE) > 50_000:
            _FAMILY_CACHE.clear()
        got = _FAMILY_CACHE[key] = frozenset(out)
    return got


_FAMILY_CACHE: dict[tuple[str, int], frozenset[str]] = {}


def _head(phrase: str) -> str:
    """'The head of the country's atomic agency' -> 'head'; 'the agency' -> 'agency': the last word
    before the first preposition or clause word."""
    ws = _words(phrase)
    for k, w in enumerate(ws[1:], 1):
        if w in ("of", "for", "in", "at", "with", "from", "on", "who", "which", "that", "close", "familiar"):
            return ws[k - 1]
    return ws[-1] if ws else ""


def _is_pronoun(s: str) -> bool:
    s = s.strip()
    return s.lower() in PRONOUNS and not (len(s) > 1 and s.isupper())  # 'WHO', 'US' are names


def _proper_words(phrase: str) -> list[str]:
    """Capitalised words of a phrase other than a sentence-initial article ('The Houthi rebels' -> Houthi)."""
    out = []
    for k, w in enumerate(_WORD.findall(phrase)):
        if k == 0 and w.lower() in ("the", "a", "an"):
            continue
        if _NAME_WORD.fullmatch(w) or (w[:1].isdigit() and any(c.isupper() for c in w)):
            out.append(w)
    return out


def _looks_like_name(phrase: str) -> bool:
    """'Ana Ruiz' (a name the model left untyped): two to four capitalised words, no article, no
    role or body word."""
    ws = phrase.split()
    w = words()
    return 2 <= len(ws) <= 4 and all(_NAME_WORD.fullmatch(x) or x.lower() in w.particle or "-" in x for x in ws) \
        and ws[0].lower() not in ("the", "a", "an") and not _families(phrase, w.role) \
        and not _families(phrase, w.body)


def _stem(w: str) -> str:
    w = w.lower().replace("\u2019", "'")
    w = re.sub(r"'s$", "", w)
    return w.replace("defence", "defense")[:6]


def _modifiers(phrase: str) -> list[str]:
    """The words of a body or role phrase that tell it from others ('the interior ministry' ->
    interior), without articles, generic words, the head and anything after it."""
    w = words()
    ws = _words(phrase)
    head = _head(phrase)
    out = []
    for x in ws:
        if x == head:
            break
        if x in w.generic or x.replace("\u2019", "'") in w.generic or x in w.role or x in w.body:
            continue
        out.append(x)
    return out


# -- the article, as the rules see it ----------------------------------------------------------------

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

    def _bodies_in_text(self) -> list[Named]:
        """'the M23 rebels', 'Houthi rebels', 'Gaza's Hamas-run Civil Defence agency': a body noun
        whose phrase has a proper name in it, written in the narration (not typed by the model)."""
        out = []
        w = words()
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
    if seg.endswith(", "):
        seg = seg[:-2] + " "
    if not seg[-1:].isspace():
        return None
    # the last one to five words before the name, read from the right (linear, no backtracking)
    ws = []
    for w in reversed(seg.split()[-5:]):
        if not _PLAIN_WORD.fullmatch(w):
            break
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
    if k == 0 or ws[k - 1].lower().rstrip(",") not in role:
        return None
    j = k - 1
    while j > 0 and ws[j - 1].lower() not in ("said", "says", "told", "and", "by", "to", "with", "from", "of", "in", "on",
                                             "at", "as", "that", "when", "while") and not ws[j - 1].endswith((",", ":")):
        j -= 1
    phrase = " ".join(ws[j:k]).rstrip(",")
    return phrase or None


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


# -- the rules: each takes the article, the quote and all quotes, and returns a Resolution or None ---

def rule_document_is_no_speaker(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A statement, a post, figures or strikes never speak: their issuer does.

    'Kharkiv Mayor Ihor Terekhov said this in a post on Telegram. “The enemy struck …,” the post
    reads.' -> Ihor Terekhov; 'according to UN figures' -> UN; with no issuer in sight the speaker is
    unnamed (record.UNNAMED), never 'the post'.
    """
    sp = q.speaker
    w = words()
    if _head(sp.text) not in w.document | w.report | w.event:
        return None
    if any(x.lower() == _head(sp.text) and x[:1].isupper() for x in sp.text.split()[1:]):
        return None  # 'The New York Post', 'the Daily Report': a name, not a document
    if _head(sp.text) in w.event:
        return Resolution(UNNAMED, None, "unnamed")  # 'the strikes killed …' is no attribution at all
    # the issuer inside the phrase ('UN figures', "the ministry's statement") or right after it
    # ('a statement from the ministry', 'a post by X')
    noun = _head(sp.text)
    hm = re.search(r"\b" + re.escape(noun) + r"\b", art.text[sp.start:sp.end], re.I)
    head_at = sp.start + (hm.start() if hm else 0)
    inside = [n for n in art.named if n.start >= sp.start and n.end <= head_at]
    if inside:
        n = inside[0]
        return Resolution(n.name, n.entity, n.kind)
    tail = sp.end if not hm else head_at + len(noun)
    after = re.match(r"\s+(?:from|by|of|issued by|released by)\s+(?:the\s+)?", art.text[tail:tail + 24])
    if after:
        at = tail + after.end()
        nxt = [n for n in art.named if at <= n.start <= at + 20]
        if nxt:
            return Resolution(nxt[0].name, nxt[0].entity, nxt[0].kind)
    # 'X said this in a post …. “…,” the post reads': the one who spoke or wrote, in the sentence
    # before, in the same kind of document (a report or a survey is nobody's without its issuer)
    lo = max(0, sp.start - PRONOUN_REACH)
    for m in reversed(list(re.finditer(r"\b" + re.escape(noun) + r"\b", art.text[lo:sp.start], re.I))):
        if noun not in w.document:
            break
        at = lo + m.start()
        sent_start = max(art.text.rfind(".", 0, at), art.text.rfind("\n", 0, at)) + 1
        for n in art.named:
            if sent_start <= n.start < at and _ISSUING.match(art.text, n.end, at):
                return Resolution(n.name, n.entity, n.kind)
        break
    if _head(sp.text) in w.report:
        return Resolution(sp.name, sp.entity, "unnamed")  # 'earlier reports', 'media reports': as written
    return Resolution(UNNAMED, None, "unnamed")


_ISSUING = re.compile(r"(?:\s+[\w'\u2019-]+){0,2}?\s+(?:said|says|wrote|writes|posted|posts|issued|released|published|"
                      r"tweeted|sent|shared|put out)\b")


def rule_pronoun_takes_previous_speaker(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'it' and 'they' that the sentence pass left unresolved are the body or group that spoke last.

    'The military's media wing said the attackers had used a car bomb. Four of the attackers were
    also killed, it added.' -> the media wing's name; 'Residents said … They said …' -> residents.
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("it", "they") or not _is_pronoun(sp.name):
        return None
    w = words()
    for p in _previous_speakers(art, q, quotes, PRONOUN_REACH):
        if _is_pronoun(p.name) or p.name == UNNAMED or _head(p.name) in w.document | w.report | w.event \
                or _head(p.name) in ("polls", "projections", "results", "numbers", "surveys"):
            continue  # ('Projections show …. They …': figures are not who 'they' are)
        kind = p.kind or _kind_of(p, art)
        e = art.by_id.get(p.entity or "")
        if e is not None and e.type in ("GPE", "LOC") and e.name == p.name:
            return None  # a place as speaker is often a dateline read as a subject: not sure
        plural = _plural(p.name) or kind == "group"
        if low == "it" and kind == "organisation" and not plural and (
                e is not None and e.type in ("ORG", "UNIT") or _families(_head(p.name), words().body)):
            return Resolution(p.name, p.entity, kind)  # (not 'Anyone', a sentence's first word)
        if low == "they" and (plural and kind != "organisation" or kind == "group"):  # not 'Reuters'
            return Resolution(p.name, p.entity, kind)
        if kind == "person":
            return None  # a person spoke last: 'it' / 'they' is someone else
    return None


def rule_pronoun_is_never_a_name(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A pronoun nothing resolves is an unnamed source, never the name 'she'.

    '“Nobody can leave after six,” she said.' with no woman named before -> record.UNNAMED.
    """
    if _is_pronoun(q.speaker.name):
        return Resolution(UNNAMED, None, "unnamed")
    return None


def rule_named_in_apposition_later(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """An unnamed source named a sentence or two later by a definite phrase with the name beside it.

    'At least 19 people were killed, a Gaza health ministry official said. … Dozens were injured,
    said the official, Medhat Abbas.' -> Medhat Abbas for both quotes.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.type != "SOURCE" or _looks_like_name(e.name) or _plural(e.name):
        return None
    head = _head(e.name)
    if not head or head in words().document:
        return None
    intro = min((m.start for m in e.mentions), default=sp.start)
    window = art.text[intro:intro + ROLE_REACH // 4]
    if _ANONYMOUS.search(art.text[intro:intro + 300]):
        return None
    if head not in PERSON_WORDS and head not in words().role:
        return None  # 'a new nationwide poll' is named by nobody
    heads = {head, "man", "woman"}
    for m in re.finditer(r"\b[Tt]he\s+(\w+),\s+", window):
        if m.group(1).lower() not in heads:
            continue
        at = intro + m.end()
        named = [n for n in art.named if n.start == at and n.kind == "person"]
        if named:
            n = named[0]
            return Resolution(n.name, n.entity, "person")
    return None


def rule_role_then_name(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """The role first, the name later: the one person the article gives the same role, of the same body.

    'The head of the country's atomic agency said … . “…,” said Ana Ruiz, the agency's director.'
    -> Ana Ruiz; 'The bloc's top diplomat warned … Kaja Kallas, the EU's foreign policy chief' ->
    Kaja Kallas. An indefinite 'a spokesman' is often an anonymous source and is left as written;
    the role's own words must be the person's too ('the band leader' is not 'a party leader'), and
    a gendered role word must agree ('a spokeswoman' is not Nick Merrill).
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    phrase = e.name if e is not None and e.type == "SOURCE" else sp.text if e is None else None
    if phrase is None or _is_pronoun(phrase) or _looks_like_name(phrase) or _plural(phrase):
        return None
    w = words()
    fams = _families(_role_part(phrase), w.role)
    if not fams:
        return None
    first = phrase.split()[0].lower()
    # 'the governor', "the agency's director", and a headline's bare 'spokesman' / 'local governor'
    definite = first == "the" or first.endswith(("'s", "\u2019s")) or first not in ("a", "an", "one", "another")
    if not definite or _ANONYMOUS.search(art.text[sp.start:sp.start + 300]):
        return None
    aff = _affiliation_part(phrase)
    mods = {_stem(m) for m in _modifiers(_role_part(phrase)) if not m[:1].isupper()}
    gender = _role_gender(phrase)
    cands: dict[str, Named] = {}
    for n in art.named:
        if n.kind != "person" or abs(n.start - sp.start) > ROLE_REACH:
            continue
        if gender and _person_gender(n.name) not in (None, gender):
            continue
        for d in n.descriptors:
            if not fams & _families(_role_part(d), w.role) or not _same_body(aff, _affiliation_part(d), art, n.start):
                continue
            if aff and _proper_words(aff) and not _affiliation_part(d):
                continue  # "Germany's president" is not any president the article names
            if gender and _role_gender(d) not in (None, gender):
                continue
            if mods - {_stem(x) for x in _words(d)}:
                continue
            cands.setdefault(n.entity or n.name, n)
    if len(cands) == 1:
        n = next(iter(cands.values()))
        return Resolution(n.name, n.entity, "person")
    return None


def rule_body_named_before(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the agency', 'the ministry', 'the rebels', 'the military' is the body of that kind the article
    named last before it.

    'The International Atomic Energy Agency has sent three teams. The agency said the site was
    safe.' -> International Atomic Energy Agency; 'Houthi rebels have attacked ships. The rebels
    said …' -> Houthi rebels; 'the interior ministry' takes only a ministry whose name says interior.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE":
        return None
    phrase = sp.text
    if _is_pronoun(phrase) or _proper_words(phrase):
        return None
    n = _body_before(art, phrase, sp.start)
    if n is None:
        return None
    return Resolution(n.name, n.entity, n.kind)


def rule_one_spelling(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """Two spellings of one person in one article are one name: the first full form written.

    'Abdullah Saleh … Abdallah Saleh said' -> Abdullah Saleh; 'Mohammed Hamdan Dagalo … Mohamed
    Dagalo'; 'Salma al-Ghariani … Ghariani said' and '… al-Ghariani said' -> Salma al-Ghariani.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.type != "PERSON":
        return None
    key = _name_key(e.name)
    if key is None:
        return None
    people = [x for x in art.record.entities if x.type == "PERSON" and x.id != e.id]
    same = []
    for x in people:
        k = _name_key(x.name)
        if k is None:
            continue
        if len(key) == len(k) and all(_same_word(a, b) for a, b in zip(key, k)):
            same.append(x)
        elif len(key) == 1 and len(k) >= 2 and (_same_word(key[0], k[-1]) or len(k) >= 3
                                                 and _same_word(key[0], k[-2])):
            same.append(x)  # the surname alone, particle or not ('Rocha' of 'Hernán Rocha Villamizar')
    if not same:
        return None
    full = {x.name for x in same if len(_name_key(x.name)) >= len(key)}
    if len(key) == 1:
        if len(full) != 1:
            return None  # two people with that surname: not sure which
        x = next(x for x in same if x.name in full)
        g = _honorific_gender(art, e)
        if g and _person_gender(x.name) not in (None, g):
            return None  # 'Mr. Obama' is not Michelle Obama
    first = min(same + [e], key=lambda x: (-len(_name_key(x.name)), min((m.start for m in x.mentions), default=0)))
    if first.id == e.id:
        return None
    name = first.name.split()
    while len(name) > 2 and name[0].lower().rstrip(".") in words().role:
        name = name[1:]
    return Resolution(" ".join(name), first.id, "person")



_GIVES_NAME = re.compile(r",?\s+who\s+(?:gave|gives|identified)\s+(?:only\s+)?(?:his|her|their)\s+(?:first\s+|full\s+)?"
                         r"name,?\s*(?:only\s+)?(?:as\s+)?,?\s*|,?\s+who\s+identified\s+(?:himself|herself)\s+(?:only\s+)?as\s+")
_NAME_AT = re.compile(r"((?:[A-Z][\w'\u2019-]+)(?:\s+[A-Z][\w'\u2019-]+){0,3})")


def rule_gives_name(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """An unnamed source whose relative clause gives the name is that name.

    'A pensioner selling berries by the roadside, who gave only her first name, Aldona, said …' ->
    Aldona; 'A spokesperson for the MNDAA, who gave his name only as Ko Aung, said' -> Ko Aung.
    """
    sp = q.speaker
    if _is_pronoun(sp.text) or _looks_like_name(sp.name):
        return None
    # the clause comes after the phrase, before its verb: look a little past the mention
    stop = min(len(art.text), sp.end + 160)
    m = _GIVES_NAME.search(art.text, sp.end, stop)
    if m is None or "." in art.text[sp.end:m.start()] or "\n" in art.text[sp.end:m.start()]:
        return None
    named = [n for n in art.named if n.start == m.end() and n.kind == "person"]
    if named:
        return Resolution(named[0].name, named[0].entity, "person")
    nm = _NAME_AT.match(art.text, m.end())
    if nm and not _families(nm.group(1), words().body):
        return Resolution(nm.group(1), None, "person")
    return None


def rule_name_after_title(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A mention that is a title and a name is the name.

    'SDF spokesperson Ronahi Ferzend told Al-Monitor' (left untyped by the model) -> Ronahi Ferzend;
    'Cruz spokesman Rick Tyler said' (linked to Cruz) -> Rick Tyler.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    name = _name_after_role(sp.text)
    if name is None:
        return None
    if e is not None and e.type != "SOURCE":
        en, nn = e.name.replace("\u2019", "'"), name.replace("\u2019", "'")
        if en.endswith(nn) or nn.endswith(en) or nn.split()[-1] in en.split():
            return None  # already that person
        # 'Cruz spokesman Rick Tyler' linked to Ted Cruz: the spokesman is the one named after the title
        inside = [n for n in art.named if sp.start <= n.start and n.end <= sp.end and n.name.endswith(name.split()[-1])]
        return Resolution(inside[0].name if inside else name, inside[0].entity if inside else None, "person")
    return Resolution(name, sp.entity, "person")


def _name_after_role(phrase: str) -> str | None:
    """'SDF spokesperson Ronahi Ferzend' -> 'Ronahi Ferzend': two to four name words after the last role word."""
    ws = phrase.split()
    k = max((i for i, w in enumerate(ws) if w.lower().strip(",") in words().role), default=-1)
    rest = ws[k + 1:]
    if k < 0 or not 2 <= len(rest) <= 4 or not _looks_like_name(" ".join(rest)):
        return None
    if any(w.lower() in ("for", "of", "at", "with", "from", "to", "by") for w in ws[:k]):
        return None  # 'A spokesman for President Joe Biden' is not Joe Biden
    return " ".join(rest)


def rule_named_right_after(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A description with the name beside it, set off by commas, is that name.

    "the state's Commissioner for Information, Babagana Kyari, said" -> Babagana Kyari;
    'According to the UN humanitarian office, OCHA, some 40,000 …' -> OCHA.
    """
    sp = q.speaker
    if _is_pronoun(sp.text):
        return None
    e = art.by_id.get(sp.entity or "")
    role = bool(_families(_role_part(sp.text), words().role))
    if e is not None and e.type != "SOURCE" and not (e.type in ("ORG", "UNIT") and role):
        return None
    head = _head(sp.text)
    if not role and head not in PERSON_WORDS and not _families(head, words().body):
        return None  # 'an FBI summary of its investigation, Cheryl Mills, …' is a list, not a name
    # "the spokesperson for the Houthis, Yahya Saree, stated": a short 'for/of …' may come between;
    # 'the conflict monitor ACLED': a definite description right before the name, no comma
    m = re.match(r"(?:\s+(?:for|of|at|with)\s+[^,.;:\n\"\u201c\u201d]{1,60}?)?,\s+", art.text[sp.end:sp.end + 70])
    if m is None and sp.text[:4].lower() == "the " and art.text[sp.end:sp.end + 1] == " " \
            and not _families(_role_part(sp.text), words().role):
        m = re.match(r" ", art.text[sp.end:sp.end + 1])
    if m is None:
        return None
    at = sp.end + m.end()
    run = _NAME_AT.match(art.text, at)  # the whole capitalised name ('Nadia Osman Karrar' of 'Osman Karrar')
    for n in art.named:
        if not (at <= n.start < (run.end() if run else at + 1)) or n.end > (run.end() if run else n.end):
            continue
        if re.match(r"\s*(?:[,.;)]|$)", art.text[n.end:n.end + 3]) and n.entity != sp.entity \
                and (n.kind == "person" or not role):
            name = art.text[at:n.end] if n.kind == "person" and n.start > at else n.name
            return Resolution(name, n.entity, n.kind)
    if run and sp.text[:4].lower() == "the " and re.match(r"\s*(?:[,.;)]|$)", art.text[run.end():run.end() + 3]) \
            and (run.group(1).isupper() and len(run.group(1)) >= 3 or " " in run.group(1)):
        # 'the conflict monitor ACLED', a name the model left untyped
        return Resolution(run.group(1), None, "organisation" if run.group(1).isupper() else _kind_of_phrase(run.group(1)))
    return None


def rule_same_sources(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the sources', 'the same sources' are the sources the article introduced before.

    'Security sources said the attack began at dawn. … The attack took place in a village, the
    sources said.' -> security sources.
    """
    sp = q.speaker
    ws = _words(sp.text)
    if len(ws) < 2 or ws[0] != "the" or len(ws) > 3 or (len(ws) == 3 and ws[1] != "same"):
        return None
    head = ws[-1]
    if not _plural(sp.text) or _families(head, words().body):
        return None
    best = None
    for p in quotes:
        ps = p.speaker
        if p is q or ps is None or ps.start >= sp.start:
            continue
        pw = _words(ps.name)
        if pw and pw[-1] == head and pw[0] != "the" and len(pw) >= 2:
            best = ps
    return Resolution(best.name, best.entity, best.kind or "unnamed") if best is not None else None


def rule_pronoun_after_unnamed_source(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' right after an unnamed source's quote is that source, not a person named before it.

    'The commander, Gen. Hernán Rocha, told reporters: “…” … A community leader from the area, who
    asked not to be named, described the situation. “We have children who …,” she said.' -> 'A
    community leader', not Rocha.
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she"):
        return None
    target = art.by_id.get(sp.entity or "")
    if target is None or target.type != "PERSON":
        return None
    last = max((m.start for m in target.mentions if m.start < sp.start), default=-1)
    prev = _previous_speakers(art, q, quotes, PRONOUN_REACH)
    if not prev:
        return None
    p = prev[0]
    pe = art.by_id.get(p.entity or "")
    if p.start <= last or pe is None or pe.type != "SOURCE" or _plural(pe.name) or _looks_like_name(pe.name) \
            or _families(_head(pe.name), words().body) or _words(pe.name)[0] not in ("a", "an") \
            or not (_head(pe.name) in PERSON_WORDS or _families(_role_part(pe.name), words().role)):
        return None  # only a person introduced as someone ('A community leader'), not 'The senator'
        # or 'Her eldest son', which describe the person named before
    g = _role_gender(pe.name) or SOURCE_GENDER.get(_head(pe.name))
    if g and g != ("f" if low == "she" else "m"):
        return None
    return Resolution(p.name, p.entity, "unnamed")


def rule_short_form(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """An acronym or contraction is the one body the article names in full with those letters.

    'Jama'at Nusrat al-Islam wal-Muslimin (JNIM) … JNIM said' -> "Jama'at Nusrat al-Islam
    wal-Muslimin (JNIM)"; 'US Central Command said … Centcom added' -> 'US Central Command
    (Centcom)': the full name, with the short form readers meet in the article.
    """
    sp = q.speaker
    short = sp.name.strip()
    if " " in short or len(short) < 3 or not short[:1].isupper() or _is_pronoun(short):
        return None
    if short.isupper():
        full = _defined_acronym(art.text, short)
        if full is not None:  # 'Jama'at Nusrat al-Islam wal-Muslimin (JNIM)': the article says so
            return Resolution(f"{full} ({short})", sp.entity, "organisation")
    cands = {n.name for n in art.named if n.kind != "person" and n.name != short and " " in n.name
             and n.name[:1].isupper() and "(" not in n.name and _abbreviates(short, n.name)}
    if len(cands) != 1:
        return None
    name = cands.pop()
    n = next(n for n in art.named if n.name == name)
    # the full name with the short form the article uses: 'US Central Command (Centcom)'
    return Resolution(f"{n.name} ({short})", n.entity, n.kind)


def _defined_acronym(text: str, short: str) -> str | None:
    """The full name written right before '(SHORT)' whose initials are SHORT, if the article has one."""
    for m in re.finditer(r"\(" + re.escape(short) + r"\)", text):
        before = text[max(0, m.start() - 120):m.start()].rstrip()
        ws = before.split()
        for k in range(len(ws) - 1, max(-1, len(ws) - 10), -1):
            cand = " ".join(ws[k:]).lstrip("(\"'\u201c")
            if not cand[:1].isupper():
                continue
            if _abbreviates(short, cand):
                return cand
    return None


def _abbreviates(short: str, long: str) -> bool:
    """'JNIM' of "Jama'at Nusrat al-Islam wal-Muslimin", 'Centcom' of 'US Central Command': the short
    form is the initials (or the first syllables, three letters or more each) of the long form's
    words in order, name particles and small words skipped."""
    w = words()
    parts = []
    for x in re.split(r"[\s]+", long):
        x = re.sub(r"^(?:al|el|wal|ul|ad)[-\u2010\u2011]", "", x, flags=re.I)
        x = re.sub(r"[^\w\u2010\u2011-]", "", x).lower()
        if x and x not in w.particle and x not in ("of", "for", "the", "and", "on", "in"):
            parts.append(x)
    s = short.lower()
    if short.isupper():  # initials: a hyphenated word gives one for each part ('Inter-Services')
        letters = "".join(x[0] for p in parts for x in re.split(r"[-\u2010\u2011]", p) if x)
        return len(s) >= 3 and (s == letters or s == letters[-len(s):])

    def fits(i: int, k: int, used: int) -> bool:  # s[i:] from parts[k:], prefixes of >= 3 letters
        if i == len(s):
            return used >= 2  # two words at least: 'Mucojo' is no short form of 'Mucojo and Quiterajo'
        for j in range(k, len(parts)):
            part = parts[j].replace("-", "")
            for n in range(min(len(part), len(s) - i), 2, -1):
                if part[:n] == s[i:i + n] and fits(i + n, j + 1, used + 1):
                    return True
        return False
    return len(s) >= 6 and fits(0, 0, 0)


def rule_body_in_named_country(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'In Niger, the interior ministry said …': a government body in a sentence set in a country is
    that country's ('Niger's interior ministry').
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE":
        return None
    ws = _words(sp.text)
    if not ws or ws[0] != "the" or _proper_words(sp.text) or not _families(_head(sp.text), words().body) \
            & {"ministry", "government", "military", "police", "authority", "office"}:
        return None
    lo = max(art.text.rfind(".", 0, sp.start), art.text.rfind("\n", 0, sp.start)) + 1
    m = re.match(r"\s*In\s+([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}),\s+$", art.text[lo:sp.start])
    if m is None:
        return None
    at = lo + m.start(1)
    place = next((p for p in art.record.places if p.start == at and p.end == lo + m.end(1)), None)
    if place is None or place.feature_class != "A" or (place.name and place.name != m.group(1)):
        return None  # a country or a state, named as such, not a town
    return Resolution(f"{m.group(1)}'s {sp.text[4:]}", None, "organisation")


def rule_pronoun_continues_previous_quote(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' of a quote that follows another in the same paragraph is that quote's speaker.

    '“We must stand together,” government spokeswoman Aïcha Kaboré posted on Facebook. “Our forces
    will not retreat,” she said.' -> Aïcha Kaboré (not an army officer quoted a paragraph before).
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she"):
        return None
    before = [p for p in quotes if p is not q and p.speaker is not None and p.end <= q.start]
    if not before:
        return None
    p = max(before, key=lambda x: x.end)
    gap = art.text[p.end:q.start]
    if len(gap) > 160 or "\n" in gap.strip():
        return None  # another paragraph: the sentence pass's antecedent stands
    ps = p.speaker
    if ps.entity == sp.entity or _is_pronoun(ps.text) or ps.name == UNNAMED:
        return None
    if (ps.kind or _kind_of(ps, art)) != "person":
        return None
    want = "f" if low == "she" else "m"
    if _gender_near(art, ps) not in (None, want):
        return None
    return Resolution(ps.name, ps.entity, "person")


def _gender_near(art: Article, sp: Speaker) -> str | None:
    """A speaker's gender as the article gives it: 'spokeswoman' before the name, 'Mr', the first name."""
    g = _role_gender(art.text[max(0, sp.start - 40):sp.start]) if sp.start >= 0 else None
    if g:
        return g
    e = art.by_id.get(sp.entity or "")
    if e is not None:
        g = _honorific_gender(art, e)
        if g:
            return g
    return _person_gender(sp.name)


_ALIAS = re.compile(r"(?:,\s+|\s+\()(?:also\s+|better\s+|widely\s+)?(?:known|nicknamed|called)\s+as\s+"
                    r"[\"'\u201c\u2018]?([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})")


def rule_alias(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A name the article gives as someone's alias is that person.

    'Hamdan Juma Idris, known as “Abu Shotal”, leads the unit. … Abu Shotal said …' -> Hamdan Juma Idris.
    """
    sp = q.speaker
    alias = sp.name.strip()
    if " " not in alias and not alias[:1].isupper():
        return None
    n = art.aliases().get(alias)
    return Resolution(n.name, n.entity, "person") if n is not None else None


def rule_role_then_next_speaker(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A role whose holder is named at the very next attribution, a sentence or a paragraph on.

    '…, according to a spokesman for the civil defence agency. Fourteen people were killed, Mahmoud
    Bassal said.' -> Mahmoud Bassal: the next quote's speaker is introduced there, with no other role,
    no other person named in between, and nothing says the first source asked not to be named.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if (e is not None and e.type != "SOURCE") or _is_pronoun(sp.text) or _plural(sp.text) \
            or _looks_like_name(sp.name) or not _families(_role_part(sp.text), words().role) \
            or _name_after_role(sp.text):
        return None  # ('SDF spokesperson Ronahi Ferzend' names its speaker itself)
    if _ANONYMOUS.search(art.text[sp.start:sp.start + 300]):
        return None
    tail = re.match(r"\s+(?:for|of|at|with|from)\s+[^,.;:\n]{1,60}", art.text[sp.end:sp.end + 70])
    phrase = sp.text + (tail.group() if tail else "")  # 'a spokesman' + ' for the civil defence agency'
    aff = _affiliation_part(phrase)
    if not aff or aff.lower() in words().generic:
        return None  # 'a campaign aide', 'the president': no body named, it may be anyone's
    after = sorted((p for p in quotes if p is not q and p.speaker is not None and p.start > q.start),
                   key=lambda p: p.start)
    if not after:
        return None
    nxt = after[0]
    ns = nxt.speaker
    speakers = {p.speaker.entity for p in quotes if p.speaker is not None and p.speaker.entity}
    ne = art.by_id.get(ns.entity or "")
    if ne is None or ne.type != "PERSON" or ns.text != ne.name and not ns.text.endswith(ne.name):
        return None  # the next attribution must write the full name
    if min(m.start for m in ne.mentions) < ns.start or ns.start - sp.end > 700:
        return None  # introduced there, not earlier; and close by
    if any(n.kind == "person" and sp.end <= n.start < ns.start and (" " in n.name or n.entity in speakers)
           for n in art.named):
        return None  # someone else named between ('the Fara family' is no one)
    desc = [d for n in art.named if n.entity == ne.id for d in n.descriptors]
    if any(not (_families(_role_part(d), words().role) & _families(_role_part(sp.text), words().role))
           or not _same_body(aff, _affiliation_part(d), art, ns.start)
           for d in desc if _families(_role_part(d), words().role)):
        return None  # the person holds another role, or the same role in another body
    g = _role_gender(sp.text)
    if g and _person_gender(ne.name) not in (None, g):
        return None
    return Resolution(ne.name, ne.id, "person")


# -- mention rules: run first, they correct the speaker mention (and, for a dateline, the quote) ----------

_TRAILING_SOURCE = re.compile(r",\s+((?:[\w'\u2019-]+\s+){0,9}[\w'\u2019-]+)\s+(said|says|say|told|reported|reports|added)"
                              r"\b[^.\n]{0,40}\.?\s*$")


def mention_dateline_is_no_speaker(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A dateline read as a transcript label is no speaker: the attribution at the sentence's end is.

    'BANGKOK: A Myanmar military airstrike killed ten civilians, locals and media reports said on
    Wednesday.' -> the quote is 'A Myanmar … ten civilians', said by 'locals and media reports'.
    """
    sp = q.speaker
    if q.cue is None or q.cue.text != ":" or not sp.text.isupper() or len(sp.text) < 3:
        return False
    line_start = art.text.rfind("\n", 0, sp.start) + 1
    if art.text[line_start:sp.start].strip():
        return False  # a dateline opens its line
    m = _TRAILING_SOURCE.search(art.text, q.start, q.end)
    if m is None or _is_pronoun(m.group(1)):
        return False
    a, b = m.start(1), m.end(1)
    q.end = m.start()
    q.text = art.text[q.start:q.end]
    q.type = "indirect"
    q.segments = None
    q.cue = Cue(m.start(2), m.end(2), m.group(2))
    q.speaker = Speaker(name=art.text[a:b], start=a, end=b, text=art.text[a:b])
    return True


_BODY_IN = re.compile(r"((?:The|the)\s+(?:[\w'\u2019-]+\s+){0,3}?([\w'\u2019-]+)\s+(?:in|of)\s+(?:[\w-]+\s+)?)$")


def mention_body_in_place(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A place is not the speaker of 'The health ministry in Hamas-run Gaza said': the body is.

    -> the mention grows to 'The health ministry in Hamas-run Gaza' (named so).
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    is_place = (e is not None and e.type in ("GPE", "LOC")) or any(
        p.start == sp.start and p.end == sp.end for p in art.record.places)
    if not is_place:
        return False
    m = _BODY_IN.search(art.text, max(0, sp.start - 80), sp.start)
    if m is None or not _families(m.group(2), words().body):
        return False
    a = m.start(1)
    text = art.text[a:sp.end]
    q.speaker = Speaker(name=text, start=a, end=sp.end, text=text)
    return True


MENTION_RULES: list[tuple[str, Callable[[Article, Quote, list[Quote]], bool]]] = [
    ("dateline_is_no_speaker", mention_dateline_is_no_speaker),
    ("body_in_place", mention_body_in_place),
]


Rule = Callable[[Article, Quote, list[Quote]], Resolution | None]
# In order; the first rule that is sure decides.
RULES: list[tuple[str, Rule]] = [
    ("document_is_no_speaker", rule_document_is_no_speaker),          # (b)
    ("pronoun_continues_previous_quote", rule_pronoun_continues_previous_quote),  # (d)
    ("pronoun_after_unnamed_source", rule_pronoun_after_unnamed_source),  # (d)
    ("pronoun_takes_previous_speaker", rule_pronoun_takes_previous_speaker),  # (d)
    ("pronoun_is_never_a_name", rule_pronoun_is_never_a_name),        # (d)
    ("gives_name", rule_gives_name),                                  # (a)
    ("name_after_title", rule_name_after_title),                      # (a)
    ("named_right_after", rule_named_right_after),                    # (a)
    ("named_in_apposition_later", rule_named_in_apposition_later),    # (a)
    ("role_then_name", rule_role_then_name),                          # (a)
    ("role_then_next_speaker", rule_role_then_next_speaker),          # (a)
    ("same_sources", rule_same_sources),                              # (b)
    ("body_in_named_country", rule_body_in_named_country),            # (b)
    ("body_named_before", rule_body_named_before),                    # (b)
    ("short_form", rule_short_form),                                  # (b)
    ("alias", rule_alias),                                            # (c)
    ("one_spelling", rule_one_spelling),                              # (c)
]


# -- helpers of the rules ------------------------------------------------------------------------------

_PLURAL_HEADS = re.compile(r"(?:s|people|police|staff|personnel|media)$")


def _plural(phrase: str) -> bool:
    h = _head(phrase)
    plural = bool(h) and h not in ("news", "politics", "us", "its", "his", "this", "series", "status", "press") \
        and bool(_PLURAL_HEADS.search(h)) and not h.endswith("ss") and h.lower() not in PRONOUNS
    return plural


def _role_part(phrase: str) -> str:
    """The role words of 'a spokesman for the agency' / "the agency's director": 'spokesman' / 'director'."""
    p = re.split(r"\s+(?:for|of|at|with|from|in)\s+", phrase, maxsplit=1)[0]
    p = re.sub(r"^.*['\u2019]s\s+", "", p)
    return p


def _affiliation_part(phrase: str) -> str | None:
    """The body a role belongs to: 'a spokesman for the MNDAA' -> 'the MNDAA'; "the agency's
    director" -> 'the agency'; 'Kremlin spokesman' -> 'Kremlin'."""
    m = re.search(r"\s+(?:for|of|at|with|from|in)\s+(.+)$", phrase)
    if m:
        return m.group(1).strip()
    m = re.match(r"(.*?)['\u2019]s\s+", phrase)
    if m:
        return m.group(1).strip()
    lead = []
    for x in phrase.split():
        if x[:1].isupper() and x.lower() not in ("the", "a", "an"):
            lead.append(x)
        elif lead:
            break
    return " ".join(lead) or None


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
        if n.kind == "person":
            continue
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
    others = {n.name for n in art.before(at, len(art.text)) if n.kind != "person"
              and fams & _families(" ".join((n.name,) + n.descriptors), w.body)}
    if len(names) == 1 and names >= others:
        return synonym[0]
    return None


_GENDERED_ROLE = re.compile(r"\b(?:spokes|chair|business|congress)?(man|woman|men|women)\b", re.I)


def _role_gender(phrase: str) -> str | None:
    m = _GENDERED_ROLE.search(phrase)
    return None if m is None else "f" if m.group(1).lower().startswith("wom") else "m"


def _person_gender(name: str) -> str | None:
    parts = name.split()
    return gender_from_name(parts[0], parts[-1]) if len(parts) >= 2 else None


_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")


def _honorific_gender(art: Article, e: Entity) -> str | None:
    for m in e.mentions:
        h = _HONORIFIC.search(art.text[max(0, m.start - 6):m.start])
        if h:
            return "m" if h.group(1) == "Mr" else "f"
    return None


def _kind_of_phrase(name: str) -> str:
    """person | organisation | group | unnamed for a speaker known only by its name or phrase."""
    if _is_pronoun(name) or name == UNNAMED:
        return "unnamed"
    if _looks_like_name(name):
        return "person"
    w = words()
    body = _families(_head(name), w.body)
    if body:
        return "group" if body & {"rebels", "militia"} or _plural(name) else "organisation"
    if _families(_role_part(name), w.role) or _head(name) in PERSON_WORDS:
        return "unnamed"  # 'a spokesman', 'Kremlin spokesman', 'a resident': a person not named
    if _proper_words(name) and not _plural(name):
        return "organisation"  # 'Reuters', 'Centcom'
    return "group" if _proper_words(name) else "unnamed"


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


@lru_cache(maxsize=1 << 14)
def _name_key(name: str) -> tuple[str, ...] | None:
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    w = words()
    if any(p.lower() in ("and", "&") for p in parts):
        return None  # 'Mucojo and Quiterajo' is no one's name
    while len(parts) > 2 and parts[0].lower().rstrip(".") in w.role:
        parts = parts[1:]  # 'Researcher Ricardo Macuácua' 
    out = []
    for p in parts:
        p = p.strip(".,")
        low = p.lower()
        if low in w.particle:
            continue
        m = re.match(r"(?:al|el|ul|ad|as|at|an|ash|az)[-\u2010\u2011](.+)$", p, re.I)
        if m:
            p = m.group(1)
        f = fold(p)
        if f:
            out.append(f)
    return tuple(out) or None


def _skeleton(f: str) -> str:
    return re.sub(r"[aeiou]", "", f)


def _same_word(a: str, b: str) -> bool:
    """One name word in two spellings: equal folded, or (long enough) equal without its inner vowels
    (Abdullah / Abdallah, Mohammed / Muhammad), same first and last letter."""
    return a == b or (len(a) >= 5 and len(b) >= 5 and _skeleton(a) == _skeleton(b) and a[0] == b[0]
                      and a[-1] == b[-1])  # 'Rocha' is not 'Roche'


# -- role and affiliation of the speaker as the article gives them ------------------------------------

def _describe(art: Article, sp: Speaker) -> Speaker:
    """kind, role and affiliation: 'Ana Ruiz, the agency's director' -> person, director,
    International Atomic Energy Agency."""
    kind = sp.kind or _kind_of(sp, art)
    desc, at = None, sp.start
    if kind == "person":
        e = art.by_id.get(sp.entity or "")
        cands = [(_apposition_after(art.text, sp.end), sp.start), (_title_before(art.text, sp.start), sp.start)]
        if e is not None:
            cands += art.described.get(e.id, [])
            cands += [(d, sp.start) for d in e.descriptors]
        desc, at = next(((d, a) for d, a in cands if d and _families(_role_part(d), words().role)), (None, at))
    elif kind == "unnamed" and sp.name != UNNAMED and _families(_role_part(sp.name), words().role):
        desc = sp.name
    if desc is None:
        return replace(sp, kind=kind)
    role = _role_words(_role_part(desc))
    aff = _affiliation_part(desc)
    if aff:
        body = _body_before(art, aff, at + 1) if not _proper_words(aff) else None
        aff = body.name if body is not None else re.sub(r"^(?:the|a|an)\s+", "", aff.strip(), flags=re.I)
        if aff.lower() in words().generic or aff.lower() in ("country", "bloc", "state", "nation"):
            aff = None
    return replace(sp, kind=kind, role=role or None, affiliation=aff or None)


def _role_words(part: str) -> str:
    """'the agency's top director' -> 'top director'; 'Kremlin spokesman' -> 'spokesman'."""
    ws = [x for x in part.split() if x.lower() not in ("the", "a", "an") and not x[:1].isupper()]
    return " ".join(ws).strip(",")


# -- the pass -----------------------------------------------------------------------------------------

def resolve(record: Record, off: frozenset[str] = frozenset()) -> None:
    """Settle every quote's speaker name, kind, role and affiliation, and every quote's content.
    ``off``: rule names switched off, for measuring each rule's effect (the setting
    speaker_rules_off; "all" for every one)."""
    DISABLED = off
    art = Article(record)
    quotes = record.quotes
    for q in quotes:
        if q.speaker is None:
            q.content = quote_content(record.text, q)
            continue
        for name, fix in MENTION_RULES:
            if name not in DISABLED and "all" not in DISABLED and fix(art, q, quotes):
                break
        q.content = quote_content(record.text, q)
        for name, rule in RULES:
            if name in DISABLED or "all" in DISABLED:
                continue
            res = rule(art, q, quotes)
            if res is not None:
                q.speaker = replace(q.speaker, name=res.name, entity=res.entity if res.name != UNNAMED else None,
                                    kind=res.kind)
                break
    for q in quotes:
        if q.speaker is not None:
            q.speaker = _describe(art, q.speaker)


@extractor("attribution", requires=("entities",), refines=("quotes",))
def extract_attribution(ctx: Context) -> None:
    resolve(ctx.record, frozenset(filter(None, ctx.settings.speaker_rules_off.split(","))))
