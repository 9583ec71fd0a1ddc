"""The article body as HTML: quotes highlighted, speakers and cues marked, places and dates marked.

Annotations may overlap (a place inside a quote, a cue inside a mixed quote), so the text is cut at
every annotation boundary and each piece is emitted once, with the classes of every annotation
that covers it. Every piece of article text goes through :func:`html.escape` on its own; markup
is only ever made here, from our own attribute values (themselves escaped).
"""
from __future__ import annotations

import re
from html import escape
from typing import Any

from markupsafe import Markup


def _attr(v: Any) -> str:
    return escape(str(v), quote=True)


def article_html(text: str, quotes: list[dict[str, Any]], places: list[dict[str, Any]],
                 dates: list[dict[str, Any]], events: list[dict[str, Any]] | None = None) -> Markup:
    """``quotes`` are quote rows (with ``id``, ``segments``, speaker and cue offsets, ``speaker_id``);
    ``places`` and ``dates`` are rows with start/end. Returns safe HTML for the article body."""
    n = len(text)
    # (start, end, kind, payload); kind decides the class and the title.
    spans: list[tuple[int, int, str, dict[str, Any]]] = []
    anchors: dict[int, list[str]] = {}
    for i, q in enumerate(quotes):
        qn = q.get("id", i)
        pieces = q.get("segments") or [(q["start"], q["end"])]
        for s, e in pieces:
            spans.append((s, e, "q", q))
        anchors.setdefault(q["start"], []).append(f'<a class="anchor" id="q-{_attr(qn)}"></a>')
        if q.get("speaker_start") is not None and q.get("speaker_end") is not None:
            spans.append((q["speaker_start"], q["speaker_end"], "sp", q))
        if q.get("cue_start") is not None and q.get("cue_end") is not None:
            spans.append((q["cue_start"], q["cue_end"], "cue", q))
    for p in places:
        spans.append((p["start"], p["end"], "pl", p))
    for d in dates:
        spans.append((d["start"], d["end"], "dt", d))
    for ev in events or ():  # an event: its trigger word marked, an anchor at its sentence (store/events.py rows)
        spans.append((ev["trigger_start"], ev["trigger_end"], "ev", ev))
        anchors.setdefault(ev["start"], []).append(f'<a class="anchor" id="e-{_attr(ev["event_index"])}"></a>')
    spans = [(max(0, s), min(n, e), k, p) for s, e, k, p in spans if 0 <= s < e]

    cuts = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans), *anchors})
    # Sweep: spans sorted by start enter the active set; a piece takes every active span covering it.
    spans.sort(key=lambda t: t[0])
    out: list[str] = []
    active: list[tuple[int, int, str, dict[str, Any]]] = []
    j = 0
    for a, b in zip(cuts, cuts[1:]):
        for tag in anchors.get(a, ()):
            out.append(tag)
        while j < len(spans) and spans[j][0] <= a:
            active.append(spans[j])
            j += 1
        active = [t for t in active if t[1] > a]
        piece = escape(text[a:b], quote=False)
        if not active:
            out.append(piece)
            continue
        out.append(_wrap(piece, [t for t in active if t[0] <= a and t[1] >= b]))
    return Markup("".join(out))


def _wrap(piece: str, cover: list[tuple[int, int, str, dict[str, Any]]]) -> str:
    if not cover:
        return piece
    classes, titles, qids, sqids, href = [], [], [], [], None
    for _, _, kind, p in cover:
        if kind == "q":
            classes += ["q", f"q-{p.get('type') or 'direct'}"]
            qids.append(str(p.get("id", "")))
            who = p.get("speaker") or p.get("speaker_name") or "unattributed"
            titles.append(f"{p.get('type') or 'direct'} quote — {who}")
        elif kind == "sp":
            classes.append("sp")
            sqids.append(str(p.get("id", "")))
            titles.append(f"speaker: {p.get('speaker') or p.get('speaker_name')}")
            if p.get("speaker_id") is not None:
                href = f"/speakers/{int(p['speaker_id'])}"
        elif kind == "cue":
            classes.append("cue")
            titles.append("cue")
        elif kind == "pl":
            classes.append("pl")
            where = p.get("name") or p.get("text")
            if p.get("country_code"):
                where += f" ({p['country_code']})"
            if p.get("lat") is not None and p.get("lon") is not None:
                where += f" {p['lat']:.3f}, {p['lon']:.3f}"
            titles.append(f"place: {where}")
        elif kind == "dt":
            classes.append("dt")
            titles.append(f"date: {p.get('value') or 'unresolved'}")
        elif kind == "ev":
            classes.append("ev")
            what = p.get("type") or p.get("plover") or p.get("pentaclass") or "event"
            who = " → ".join(x for x in (p.get("source"), p.get("target")) if x)
            titles.append(f"event: {what}" + (f" ({who})" if who else "")
                          + (f", says {p['reported_by']}" if p.get("reported_by") else ""))
    cls = " ".join(dict.fromkeys(classes))
    attrs = f'class="{_attr(cls)}" title="{_attr("; ".join(dict.fromkeys(titles)))}"'
    if qids:  # a piece inside nested quotes belongs to each of them
        attrs += f' data-q="{_attr(" ".join(dict.fromkeys(qids)))}"'
    if sqids:
        attrs += f' data-sq="{_attr(" ".join(dict.fromkeys(sqids)))}"'
    if any(kind == "ev" for _, _, kind, _ in cover):  # an event's trigger reads bold without a stylesheet
        piece = f"<b>{piece}</b>"
    if href:
        return f'<a {attrs} href="{_attr(href)}">{piece}</a>'
    return f"<span {attrs}>{piece}</span>"


def mark_terms(text: str, terms: list[tuple[str, bool]]) -> Markup:
    """Safe HTML of plain ``text`` with the searched ``terms`` (the store's ``fts_terms``: words or
    phrases, prefix or not) in ``<mark>``. Matches are found in the raw text and every piece is
    escaped on its own, so an entity such as ``&amp;`` is never cut and the only tags are ours."""
    alts = []
    for words, prefix in sorted(terms, key=lambda t: -len(t[0])):  # longest first: a phrase before its words
        parts = [re.escape(w) for w in words.split()]
        if parts:
            alts.append(r"(?<!\w)" + r"\W+".join(parts) + (r"\w*" if prefix else r"(?!\w)"))
    if not alts:
        return Markup(escape(text))
    out, at = [], 0
    for m in re.finditer("|".join(alts), text, re.IGNORECASE):
        if m.end() == m.start():
            continue
        out += [escape(text[at:m.start()]), "<mark>", escape(m.group()), "</mark>"]
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("".join(out))
