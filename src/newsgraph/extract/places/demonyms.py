"""Demonyms ('Russian troops', 'Palestinians') as mentions of the place they name, when the setting
place_demonyms asks for them.

They are not place names, so by default they are not places: the seed article's gold leaves them out,
as does GeoVirus. LGL and TR-News count them, so the setting adds them for users who follow that
convention (measured in the README). spaCy tags most demonyms NORP; inside an organisation's name
('Russian Defence Ministry') one is left out.
"""
from __future__ import annotations

from newsgraph.extract.places.matching import _Match, _Toks

_DEMONYM_LABELS = {"NORP", "GPE", "LOC", None}


def _demonyms(tk: _Toks, ent_of: list, taken: list[bool], gaz) -> list[_Match]:
    """'Russian troops', 'Palestinians', 'a Sri Lankan court': the country, continent or region named by
    its adjective or its people. Never a language ('spoke in Russian' is tagged LANGUAGE), never a word
    of another name, never inside a place already found."""
    table = gaz.demonyms()
    out = []
    n, i = len(tk.texts), 0
    while i < n:
        hit = None
        if tk.cap[i] and not taken[i]:
            for k in (3, 2, 1):  # longest form first: 'Papua New Guinean', 'Sri Lankan'
                j = i + k
                if j > n or any(taken[i:j]) or any(tk.idx[t + 1] != tk.end(t) + 1 for t in range(i, j - 1)):
                    continue
                c = table.get(" ".join(tk.texts[i:j]))
                if c is not None:
                    hit = (j, c)
                    break
        if hit is None:
            i += 1
            continue
        j, c = hit
        ent = ent_of[i]
        if (ent.label_ if ent is not None else None) in _DEMONYM_LABELS:
            m = _Match(i, j, c.name.lower(), (c,), tk.idx[i], tk.end(j - 1))
            m.chosen = c
            out.append(m)
        i = j
    return out
