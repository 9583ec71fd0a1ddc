"""Server-rendered pages. Jinja2 autoescapes everything; the only pre-built markup is the article
body from :mod:`newsgraph.web.render` (escaped piece by piece) and the SVG paths we compute."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from newsgraph.store import queries as S
from newsgraph.web import queries as Q
from newsgraph.web import worldmap
from newsgraph.web.api import MAX_OFFSET, article_href, check_date
from newsgraph.web.render import article_html, mark_terms

env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                  autoescape=True, trim_blocks=True, lstrip_blocks=True)
env.filters["article_href"] = article_href
# a search hit's snippet, escaped, with the searched words in <mark>
env.filters["mark_terms"] = lambda text, q: mark_terms(text or "", Q.fts_terms(q or ""))
env.globals["urlencode"] = lambda d: urlencode({k: v for k, v in d.items() if v not in (None, "")})

router = APIRouter(include_in_schema=False)
PAGE = 50
SPEAKER_QUOTES = 500  # a speaker page lists this many; the API pages through all


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = env.get_template(name).render(request=request, path=request.url.path, **ctx)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _conn(request: Request):
    return request.app.state.db.connection()


def _int(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        v = int(raw)
    except ValueError:
        raise HTTPException(400, f"{name}={raw!r} is not a whole number") from None
    if not lo <= v <= hi:
        raise HTTPException(400, f"{name}={v} is out of range {lo}..{hi}")
    return v


def _text(request: Request, name: str, max_len: int = 500) -> str | None:
    v = request.query_params.get(name)
    if v is None or not v.strip():
        return None
    if len(v) > max_len:
        raise HTTPException(400, f"{name} is longer than {max_len} characters")
    return v.strip()


def _date(request: Request, name: str) -> str | None:
    try:
        return check_date(_text(request, name, 10), name)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


def _pager(request: Request, total: int, offset: int, limit: int = PAGE) -> dict[str, str | None]:
    def at(o: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        if o:
            params.append(("offset", str(o)))
        return request.url.path + ("?" + urlencode(params) if params else "")
    return {"prev": at(max(0, offset - limit)) if offset > 0 else None,
            "next": at(offset + limit) if offset + limit < total else None,
            "first": offset + 1 if total else 0, "last": min(total, offset + limit), "total": total}


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    conn = _conn(request)
    return render(request, "home.html", stats=Q.corpus_stats(conn), latest=Q.list_articles(conn, limit=10)[1],
                  speakers=Q.list_speakers(conn, limit=10)[1],
                  places=Q.cached(conn, "places:10", lambda: S.list_places(conn, 10)))


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request):
    conn = _conn(request)
    offset = _int(request, "offset", 0, 0, MAX_OFFSET)
    source = _text(request, "source")
    total, items = Q.list_articles(conn, source=source, since=_date(request, "since"),
                                   until=_date(request, "until"), place=_text(request, "place"),
                                   limit=PAGE, offset=offset)
    return render(request, "articles.html", items=items, pager=_pager(request, total, offset), source=source)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)  # an id may hold "/"
def article(request: Request, article_id: str):
    conn = _conn(request)
    a = S.article_row(conn, article_id)
    if a is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    quotes = Q.quote_rows(conn, article_id)
    places = S.article_places(conn, article_id)
    dates = S.article_dates(conn, article_id)
    body = article_html(a["text"], quotes, places, dates)
    place_list: dict[str, dict[str, Any]] = {}
    for p in places:
        key = str(p["geonameid"]) if p["geonameid"] is not None else (p["name"] or p["text"])
        e = place_list.setdefault(key, {**p, "key": key, "count": 0})
        e["count"] += 1
    from newsgraph.web.statements import copies_for_page

    return render(request, "article.html", a=dict(a), body=body, quotes=quotes,
                  speakers=Q.article_speakers(conn, article_id), places=list(place_list.values()),
                  dates=dates, copies=copies_for_page(conn, article_id))


@router.get("/speakers", response_class=HTMLResponse)
def speakers(request: Request):
    conn = _conn(request)
    offset = _int(request, "offset", 0, 0, MAX_OFFSET)
    q = _text(request, "q", 200)
    total, items = Q.list_speakers(conn, q=q, limit=PAGE, offset=offset)
    return render(request, "speakers.html", items=items, q=q, pager=_pager(request, total, offset))


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker(request: Request, speaker_id: str):
    if not speaker_id.isdigit() or len(speaker_id) > 18:
        raise HTTPException(404, f"no speaker with id {speaker_id!r}")
    conn = _conn(request)
    s = S.get_speaker(conn, int(speaker_id), limit=SPEAKER_QUOTES)
    if s is None:
        raise HTTPException(404, f"no speaker with id {speaker_id}")
    from newsgraph.web.statements import group_by_statement

    return render(request, "speaker.html", s=s, quotes=group_by_statement(conn, s["quote_list"]), shown_max=SPEAKER_QUOTES)


@router.get("/places", response_class=HTMLResponse)
def places(request: Request):
    conn = _conn(request)
    items = Q.cached(conn, "places:map", lambda: S.list_places(conn, 2000))
    top = max((p["mentions"] for p in items), default=1)
    view = (0.0, 0.0, worldmap.WIDTH, worldmap.HEIGHT)
    pts = [worldmap.project(p["lon"], p["lat"]) for p in items if p["lat"] is not None and p["lon"] is not None]
    if pts and request.query_params.get("world") is None:
        view = _fit(pts)
    zoom = view[2] / worldmap.WIDTH  # markers keep their size on screen whatever the zoom
    markers = []
    for p in items:
        if p["lat"] is None or p["lon"] is None:
            continue
        x, y = worldmap.project(p["lon"], p["lat"])
        key = str(p["geonameid"]) if p["geonameid"] is not None else (p["name"] or "")
        # area grows with mentions; bounded so one city cannot cover a continent
        r = (0.8 + 4.2 * math.sqrt(p["mentions"] / top)) * zoom
        markers.append({**p, "x": round(x, 2), "y": round(y, 2), "r": round(r, 3), "key": key,
                        "href": "/places?" + urlencode({"place": key}) + "#selected"})
    selected = _text(request, "place", 200)
    sel = None
    if selected:  # a GeoNames id from a marker, or a name typed by hand
        name = next((m["name"] for m in items if (str(m["geonameid"]) if m["geonameid"] is not None
                                                  else (m["name"] or "")) == selected), selected)
        qt, qs = Q.find_quotes(conn, Q.QuoteFilter(place=selected, limit=PAGE))
        at, arts = Q.list_articles(conn, place=selected, limit=PAGE)
        sel = {"key": selected, "name": name, "quotes": qs, "quotes_total": qt, "articles": arts,
               "articles_total": at}
    return render(request, "places.html", markers=markers, unplaced=[p for p in items if p["lat"] is None],
                  outline=request.app.state.outline, graticule=worldmap.graticule(10 if zoom < 0.5 else 30),
                  sel=sel, places=items[:100], view=" ".join(f"{v:.2f}" for v in view), zoom=zoom,
                  world=request.query_params.get("world") is not None)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request):
    conn = _conn(request)
    form = {k: _text(request, k, 500) for k in ("q", "speaker", "place", "source")}
    form["since"], form["until"] = _date(request, "since"), _date(request, "until")
    offset = _int(request, "offset", 0, 0, MAX_OFFSET)
    result = None
    if form["q"]:
        result = Q.search(conn, form["q"], speaker=form["speaker"], place=form["place"], source=form["source"],
                          since=form["since"], until=form["until"], limit=20, offset=offset)
    elif any(form[k] for k in ("speaker", "place", "source", "since", "until")):
        # filters without words: the quotes that match them
        total, qs = Q.find_quotes(conn, Q.QuoteFilter(speaker=form["speaker"], place=form["place"],
                                                      source=form["source"], since=form["since"],
                                                      until=form["until"], limit=20, offset=offset))
        result = {"articles_total": 0, "articles": [], "quotes_total": total, "quotes": qs}
    if result and result.get("quotes"):
        from newsgraph.web.statements import group_by_statement

        result = {**result, "quotes": group_by_statement(conn, result["quotes"])}
    pager = None
    if result:
        pager = _pager(request, max(result["articles_total"], result["quotes_total"]), offset, 20)
    return render(request, "search.html", form=form, result=result, sources=Q.cached(conn, "sources", lambda: Q.sources(conn)), pager=pager)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request):
    conn = _conn(request)
    filt = {k: _text(request, k, 200) for k in ("speaker", "place", "source")}
    t = Q.cached(conn, f"timeline:{filt['speaker']!r}:{filt['place']!r}:{filt['source']!r}",
                 lambda: Q.timeline(conn, **filt))
    months = sorted({r["month"] for series in t.values() for r in series if r["month"]})
    # fill the gaps so that the x axis is time, not a list of months that happen to have data
    if months:
        months = _month_range(months[0], months[-1])
    count = {name: {r["month"]: r["n"] for r in series} for name, series in t.items()}
    top = max([1] + [n for series in count.values() for n in series.values()])
    chart = _timeline_chart(months, count, top, filt)
    month = _text(request, "month", 7)
    sel = None
    if month:
        try:
            check_date(month, "month")
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        total, qs = Q.find_quotes(conn, Q.QuoteFilter(since=month, until=month, limit=PAGE,
                                                      speaker=filt["speaker"], place=filt["place"],
                                                      source=filt["source"]))
        sel = {"month": month, "quotes": qs, "total": total}
    return render(request, "timeline.html", chart=chart, filt=filt, sel=sel)


def _fit(pts: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """A 2:1 viewBox around the markers, padded, at least 40 degrees wide, inside the world."""
    x0, x1 = min(x for x, _ in pts) - 8, max(x for x, _ in pts) + 8
    y0, y1 = min(y for _, y in pts) - 6, max(y for _, y in pts) + 6
    w = max(x1 - x0, 2 * (y1 - y0), 40.0)
    w = min(w, worldmap.WIDTH)
    h = w / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x = min(max(cx - w / 2, 0.0), worldmap.WIDTH - w)
    y = min(max(cy - h / 2, 0.0), worldmap.HEIGHT - h)
    return x, y, w, h


def _timeline_chart(months: list[str], count: dict[str, dict[str, int]], top: int,
                    filt: dict[str, str | None]) -> dict[str, Any] | None:
    """Bar geometry for the timeline SVG (drawn server-side: no chart library)."""
    if not months:
        return None
    width, height, left, bottom = 960.0, 200.0, 36.0, 24.0
    step = (width - left - 8) / len(months)
    bar = max(step / 3 - 0.5, 0.6)
    scale = (height - bottom - 10) / top
    base = height - bottom
    every = max(1, math.ceil(60 / step))  # a label at least 60 units from the next
    bars, labels = [], []
    for i, m in enumerate(months):
        x = left + i * step
        q, a, d = (count[k].get(m, 0) for k in ("quotes", "articles", "dates"))
        bars.append({"month": m, "x": round(x, 2), "w": round(step, 2), "quotes": q, "articles": a, "dates": d,
                     "rects": [(cls, round(x + j * (bar + 0.5), 2), round(base - n * scale, 2), round(bar, 2),
                                round(n * scale, 2)) for j, (cls, n) in enumerate(
                                    (("quotes", q), ("articles", a), ("dates", d)))],
                     "href": "/timeline?" + urlencode({"month": m, **{k: v for k, v in filt.items() if v}}) + "#month"})
        if i % every == 0:
            labels.append({"x": round(x, 2), "text": m})
    grid = [{"y": round(base - v * scale, 2), "v": v} for v in sorted({top, top // 2}) if v > 0]
    return {"width": width, "height": height, "base": base, "left": left, "bars": bars, "labels": labels,
            "grid": grid, "top": top}


def _month_range(first: str, last: str) -> list[str]:
    try:
        y, m = int(first[:4]), int(first[5:7])
        ly, lm = int(last[:4]), int(last[5:7])
    except ValueError:
        return [first, last]
    out = []
    while (y, m) <= (ly, lm) and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def speaker_href(speaker_id: int | None) -> str | None:
    return None if speaker_id is None else f"/speakers/{int(speaker_id)}"


env.globals["speaker_href"] = speaker_href
env.globals["quote_href"] = lambda q: f"{article_href(q['article_id'])}#q-{q['id']}"
env.filters["urlquote"] = lambda s: quote(str(s), safe="")
env.globals["COUNT_CAP"] = Q.COUNT_CAP  # a total equal to it means "at least"
