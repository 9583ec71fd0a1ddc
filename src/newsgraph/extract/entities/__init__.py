"""Entities: canonical actors per article, with their mentions and descriptors.

Starts from spaCy's NER and fixes what the small model gets wrong in news:
- a place found by the places extractor is a GPE (or LOC), never a PERSON or PRODUCT (Kyiv);
- a first name or surname alone belongs to the full name introduced elsewhere in the article, even
  when NER calls it ORG or misses it ("Alexey" -> "Alexey Baranovsky");
- "Freedom Legion", "the Freedom Legion" and "Russia's Freedom Legion" are one ORG.
Descriptors (age, role, affiliation) come from appositions, title-like modifiers, copulas and
"as a ..." phrases, including sentences whose subject is a pronoun resolved to the person.

Leaves a ``Coref`` in ``ctx.coref`` for the quote extractor.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from newsgraph.extract import Context, extractor
from newsgraph.extract.entities.descriptors import add_descriptors
from newsgraph.extract.entities.labels import (_place_reading, _Places, _typed_spans, described_as_person,
                                               names_a_person_noun)
from newsgraph.extract.entities.lexicon import (_INITIALS_SKIP, AS_VERBS, COPULA, FACILITY_WORDS, ORG_NOUNS,
                                                PERSON_TITLES, RANKS, ROLE_VERBS, STOP_NAME_PARTS, TIME_ZONES,
                                                TITLES, TYPE_MAP, UNIT_WORDS)
from newsgraph.extract.quotes.marks import find_quoted
from newsgraph.extract.speakers import HONORIFIC_GENDER, Coref, resolve_pronouns
from newsgraph.person_names import fold, gender_from_name
from newsgraph.record import Entity, Mention

# (the word lists keep their old import path, newsgraph.extract.entities.TITLES etc.)
__all__ = ["add_descriptors", "build_entities", "described_as_person", "extract_entities", "names_a_person_noun",
           "AS_VERBS", "COPULA", "FACILITY_WORDS", "ORG_NOUNS", "PERSON_TITLES", "RANKS", "ROLE_VERBS",
           "STOP_NAME_PARTS", "TIME_ZONES", "TITLES", "TYPE_MAP", "UNIT_WORDS"]


@extractor("entities", needs=("ner", "parser"), requires=("places", "demonym_spans"),
           produces=("entities", "quoted", "coref"))
def extract_entities(ctx: Context) -> None:
    doc, text = ctx.doc, ctx.record.text
    quoted = ctx.quoted = find_quoted(text)
    demonyms = ctx.demonym_spans or ()
    places = [p for p in ctx.record.places if (p.start, p.end) not in demonyms]
    ents, coref, mentions = build_entities(doc, text, places)
    resolve_pronouns(doc, mentions, coref, [(q.start, q.end) for q in quoted])
    add_descriptors(doc, ents, coref, mentions)
    for e in ents:
        if e.type == "PERSON" and " " not in e.name and any(
                d.split()[-1].lower() in ORG_NOUNS for d in e.descriptors if d.split()):
            e.type = "ORG"  # 'Ukrenergo, the national grid operator,' (the small model: PERSON)
    ctx.record.entities = ents
    ctx.coref = coref


class _Builder:
    """The entities of one article as they are found: keys to entities, name parts to people, mention
    counts, the tokens already taken, genders."""

    def __init__(self, doc: Doc, text: str, places: _Places, raw: list[list]):
        self.doc, self.text, self.places, self.raw = doc, text, places, raw
        self.entities: list[Entity] = []
        self.keys: dict[tuple, int] = {}
        self.parts: dict[str, list[int]] = {}
        self.counts: list[int] = []
        self.mentions: list[tuple[int, int, int, str]] = []
        self.taken: set[int] = set()
        self.genders: dict[int, str] = {}
        self.heads = _headline_lines(text)
        self.deferred: list[list] = []
        self.first_at: dict[int, int] = {}
        self.title_end = _title_end(text)

    def new(self, name: str, typ: str, key) -> int:
        self.entities.append(Entity(id=f"e{len(self.entities) + 1}", name=name, type=typ))
        self.counts.append(0)
        self.keys[key] = len(self.entities) - 1
        return len(self.entities) - 1

    def add(self, idx: int, s: int, e: int, typ: str, shown: tuple[int, int] | None = None) -> None:
        doc, text = self.doc, self.text
        ms, me = shown or (s, e)
        a, b = doc[ms].idx, doc[me - 1].idx + len(doc[me - 1])
        self.entities[idx].mentions.append(Mention(a, b, text[a:b]))
        self.counts[idx] += 1
        self.mentions.append((s, e, idx, typ))
        name = text[a:b]
        cur = self.entities[idx].name
        if "\n" not in name and (len(name) > len(cur) or (len(name) == len(cur) and cur.isupper() and not name.isupper())):
            self.entities[idx].name = name  # the longest form, and 'Kyiv' over a dateline's 'KYIV'

    def in_headline(self, char: int) -> bool:
        return bool(self.heads) and _in_lines(self.heads, char)

    def person_for(self, part: str, at: int) -> int | None:
        """The person a lone name part at token ``at`` is: one introduced before with it (or anywhere,
        in a title or headline), the most mentioned of several, or the one called by it alone."""
        doc = self.doc
        cands = [c for c in self.parts.get(fold(part), ())
                 if self.first_at.get(c, 0) < at or doc[at].idx < self.title_end or self.in_headline(doc[at].idx)]
        own = self.keys.get(("P", part.lower(), part.lower()))
        if own is not None:
            cands.append(own)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        return max(cands, key=lambda c: (self.counts[c], -c))


# -- STAGES: the passes that turn typed spans into entities, in order -------------------------------

def _full_person_names(bd: _Builder) -> None:
    """'Alexey Baranovsky said …': full person names first; they define the people and the name parts
    ('Zelenskyy' and a later 'Zelensky' are one). A name in a title-case headline waits for the body.
    Example: Alexey Baranovsky said the war would go on. Baranovsky fled in 2022."""
    doc = bd.doc
    for r in bd.raw:
        s, e, typ = r[0], r[1], r[2]
        if typ != "PERSON" or e - s < 2:
            continue
        if bd.in_headline(doc[s].idx) and len(r) < 5:
            bd.deferred.append(r)  # decided once the body's names are known
            continue
        toks = [t.text for t in doc[s:e] if not t.is_punct]
        if len(toks) < 2:
            continue
        key = ("P", toks[0].lower(), toks[-1].lower())
        idx = bd.keys.get(key)
        if idx is None:
            idx = bd.new(doc[s:e].text, "PERSON", key)
            for p in (toks[0], toks[-1]):
                if p not in STOP_NAME_PARTS and len(p) > 1:
                    lst = bd.parts.setdefault(fold(p), [])
                    if idx not in lst:
                        lst.append(idx)
        bd.add(idx, s, e, "PERSON")
        _gender_from_title(doc, s, idx, bd.genders)
        if idx not in bd.genders:
            g = gender_from_name(doc[s:e].text.split()[0], toks[-1])  # 'Jean-Robert' whole
            if g:
                bd.genders[idx] = g
        bd.taken.update(range(s, e))


def _headline_persons(bd: _Builder) -> None:
    """'Obama Speech Draws Crowds' (a title-case headline): a 'PERSON' there is a full name only if the
    body has it too; else its first word is matched against the body's names.
    Example: Obama Speech Draws Big Crowds In Ohio ¶ Barack Obama spoke in Cleveland on Monday."""
    doc = bd.doc
    for r in bd.deferred:
        s, e = r[0], r[1]
        toks = [t.text for t in doc[s:e] if not t.is_punct]
        idx = bd.keys.get(("P", toks[0].lower(), toks[-1].lower()))
        if idx is not None:
            bd.add(idx, s, e, "PERSON")
            bd.taken.update(range(s, e))
        else:
            r[0], r[1] = _headline_name(doc, s, e)


def _first_mentions(bd: _Builder) -> None:
    """Where each full name is first written: news introduces a person by full name first, so a bare
    'Obama' before 'Michelle Obama' appears is someone else (and keeps its own entity).
    Example: On Monday, Obama waved to the crowd. Later, Michelle Obama spoke about the campaign."""
    for s0, _, idx0, _ in bd.mentions:
        bd.first_at[idx0] = min(bd.first_at.get(idx0, s0), s0)


def _title_and_surname(bd: _Builder, s: int, e: int, typ: str) -> bool:
    """'General Mbuyi said' after 'Gen. Placide Mbuyi' (NER: ORG): a title and a known surname."""
    doc = bd.doc
    if typ in ("ORG", "GPE") and e - s == 2 and doc[s].lower_.rstrip(".") in PERSON_TITLES:
        idx = bd.person_for(doc[s + 1].text, s + 1)
        if idx is not None:
            bd.add(idx, s + 1, e, "PERSON")
            bd.taken.update(range(s, e))
            return True
    return False


def _name_part(bd: _Builder, s: int, e: int, typ: str) -> bool:
    """'Shelby said' after 'Betty Shelby': a word that is part of a person's name in this article is that
    person, unless it reads as a place here ('in Shelby')."""
    doc = bd.doc
    if e - s == 1 and typ not in ("NORP",) and not (
            typ in ("GPE", "LOC") and bd.places.cover(doc[s].idx, doc[s].idx + 1) and _place_reading(doc[s])):
        idx = bd.person_for(doc[s:e].text, s)
        if idx is not None:
            bd.add(idx, s, e, "PERSON")
            bd.taken.add(s)
            return True
    return False


def _other_names(bd: _Builder) -> None:
    """Every other name: a title and surname or a name part of a known person, else its own person
    (one-word or not), organisation, unit or place, keyed by its words.
    Example: The Kremlin denied the report."""
    doc = bd.doc
    for r in bd.raw:
        s, e, typ = r[0], r[1], r[2]
        if s in bd.taken or _title_and_surname(bd, s, e, typ) or _name_part(bd, s, e, typ):
            continue
        surface = doc[s:e].text
        shown = None
        if typ == "PERSON":
            key = ("P", surface.lower(), surface.lower()) if e - s == 1 else ("P", surface.lower())
        else:
            lead = r[3] if len(r) > 3 else s
            key = ("O", typ if typ in ("GPE", "LOC", "NORP") else "ORG", _org_key(doc, s, e))
            shown = (lead, e) if lead != s else None
        idx = bd.keys.get(key)
        if idx is None:
            idx = bd.new(surface, typ, key)
        bd.add(idx, s, e, typ, shown)
        bd.taken.update(range(s, e))


def _organisation_repeats(bd: _Builder) -> None:
    """'… the Freedom Legion. Members of the Freedom Legion …': further occurrences of a multi-word
    organisation name NER did not tag (one regex pass over the text).
    Example: The Russian Volunteer Corps claimed the raid on Monday. ¶ THE RUSSIAN VOLUNTEER CORPS said it had
    crossed the border."""
    doc, text = bd.doc, bd.text
    org_names = {}
    for k, idx in bd.keys.items():
        if k[0] == "O" and k[1] == "ORG" and " " in k[2] and len(k[2]) < 80:
            org_names[k[2]] = idx
    if not org_names:
        return
    pat = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(org_names, key=len, reverse=True))
                     + r")\b", re.IGNORECASE)
    for m in pat.finditer(text):
        span = doc.char_span(m.start(), m.end())
        if span is None or any(i in bd.taken for i in range(span.start, span.end)):
            continue
        if not text[m.start()].isupper():
            continue
        idx = org_names[m.group().lower()]
        bd.add(idx, span.start, span.end, bd.entities[idx].type)
        bd.taken.update(range(span.start, span.end))


def _missed_name_parts(bd: _Builder) -> None:
    """'Baranovsky, 42, …' (no NER entity): first names and surnames NER missed altogether, unless the
    word reads as a place here.
    Example: Alexey Baranovsky is 42. Baranovsky fled in 2022."""
    if not bd.parts:
        return
    for tok in bd.doc:
        if tok.i in bd.taken or not tok.is_title:
            continue
        idx = bd.person_for(tok.text, tok.i)
        if idx is not None and not (bd.places.cover(tok.idx, tok.idx + len(tok)) and _place_reading(tok)):
            bd.add(idx, tok.i, tok.i + 1, "PERSON")


STAGES = (_full_person_names, _headline_persons, _first_mentions, _other_names, _organisation_repeats,
          _missed_name_parts)


def build_entities(doc: Doc, text: str, places) -> tuple[list[Entity], Coref, list[tuple[int, int, int, str]]]:
    pl = _Places(places)
    bd = _Builder(doc, text, pl, _typed_spans(doc, pl))
    for stage in STAGES:
        stage(bd)
    # 'the SDF' after 'the Syrian Democratic Forces', 'IDF' and 'Israel Defense Forces': one organisation
    entities, mentions, genders = _merge_acronyms(bd.entities, bd.mentions, bd.genders)
    mentions.sort()
    coref = Coref()
    for s, e, idx, _ in mentions:
        for i in range(s, e):
            coref.tok_ent[i] = idx
    for idx, g in genders.items():
        coref.gender[idx] = g
    for ent in entities:
        ent.mentions.sort(key=lambda m: m.start)
    return entities, coref, mentions


def _initials(name: str) -> str:
    """'Inter-Services Public Relations' -> 'ISPR', 'Syrian Democratic Forces' -> 'SDF'."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _INITIALS_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _merge_acronyms(entities: list[Entity], mentions: list, genders: dict) -> tuple[list, list, dict]:
    """Fold an organisation written as an acronym into the one whose name it abbreviates, when exactly
    one organisation in the article has those initials; entity indices and ids are renumbered."""
    full_by_initials: dict[str, list[int]] = {}
    for k, e in enumerate(entities):
        if e.type in ("ORG", "UNIT") and " " in e.name.strip():
            full_by_initials.setdefault(_initials(e.name), []).append(k)
    into: dict[int, int] = {}
    for k, e in enumerate(entities):
        name = e.name.strip()
        if e.type in ("ORG", "UNIT") and 2 <= len(name) <= 6 and name.isalpha() and name.isupper():
            full = full_by_initials.get(name, [])
            if len(full) == 1 and full[0] != k:
                into[k] = full[0]
    if not into:
        return entities, mentions, genders
    for k, target in into.items():
        entities[target].mentions.extend(entities[k].mentions)
    keep = [k for k in range(len(entities)) if k not in into]
    new_index = {k: n for n, k in enumerate(keep)}
    for k, target in into.items():
        new_index[k] = new_index[target]
    mentions = [(s, e, new_index[idx], typ) for s, e, idx, typ in mentions]
    genders = {new_index[idx]: g for idx, g in genders.items()}
    kept = [entities[k] for k in keep]
    for n, e in enumerate(kept):
        e.id = f"e{n + 1}"  # ids stay 'e' + position: later stages add theirs after the last
    return kept, mentions, genders


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of title-case lines (headlines), where NER joins a name with the next capitalised word."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        if 3 <= len(words) <= 25 and sum(w[0].isupper() for w in words) >= 0.75 * len(words) \
                and words[0] != "By":  # a byline names its author in full
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _title_end(text: str) -> int:
    """End of the article's title when its first line is one, in sentence case too ('Zelensky says
    Ukraine will not cede territory'): a headline names a person before the body introduces them."""
    end = text.find("\n")
    line = text[:end].strip() if end > 0 else ""
    return end if line and len(line.split()) <= 25 and line[-1] not in ".!?\"\u201d" else 0


def _in_lines(lines: list[tuple[int, int]], char: int) -> bool:
    k = bisect.bisect_right(lines, (char, len(lines) and 1 << 60)) - 1
    return k >= 0 and lines[k][0] <= char < lines[k][1]


def _headline_name(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """The single token of a headline 'PERSON' to match against names in the body: the first one
    (surname-first headlines are rare in English news)."""
    return s, s + 1


def _org_key(doc: Doc, s: int, e: int) -> str:
    words = [t.lower_ for t in doc[s:e] if not t.is_punct]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _gender_from_title(doc: Doc, s: int, idx: int, out: dict[int, str]) -> None:
    if s > 0:
        g = HONORIFIC_GENDER.get(doc[s - 1].lower_)
        if g:
            out.setdefault(idx, g)
