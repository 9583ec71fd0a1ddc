"""Rules of class (c), spellings: an alias the article gives, two spellings of one name, a surname
alone after the full name (with or without its particle).

Each takes the article, the quote and all quotes, and returns a Resolution or None (not sure).
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsgraph.extract.attribution.article import Article, Resolution, _honorific_gender
from newsgraph.extract.attribution.phrases import _families, _person_gender, words
from newsgraph.person_names import fold
from newsgraph.record import Quote


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


def rule_surname_typed_as_body(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A lone surname the small model typed as an organisation is the one person the article names
    with that surname (in that spelling or another).

    'PRM spokesman, Orlando Mudumane said … Modumane said that insurgents set up barricades' ->
    Orlando Mudumane; "The Defence Minister, Salvador M'tumuke, … M'tumuke said" -> Salvador M'tumuke.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.type not in ("ORG", "SOURCE") or " " in e.name.strip() or e.name.isupper() \
            or not e.name[:1].isupper() or sp.text.strip() != e.name:
        return None  # (a lone capitalised word the quote pass kept as its own source counts too)
    w = words()
    if _families(e.name, w.body) or _families(e.name, w.role) or e.name.lower() in w.platform:
        return None
    key = _name_key(e.name)
    if key is None or len(key) != 1:
        return None
    same = {n.name: n for n in art.named if n.kind == "person" and (k := _name_key(n.name)) is not None
            and len(k) >= 2 and _same_word(key[0], k[-1])}  # (people the article shows, typed so or not)
    if len(same) != 1:
        return None  # nobody, or two people with that surname
    n = next(iter(same.values()))
    if not any(p is not q and p.speaker is not None and p.speaker.name == n.name for p in quotes):
        return None  # the person must speak elsewhere: 'Bloomberg says its reporting …' is the outlet
    return Resolution(n.name, n.entity, "person")


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
