"""A settled speaker's kind, role and affiliation, as the article gives them."""
from __future__ import annotations

import re
from dataclasses import replace

from newsgraph.extract.attribution.article import (
    Article,
    _apposition_after,
    _body_before,
    _kind_of,
    _title_before,
)
from newsgraph.extract.attribution.phrases import (
    _affiliation_part,
    _families,
    _proper_words,
    _role_part,
    words,
)
from newsgraph.record import UNNAMED, Speaker


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
