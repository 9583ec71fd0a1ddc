"""Entities: canonical actors per article, with their mentions and descriptors.

Starts from spaCy's NER and fixes what the small model gets wrong in news:
- a place found by the places extractor is a GPE (or LOC), never a PERSON or PRODUCT (Kyiv);
- a first name or surname alone belongs to the full name introduced elsewhere in the article, even
  when NER calls it ORG or misses it ("Alexey" -> "Alexey Baranovsky");
- "Freedom Legion", "the Freedom Legion" and "Russia's Freedom Legion" are one ORG.
Descriptors (age, role, affiliation) come from appositions, title-like modifiers, copulas and
"as a ..." phrases, including sentences whose subject is a pronoun resolved to the person.

Leaves a ``Coref`` in ``ctx.scratch['coref']`` for the quote extractor.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from newsgraph.extract import Context, extractor
from newsgraph.extract.quotes.marks import find_quoted
from newsgraph.extract.speakers import HONORIFIC_GENDER, PERSON_NOUNS, Coref, resolve_pronouns
from newsgraph.person_names import FIRST_NAME_GENDER, census_first_name, fold, gender_from_name
from newsgraph.record import Entity, Mention

TYPE_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC"}
TITLES = {"mr", "mrs", "ms", "dr", "president", "sen", "senator", "gov", "governor", "rep", "representative",
          "gen", "general", "col", "colonel", "lt", "sgt", "capt", "captain", "prof", "professor", "judge",
          "justice", "rev", "secretary", "minister", "prime", "chancellor", "vice", "speaker", "mayor", "sir",
          "lady", "lord", "pope", "king", "queen", "prince", "princess", "former", "candidate", "nominee",
          "commander", "chief", "ambassador", "spokesman", "spokeswoman", "sergeant", "lieutenant", "major",
          "private", "corporal", "lt.", "maj", "adm", "admiral", "attorney", "reverend", "father", "sister",
          "the", "a", "an", "president-elect"}
# titles written before a person's surname alone ('General Mbuyi', 'Mr. Bahati')
PERSON_TITLES = TITLES - {"the", "a", "an", "former", "prime", "vice", "candidate", "nominee", "chief", "private"}
# titles that say what a person does (not 'Mr', 'Dr'): a descriptor when written before the name
RANKS = (TITLES - {"mr", "mrs", "ms", "dr", "sir", "lady", "lord", "the", "a", "an", "former", "prime", "vice",
                   "father", "sister", "rev", "reverend", "candidate", "nominee"}) \
    | {"mp", "mep", "lawmaker", "deputy", "envoy", "prosecutor", "ombudsman", "premier"}
# verbs of a relative clause that give a role: 'who commands a drone unit', 'who heads the council'
ROLE_VERBS = {"command", "lead", "head", "run", "chair", "oversee", "represent", "direct", "manage", "found"}
UNIT_WORDS = re.compile(r"\b(Brigade|Battalion|Regiment|Division|Corps|Squadron|Platoon|Company|Legion|Army|"
                        r"Guard|Fleet|Battery)\b")
# the last word of a name that makes it an institution's or a building's, not a person's
FACILITY_WORDS = {"hospital", "clinic", "school", "university", "college", "academy", "institute", "airport",
                  "station", "stadium", "mosque", "church", "cathedral", "synagogue", "bridge", "plant", "centre",
                  "center", "museum", "library", "prison", "foundation", "hotel", "market", "dam", "port"}
TIME_ZONES = {"GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "MSK", "EST", "EDT", "PST", "PDT", "CST", "CDT"}
STOP_NAME_PARTS = {"The", "A", "An", "New", "North", "South", "East", "West", "Jr", "Jr.", "Sr", "Sr.", "II",
                   "III", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr."}
COPULA = {"is", "was", "are", "were", "'s", "remains", "remained", "became", "becomes"}
# head nouns of a description that make a one-word 'person' an organisation
ORG_NOUNS = {"operator", "company", "agency", "ministry", "group", "network", "service", "firm", "provider",
             "utility", "broadcaster", "committee", "council", "office", "department", "organisation",
             "organization", "monitor", "watchdog", "body", "authority", "regulator", "manufacturer", "producer",
             "bank", "party", "union", "movement", "institute", "outlet", "newspaper", "channel", "airline",
             "carrier", "maker", "giant", "conglomerate", "charity", "ngo", "militia", "faction"}
AS_VERBS = {"serves", "served", "serving", "works", "worked", "working", "acts", "acted", "acting"}


@extractor("entities", needs=("ner", "parser"), produces=("entities",), order=20)
def extract_entities(ctx: Context) -> None:
    doc, text = ctx.doc, ctx.record.text
    quoted = ctx.scratch.get("quoted")
    if quoted is None:
        quoted = ctx.scratch["quoted"] = find_quoted(text)
    demonyms = ctx.scratch.get("demonym_spans") or ()
    places = [p for p in ctx.record.places if (p.start, p.end) not in demonyms]
    ents, coref, mentions = build_entities(doc, text, places)
    resolve_pronouns(doc, mentions, coref, [(q.start, q.end) for q in quoted])
    add_descriptors(doc, ents, coref, mentions)
    for e in ents:
        if e.type == "PERSON" and " " not in e.name and any(
                d.split()[-1].lower() in ORG_NOUNS for d in e.descriptors if d.split()):
            e.type = "ORG"  # 'Ukrenergo, the national grid operator,' (the small model: PERSON)
    ctx.record.entities = ents
    ctx.scratch["coref"] = coref
    ctx.scratch["mentions"] = mentions


def _strip(doc: Doc, s: int, e: int, label: str) -> tuple[int, int]:
    # possessive 's and trailing punctuation are not part of the name
    while e > s and (doc[e - 1].text in ("'s", "'", "\u2019s") or doc[e - 1].is_punct):
        e -= 1
    while s < e and (doc[s].is_punct or doc[s].lower_ in ("the", "this", "that", "these", "those")
                     or (label == "PERSON" and e - s > 1 and doc[s].lower_.rstrip(".") in TITLES)):
        s += 1
    return s, e


def build_entities(doc: Doc, text: str, places) -> tuple[list[Entity], Coref, list[tuple[int, int, int, str]]]:
    place_spans = sorted((p.start, p.end, p.feature_class) for p in places or [])
    pstarts = [p[0] for p in place_spans]

    def place_cover(a: int, b: int):
        """The place span overlapping chars [a, b), if any."""
        k = bisect.bisect_right(pstarts, b - 1) - 1
        while k >= 0 and place_spans[k][1] > a:
            if place_spans[k][0] < b:
                return place_spans[k]
            k -= 1
        return None

    raw: list[list] = []  # [tok_start, tok_end, type]
    covered_places = set()
    # a two/three-word "ORG" whose first word also stands alone elsewhere is a person called by the
    # first name ("Oleksandr Petrenko ... Oleksandr says")
    singles = {e.text for e in doc.ents if len(e) == 1 and e.label_ in ("ORG", "GPE", "PERSON", "PRODUCT")}
    for ent in doc.ents:
        s, e = _strip(doc, ent.start, ent.end, ent.label_)
        if s >= e or not any(ch.isupper() for ch in doc[s:e].text):
            continue  # names are capitalised; 'eastern' tagged NORP/ORG is not an actor
        a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        pl = place_cover(a, b)
        label = TYPE_MAP.get(ent.label_)
        if label in ("ORG", "GPE") and 2 <= e - s <= 3 and doc[s].text in singles and pl is None \
                and all(t.is_title for t in doc[s:e]) and not UNIT_WORDS.search(doc[s:e].text):
            label = "PERSON"
        if pl is not None:
            covered_places.add(pl[0])
            inside = pl[0] <= a and b <= pl[1] + 2
            if inside or label in (None, "PERSON"):
                label = "LOC" if pl[2] in ("H", "T", "L", "V", "U", "R", "S") else "GPE"
        if label is None:
            continue
        if label in ("ORG", "GPE") and pl is None and doc[s].lower_.rstrip(".") in PERSON_TITLES:
            # 'Lt. Gen. Dolores Vickery' (NER: ORG): ranks before a first name and a surname
            k = s
            while k < e and doc[k].lower_.rstrip(".") in PERSON_TITLES:
                k += 1
            rest = doc[k:e]
            if len(rest) >= 2 and all(t.is_title and t.is_alpha for t in rest) and (
                    doc[k - 1].text.endswith(".") or census_first_name(rest[0].lower_)
                    or rest[0].lower_ in FIRST_NAME_GENDER):
                s, label = k, "PERSON"
        if label in ("ORG", "GPE", None) and pl is None and (
                described_as_person(doc[e - 1]) or e - s == 1 and names_a_person_noun(doc[s])):
            # "Oksana, a 54-year-old teacher from Kramatorsk,", "Jean-Pierre Bahati, 52, a former
            # schoolteacher", "Her husband, Vasyl," (NER: ORG)
            label = "PERSON"
        if label == "PERSON" and s > 0 and e - s == 1:
            p = doc[s - 1]
            if p.is_title and p.dep_ == "compound" and p.head.i == s and p.ent_type_ == "" \
                    and p.lower_.rstrip(".") not in TITLES:
                s -= 1
        if label == "PERSON" and e - s == 1 and pl is None and _looks_like_place(doc[s]):
            label = "GPE"
        if label == "PERSON" and e - s > 1 and doc[e - 1].lower_ in FACILITY_WORDS:
            label = "ORG"  # 'Nasser Hospital', 'Lincoln High School': an institution named after someone
        if label in ("ORG", "PERSON") and e - s == 1 and doc[s].text in TIME_ZONES:
            continue  # '05.00 GMT' is a time, not an organisation
        if label == "ORG" and UNIT_WORDS.search(doc[s:e].text) and doc[s].text[:1].isupper():
            label = "UNIT" if re.search(r"\d", doc[s:e].text) else "ORG"
        raw.append([s, e, label])
    for pl in place_spans:
        if pl[0] in covered_places:
            continue
        span = doc.char_span(pl[0], pl[1], alignment_mode="expand")
        if span is not None and len(span):
            raw.append([span.start, span.end, "LOC" if pl[2] in ("H", "T", "L", "V", "U", "R", "S") else "GPE"])
    raw.sort()

    # "Russia's Freedom Legion": an organisation owned by a place is named with it
    for r in raw:
        if r[2] in ("ORG", "UNIT") and r[0] >= 2 and doc[r[0] - 1].text in ("'s", "\u2019s") \
                and doc[r[1] - 1].dep_ != "compound":
            owner = doc[r[0] - 2]
            if owner.text[:1].isupper():
                r.append(owner.left_edge.i if owner.left_edge.i >= r[0] - 4 else r[0] - 2)

    # full person names first: they define the people and the name parts
    entities: list[Entity] = []
    keys: dict[tuple, int] = {}
    parts: dict[str, list[int]] = {}
    counts: list[int] = []
    mentions: list[tuple[int, int, int, str]] = []

    def new(name: str, typ: str, key) -> int:
        entities.append(Entity(id=f"e{len(entities) + 1}", name=name, type=typ))
        counts.append(0)
        keys[key] = len(entities) - 1
        return len(entities) - 1

    def add(idx: int, s: int, e: int, typ: str, shown: tuple[int, int] | None = None) -> None:
        ms, me = shown or (s, e)
        a, b = doc[ms].idx, doc[me - 1].idx + len(doc[me - 1])
        entities[idx].mentions.append(Mention(a, b, text[a:b]))
        counts[idx] += 1
        mentions.append((s, e, idx, typ))
        name = text[a:b]
        cur = entities[idx].name
        if "\n" not in name and (len(name) > len(cur) or (len(name) == len(cur) and cur.isupper() and not name.isupper())):
            entities[idx].name = name  # the longest form, and 'Kyiv' over a dateline's 'KYIV'

    taken: set[int] = set()
    genders: dict[int, str] = {}
    heads = _headline_lines(text)
    deferred: list[list] = []
    for r in raw:
        s, e, typ = r[0], r[1], r[2]
        if typ != "PERSON" or e - s < 2:
            continue
        if heads and _in_lines(heads, doc[s].idx) and r is not None and len(r) < 5:
            deferred.append(r)  # decided once the body's names are known
            continue
        toks = [t.text for t in doc[s:e] if not t.is_punct]
        if len(toks) < 2:
            continue
        key = ("P", toks[0].lower(), toks[-1].lower())
        idx = keys.get(key)
        if idx is None:
            idx = new(doc[s:e].text, "PERSON", key)
            for p in (toks[0], toks[-1]):
                if p not in STOP_NAME_PARTS and len(p) > 1:
                    lst = parts.setdefault(fold(p), [])  # 'Zelenskyy' and a later 'Zelensky' are one
                    if idx not in lst:
                        lst.append(idx)
        add(idx, s, e, "PERSON")
        _gender_from_title(doc, s, idx, genders)
        if idx not in genders:
            g = gender_from_name(doc[s:e].text.split()[0], toks[-1])  # 'Jean-Robert' whole
            if g:
                genders[idx] = g
        taken.update(range(s, e))

    for r in deferred:
        # "Obama Speech" in a title-case headline: a full name only if the body has it too
        s, e = r[0], r[1]
        toks = [t.text for t in doc[s:e] if not t.is_punct]
        idx = keys.get(("P", toks[0].lower(), toks[-1].lower()))
        if idx is not None:
            add(idx, s, e, "PERSON")
            taken.update(range(s, e))
        else:
            r[0], r[1] = _headline_name(doc, s, e)

    # where each full name is first written: news introduces a person by full name first, so a bare
    # "Obama" before "Michelle Obama" appears is someone else (and keeps its own entity)
    first_at: dict[int, int] = {}
    for s0, _, idx0, _ in mentions:
        first_at[idx0] = min(first_at.get(idx0, s0), s0)

    title_end = _title_end(text)

    def person_for(part: str, at: int) -> int | None:
        cands = [c for c in parts.get(fold(part), ())
                 if first_at.get(c, 0) < at or doc[at].idx < title_end or (heads and _in_lines(heads, doc[at].idx))]
        own = keys.get(("P", part.lower(), part.lower()))
        if own is not None:
            cands.append(own)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        return max(cands, key=lambda c: (counts[c], -c))

    for r in raw:
        s, e, typ = r[0], r[1], r[2]
        if s in taken:
            continue
        surface = doc[s:e].text
        if typ in ("ORG", "GPE") and e - s == 2 and doc[s].lower_.rstrip(".") in PERSON_TITLES:
            # 'General Mbuyi said' after 'Gen. Placide Mbuyi' (NER: ORG): a title and a known surname
            idx = person_for(doc[s + 1].text, s + 1)
            if idx is not None:
                add(idx, s + 1, e, "PERSON")
                taken.update(range(s, e))
                continue
        # a word that is part of a person's name in this article is that person, unless it reads as a
        # place here ("in Shelby"): "Shelby said" after "Betty Shelby" is the officer, not the county
        if e - s == 1 and typ not in ("NORP",) and not (
                typ in ("GPE", "LOC") and place_cover(doc[s].idx, doc[s].idx + 1) and _place_reading(doc[s])):
            idx = person_for(surface, s)
            if idx is not None:
                add(idx, s, e, "PERSON")
                taken.add(s)
                continue
        if typ == "PERSON":
            key = ("P", surface.lower(), surface.lower()) if e - s == 1 else ("P", surface.lower())
        else:
            lead = r[3] if len(r) > 3 else s
            key = ("O", typ if typ in ("GPE", "LOC", "NORP") else "ORG", _org_key(doc, s, e))
            idx = keys.get(key)
            if idx is None:
                idx = new(surface, typ, key)
            add(idx, s, e, typ, (lead, e) if lead != s else None)
            taken.update(range(s, e))
            continue
        idx = keys.get(key)
        if idx is None:
            idx = new(surface, typ, key)
        add(idx, s, e, typ)
        taken.update(range(s, e))

    # further untagged occurrences of multi-word organisation names (one regex pass over the text)
    org_names = {}
    for k, idx in keys.items():
        if k[0] == "O" and k[1] == "ORG" and " " in k[2] and len(k[2]) < 80:
            org_names[k[2]] = idx
    if org_names:
        pat = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(org_names, key=len, reverse=True))
                         + r")\b", re.IGNORECASE)
        for m in pat.finditer(text):
            span = doc.char_span(m.start(), m.end())
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            if not text[m.start()].isupper():
                continue
            idx = org_names[m.group().lower()]
            add(idx, span.start, span.end, entities[idx].type)
            taken.update(range(span.start, span.end))

    # first names / surnames that NER missed altogether
    if parts:
        for tok in doc:
            if tok.i in taken or not tok.is_title:
                continue
            idx = person_for(tok.text, tok.i)
            if idx is not None and not (place_cover(tok.idx, tok.idx + len(tok)) and _place_reading(tok)):
                add(idx, tok.i, tok.i + 1, "PERSON")
    if ACRONYMS:
        entities, mentions, genders = _merge_acronyms(entities, mentions, genders)
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


# 'the SDF' after 'the Syrian Democratic Forces', 'IDF' and 'Israel Defense Forces': one organisation
ACRONYMS = True
_INITIALS_SKIP = {"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "al", "el"}


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


# nouns that make an apposition describe a person ("Oksana, a teacher from Kramatorsk,")
_PERSON_NOUNS = PERSON_NOUNS | RANKS


def described_as_person(t: Token) -> bool:
    """A lone name with an apposition giving an age or a person noun ('Oksana, 54, a teacher')."""
    if not t.is_title:
        return False
    for c in t.rights:
        if c.dep_ != "appos":
            continue
        if c.like_num or c.lower_ in _PERSON_NOUNS:
            return True
        if any("year-old" in x.lower_ or x.lower_ == "old" for x in c.subtree) and c.i - t.i <= 6:
            return True
    return False


def names_a_person_noun(t: Token) -> bool:
    """A lone name in apposition to a person noun: 'Her husband, Vasyl, went out'."""
    return t.is_title and t.dep_ == "appos" and t.head.lower_ in _PERSON_NOUNS and t.head.i < t.i


_PLACE_PREPS = {"in", "near", "outside", "into", "across", "towards", "toward", "around"}
_PLACE_NOUNS = {"town", "city", "village", "region", "province", "capital", "oblast", "district", "port"}


def _looks_like_place(t: Token) -> bool:
    """A lone 'PERSON' after 'in'/'near' or named as 'the town of X' is a place the places pass missed."""
    h = t.head
    if t.dep_ == "pobj" and h.lower_ in _PLACE_PREPS:
        return True
    if t.dep_ == "pobj" and h.lower_ == "of" and h.head.lower_ in _PLACE_NOUNS:
        return True
    return t.dep_ in ("appos", "compound") and h.lower_ in _PLACE_NOUNS


def _place_reading(t: Token) -> bool:
    """A gazetteer word used as a place here ('in Shelby', 'from Jordan'), not as a person."""
    return _looks_like_place(t) or (t.dep_ == "pobj" and t.head.lower_ in ("from", "to", "at", "of"))


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


def _body_subject_before(doc: Doc, tok: Token, coref: Coref, entities: list[Entity]) -> str | None:
    """The body 'its' refers to: the subject of the previous sentence, when that is a body and not a
    person ('The regional military administration said …. Its head, Ivan Fedorov, …')."""
    sent = tok.sent
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    for t in prev:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN") \
                and not t.tag_.endswith("S"):
            k = coref.tok_ent.get(t.i)
            if k is not None and entities[k].type == "PERSON":
                return None
            words = doc[t.left_edge.i:t.i + 1].text
            return "the" + words[3:] if t.left_edge.lower_ == "the" else words  # 'The …' opened the sentence
    return None


def _np_text(doc: Doc, tok: Token, limit: int = 10) -> str | None:
    """A descriptor from a noun phrase: without its determiner, relative clause or trailing aside."""
    a = tok.left_edge.i
    b = tok.i + 1
    for c in tok.rights:
        if (c.dep_ in ("compound", "amod", "nummod") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "from"))) \
                and c.right_edge.i - a < limit:
            if any(t.text in (",", "(", "\n") for t in doc[c.i:c.right_edge.i + 1]):
                break
            b = c.right_edge.i + 1
        else:
            break
    a, b = _trim_np(doc, a, b)
    if a >= b or b - a > limit:
        return None
    out = doc[a:b].text.strip()
    return out or None


def _trim_np(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Tokens [a, b) of a descriptor without its leading determiner and edge punctuation."""
    for k in range(b - 1, a - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            a = k + 1  # '11:02 ¶ Ukraine's human rights commissioner': a heading the parser ran in
            break
    while a < b and (doc[a].lower_ in ("a", "an", "the", "its", "their") or doc[a].is_punct):
        a += 1  # 'its spokesman' is a spokesman (whose, the article says around it)
    while b > a and doc[b - 1].is_punct:
        b -= 1
    return a, b


def add_descriptors(doc: Doc, entities: list[Entity], coref: Coref, mentions) -> None:
    seen = [set(e.descriptors) for e in entities]
    text = doc.text  # built from the tokens on each access: once

    def put(idx: int, d: str | None) -> None:
        if d and d not in seen[idx] and len(d) < 80 and entities[idx].name.lower() not in d.lower():
            seen[idx].add(d)
            entities[idx].descriptors.append(d)

    def owned(noun: Token, d: str | None) -> str | None:
        """'his deputy' -> "Andriy Kovalenko's deputy" when the pronoun is resolved; 'its head' -> 'head of
        the regional military administration' when the previous sentence's subject is a body."""
        first = noun.left_edge
        if d and first.tag_ == "PRP$" and first.i in coref.pron_ent and d.lower().startswith(first.lower_ + " "):
            return f"{entities[coref.pron_ent[first.i]].name}'s {d[len(first.text) + 1:]}"
        if d and first.lower_ == "its":  # _np_text has already dropped the 'its'
            body = _body_subject_before(doc, first, coref, entities)
            if body:
                return f"{d} of {body}"
        return d

    heads: list[tuple[Token, int, int]] = [(doc[e - 1], idx, s) for s, e, idx, typ in mentions if typ == "PERSON"]
    heads += [(doc[i], idx, i) for i, idx in coref.pron_ent.items()]
    for head, idx, s in heads:
        # apposition: "Alexey, 42," / "Jason Miller, a Trump spokesman,"
        for c in head.rights:
            if c.dep_ == "appos":
                if c.like_num:
                    put(idx, c.text)
                else:
                    put(idx, owned(c, _np_text(doc, c)))
        top = head.head  # what the name is an apposition to
        while head.dep_ == "appos" and top.dep_ == "pobj" and top.head.dep_ == "prep" \
                and top.head.lower_ in ("of", "for", "at") and top.head.head.pos_ == "NOUN":
            top = top.head.head
        if head.dep_ == "appos" and top.i != head.head.i:
            # "the mayor of Kharkiv, Ihor Terekhov," / "a spokesman for the Southern Command, Vladyslav
            # Voloshyn,": the parser hangs the name on the last noun; the descriptor is the whole phrase
            a, b = _trim_np(doc, top.left_edge.i, head.left_edge.i)
            if 0 < b - a <= 10:
                put(idx, doc[a:b].text)
        elif head.dep_ == "appos" and head.head.pos_ == "NOUN" \
                and "\n" not in text[head.head.idx:head.idx]:  # not a heading above: 'Politics ¶ - Orban'
            put(idx, owned(head.head, _np_text(doc, head.head)))
        # title-like modifiers in front of the name: "former Russian MP Ilya Ponomarev"
        left = head.left_edge.i
        if left < s and head.pos_ == "PROPN":
            k = s
            while k > left and (doc[k - 1].dep_ in ("compound", "amod", "nmod", "npadvmod") and not doc[k - 1].is_punct
                                or doc[k - 1].tag_ == "HYPH" and k - 1 > left) \
                    and "\n" not in text[doc[k - 1].idx:doc[k].idx] \
                    and (doc[k - 1].i not in coref.tok_ent or
                         entities[coref.tok_ent[doc[k - 1].i]].type != "PERSON"):
                k -= 1  # 'Kremlin spokesman Dmitry Peskov': an organisation's name belongs to the title;
                # 'NATO Secretary-General Jens Stoltenberg': so do hyphenated titles
            if k < s and any(t.pos_ == "NOUN" or t.lower_.rstrip(".") in RANKS for t in doc[k:s]):
                put(idx, doc[k:s].text)
        # "Andriy Kovalenko, who commands a drone unit," / ", who is a member of …"
        for c in head.rights:
            if c.dep_ == "relcl" and any(x.lower_ == "who" and x.dep_ == "nsubj" for x in c.children):
                if c.lower_ in COPULA:
                    attr = next((x for x in c.rights if x.dep_ == "attr" and x.pos_ == "NOUN"), None)
                    if attr is not None:
                        put(idx, _np_text(doc, attr, 12))
                elif c.lower_ in AS_VERBS and any(x.dep_ == "prep" and x.lower_ == "as" for x in c.rights):
                    # ', who now serves as Norway's finance minister,'
                    as_ = next(x for x in c.rights if x.dep_ == "prep" and x.lower_ == "as")
                    obj = next((x for x in as_.children if x.dep_ == "pobj" and x.pos_ == "NOUN"), None)
                    if obj is not None:
                        put(idx, _np_text(doc, obj, 12))
                elif c.lemma_ in ROLE_VERBS or c.lower_.rstrip("s") in ROLE_VERBS:
                    obj = next((x for x in c.rights if x.dep_ == "dobj"), None)
                    np = _np_text(doc, obj) if obj is not None else None
                    if np:
                        det = obj.left_edge.text + " " if obj.left_edge.lower_ in ("a", "an", "the") else ""
                        put(idx, f"{c.text} {det}{np}")
        if head.dep_ in ("nsubj",):
            v = head.head
            # copula: "Alexey is a member of Russia's Freedom Legion"
            if v.lower_ in COPULA:
                for c in v.rights:
                    if c.dep_ == "attr" and c.pos_ == "NOUN":
                        put(idx, _np_text(doc, c, 12))
            # "serves as a drone operator"
            for vv in [v, *[c for c in v.rights if c.dep_ == "conj"]]:
                if vv.lower_ in AS_VERBS or vv is v:
                    for c in vv.children:
                        if c.dep_ == "prep" and c.lower_ == "as":
                            for p in c.children:
                                if p.dep_ == "pobj" and p.pos_ == "NOUN" and (
                                        vv.lower_ in AS_VERBS or any(d.lower_ in ("a", "an") for d in p.lefts)):
                                    put(idx, _np_text(doc, p))
                if vv is not v and vv.lower_ in COPULA:
                    for c in vv.rights:
                        if c.dep_ == "attr" and c.pos_ == "NOUN":
                            put(idx, _np_text(doc, c, 12))
