"""Rules of class (a), the role first and the name later: a name given in a relative clause, a
title with a name, a name beside its description, a definite source named a sentence later, the one
person the article gives the same role of the same body, a role whose holder is named at the next
attribution.

Each takes the article, the quote and all quotes, and returns a Resolution or None (not sure).
"""
from __future__ import annotations

import re

from newsgraph.extract.attribution.article import Article, Named, Resolution, _same_body
from newsgraph.extract.attribution.phrases import (
    _ANONYMOUS,
    PERSON_WORDS,
    ROLE_REACH,
    _affiliation_part,
    _families,
    _head,
    _is_outlet,
    _is_pronoun,
    _kind_of_phrase,
    _looks_like_name,
    _modifiers,
    _person_gender,
    _plural,
    _proper_words,
    _rank,
    _role_gender,
    _role_part,
    _stem,
    _words,
    words,
)
from newsgraph.record import Quote


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


def rule_role_then_adjacent_name(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A role phrase followed straight by a person's name, no comma between, is that person, whoever
    else holds a like role in the article.

    'However, the NAS spokesperson Suba Samuel refuted the claims and said there were no clashes.'
    -> Suba Samuel (not the army's spokesperson quoted before).
    """
    sp = q.speaker
    if _is_pronoun(sp.text) or not _families(_role_part(sp.text), words().role):
        return None
    if art.text[sp.end:sp.end + 1] != " ":
        return None
    n = next((n for n in art.named if n.start == sp.end + 1 and n.kind == "person"), None)
    if n is None or n.entity is not None and n.entity == sp.entity and sp.name == n.name:
        return None
    if not re.match(r"(?:,|\s+[a-z])", art.text[n.end:n.end + 2]):
        return None  # the name ends the phrase: a verb or a comma follows ('… Suba Samuel refuted')
    return Resolution(n.name, n.entity, "person")


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
    rank = _rank(phrase)
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
            if _rank(d) != rank:
                continue  # 'the minister' is not the prime minister named later
            cands.setdefault(n.entity or n.name, n)
    if len(cands) == 1:
        n = next(iter(cands.values()))
        return Resolution(n.name, n.entity, "person")
    return None


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
    after = sorted((p for p in quotes if p is not q and p.speaker is not None and p.start >= max(q.end, sp.end)),
                   key=lambda p: p.start)  # (after this quote's own attribution: not one inside its sentence)
    if not after:
        return None
    nxt = after[0]
    ns = nxt.speaker
    speakers = {p.speaker.entity for p in quotes if p.speaker is not None and p.speaker.entity}
    ne = art.by_id.get(ns.entity or "")
    if ne is None or ne.type != "PERSON" or ns.text != ne.name and not ns.text.endswith(ne.name):
        return None  # the next attribution must write the full name
    if _is_outlet(ne.name):
        return None  # 'Al Masirah TV said on Twitter': a channel the model typed as a person
    if min(m.start for m in ne.mentions) < ns.start or ns.start - sp.end > 700:
        return None  # introduced there, not earlier; and close by
    if any(n.kind == "person" and sp.end <= n.start < ns.start and (" " in n.name or n.entity in speakers)
           for n in art.named):
        return None  # someone else named between ('the Fara family' is no one)
    definite = sp.text.split()[0].lower() == "the"
    # a rank is no other role of a definite one ('the Defense Ministry spokesman' … 'Maj. Gen. Chris
    # Olukolade said'); an indefinite 'a spokesman' stays wary of anyone with another title
    desc = [d for n in art.named if n.entity == ne.id for d in n.descriptors if not (definite and _military_rank(d))]
    if any(not (_families(_role_part(d), words().role) & _families(_role_part(sp.text), words().role))
           or not _same_body(aff, _affiliation_part(d), art, ns.start)
           for d in desc if _families(_role_part(d), words().role)):
        return None  # the person holds another role, or the same role in another body
    if any(_rank(d) != _rank(sp.text) for d in desc if _families(_role_part(d), words().role)):
        return None  # 'a minister' is not the prime minister named next
    g = _role_gender(sp.text)
    if g and _person_gender(ne.name) not in (None, g):
        return None
    return Resolution(ne.name, ne.id, "person")


_RANK_WORDS = frozenset({"maj", "major", "gen", "general", "col", "colonel", "lt", "lieutenant", "brig", "brigadier",
                         "capt", "captain", "sgt", "sergeant", "adm", "admiral", "cpl", "corporal", "cmdr", "commander",
                         "lt-gen", "maj-gen", "lt.-gen", "maj.-gen", "army", "air", "vice", "rear"})


def _military_rank(descriptor: str) -> bool:
    """Is a descriptor only a military rank ('Maj. Gen.', 'Brigadier General', 'Army Col.')? A rank is
    not another role: a general may be the ministry's spokesman."""
    ws = [w.strip(".,").lower() for w in descriptor.split()]
    return bool(ws) and all(w in _RANK_WORDS for w in ws)


_NAME_CLOSES = re.compile(r"(?<=\s)([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,2})$")
_NOT_BEFORE_NAME = frozenset({"of", "for", "in", "at", "from", "on", "the", "and", "to", "by", "near"})


def rule_name_closes_role_phrase(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A role phrase that ends with its holder's name is that person, even when the model typed the
    name as something else.

    'Two more soldiers were missing, the high commissioner of Sanmatenga province Boureima Zongo
    earlier said by phone.' -> Boureima Zongo (not 'Kherson Oblast' of 'the governor of Kherson
    Oblast': a name must follow a plain word, not 'of').
    """
    sp = q.speaker
    if sp.name != sp.text or _is_pronoun(sp.text) or not _families(_role_part(sp.text), words().role):
        return None
    m = _NAME_CLOSES.search(sp.text)
    if m is None or not _looks_like_name(m.group(1)):
        return None
    before = sp.text[:m.start(1)].split()
    if len(before) < 2 or before[-1].lower() in _NOT_BEFORE_NAME or before[-1][:1].isupper():
        return None
    a, b = sp.start + m.start(1), sp.start + m.end(1)
    if any(p.start < b and a < p.end and p.lat is not None for p in art.record.places):
        return None  # a place the gazetteer knows
    if any(e.type in ("GPE", "ORG", "NORP", "FAC") and any(x.start < b and a < x.end for x in e.mentions)
           for e in art.record.entities):
        return None
    person = next((n for n in art.named if n.kind == "person" and n.start == a and n.end == b), None)
    return Resolution(m.group(1), person.entity if person else None, "person")


_NOT_A_BODY = frozenset({"a", "an", "the", "one", "another", "for", "of", "at", "with", "from", "in", "to", "and",
                         "local", "senior", "deputy", "top", "former", "chief", "regional", "provincial", "district",
                         "area", "new", "then", "acting", "his", "her", "its", "their"})


def _body_stems(phrase: str) -> set[str]:
    """The words of a role phrase that say whose role it is: 'A UN spokesman' -> {un}; 'a spokesman
    for the SPLA-In-Opposition (SPLA IO)' -> {spla-i, spla, io}; 'a rebel spokesman' -> {rebel}; role
    words, generic words and plain adjectives ('local', 'senior') left out."""
    w = words()
    out = set()
    for x in _words(phrase):
        if x in _NOT_A_BODY or x in w.generic or x.replace("\u2019", "'") in w.generic or x in w.role:
            continue
        out.add(_stem(x).rstrip("s") or x)
    return out


def rule_indefinite_role_named_later(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """An indefinite role of a named body ('a spokesman for X', 'a rebel spokesman') is the one person
    the article names later with the same role of the same body.

    'A spokesman for the SPLA-In-Opposition (SPLA IO) said government forces attacked its bases. ¶ SPLA
    IO deputy spokesman Major Dickson Gatluak said …' -> Dickson Gatluak; 'a rebel spokesman said …
    Colonel Vianney Kazarama, spokesman for the M23 rebels, said …' -> Vianney Kazarama (not the army's
    spokesman the article also names). Only a person first named after the role (one named before
    would be taken up by name), only when exactly one such person shares a word of the body, the
    gender agrees, and nothing says the source asked not to be named.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE" or _is_pronoun(sp.text) or _plural(sp.text) or _looks_like_name(sp.name):
        return None
    tail = re.match(r"\s+(?:for|of|at|with|from)\s+[^,.;:\n]{1,60}", art.text[sp.end:sp.end + 70])
    phrase = sp.text + (tail.group() if tail and " for " not in sp.text and " of " not in sp.text else "")
    if phrase.split()[0].lower() not in ("a", "an", "one", "another"):
        return None
    w = words()
    fams = _families(_role_part(phrase), w.role)
    if not fams or _ANONYMOUS.search(art.text[sp.start:sp.start + 300]):
        return None
    body = _body_stems(phrase)
    if not body:
        return None  # 'a spokesman': whose, the article does not say
    gender = _role_gender(phrase)
    firsts: dict[str, int] = {}
    for n in art.named:
        if n.kind == "person":
            key = n.entity or n.name
            firsts[key] = min(firsts.get(key, n.start), n.start)
    cands: dict[str, Named] = {}
    for n in art.named:
        key = n.entity or n.name
        if n.kind != "person" or firsts[key] <= sp.end or n.start - sp.start > ROLE_REACH:
            continue
        for d in n.descriptors:
            ws = _words(d)
            if ws and ws[-1] in w.role and any(x in ("for", "of") for x in ws):
                continue  # 'spokesman for UN secretary-general' before 'Antonio Guterres': his role is the last
            if fams & _families(_role_part(d), w.role) and body & _body_stems(d):
                cands.setdefault(key, n)
    if len(cands) != 1:
        return None  # (a gender that disagrees makes it unsure, not another person's)
    n = next(iter(cands.values()))
    if gender and (_person_gender(n.name) not in (None, gender)
                   or any(_role_gender(d) not in (None, gender) for d in n.descriptors)):
        return None
    return Resolution(n.name, n.entity, "person")


def rule_title_initials(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the DCC' is the one person the article gives a title with those initials.

    'John Marete, the Laffey Deputy County Commissioner, told reporters … The gunfight lasted for about
    30 minutes, the DCC said.' -> John Marete.
    """
    from newsgraph.extract.attribution.bodies import _abbreviates

    sp = q.speaker
    m = re.fullmatch(r"(?:the|The)\s+([A-Z]{2,5})", sp.text.strip())
    if m is None:
        return None
    short = m.group(1)
    if any(re.search(r"\(" + short + r"\)", art.text[max(0, n.start - 5):n.end + 12]) for n in art.named
           if n.kind != "person"):
        return None  # a body's short form ('the UPDF'): not a title
    found = {}
    for n in art.named:
        if n.kind == "person" and n.start < sp.start:
            for d in n.descriptors:
                words_ = [x for x in re.findall(r"[\w'\u2019-]+", d) if x[:1].isupper()]
                if len(words_) >= 2 and _families(d, words().role) and _abbreviates(short, " ".join(words_)):
                    found.setdefault(n.entity or n.name, n)
    if len(found) != 1:
        return None
    n = next(iter(found.values()))
    return Resolution(n.name, n.entity, "person")
