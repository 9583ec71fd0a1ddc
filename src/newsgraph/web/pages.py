"""Server-rendered pages. Jinja2 autoescapes everything; the only pre-built markup is the article
body from :mod:`newsgraph.web.render` (escaped piece by piece) and the SVG paths we compute."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from newsgraph.store import queries as S
from newsgraph.web import queries as Q
from newsgraph.web.api import MAX_OFFSET, article_href, check_date
from newsgraph.validate import check_range
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
    from newsgraph.store.events import article_events

    events = article_events(conn, article_id)
    body = article_html(a["text"], quotes, places, dates, events)
    place_list: dict[str, dict[str, Any]] = {}
    for p in places:
        key = str(p["geonameid"]) if p["geonameid"] is not None else (p["name"] or p["text"])
        e = place_list.setdefault(key, {**p, "key": key, "count": 0})
        e["count"] += 1
    from newsgraph.web.statements import copies_for_page

    return render(request, "article.html", a=dict(a), body=body, quotes=quotes,
                  speakers=Q.article_speakers(conn, article_id), places=list(place_list.values()),
                  dates=dates, events=events, copies=copies_for_page(conn, article_id))


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
    from newsgraph.store.events import speaker_events
    from newsgraph.web.statements import group_by_statement

    return render(request, "speaker.html", s=s, quotes=group_by_statement(conn, s["quote_list"]), shown_max=SPEAKER_QUOTES,
                  events=speaker_events(conn, int(speaker_id)))


@router.get("/places", response_class=HTMLResponse)
def places(request: Request):
    """The map (Leaflet, drawn in the browser from /api/map) and the list of places, which works
    without the map's libraries; ``?place=KEY`` shows that place's quotes and articles."""
    from newsgraph.web import reading, vendor

    conn = _conn(request)
    since, until = _date(request, "since"), _date(request, "until")
    try:
        check_range(since, until)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    items = Q.cached(conn, "places:list", lambda: S.list_places(conn, 2000))
    rows = [{**p, "key": reading.place_key(p), "label": reading.place_label(p), "kind": reading.place_kind(p)}
            for p in items]
    selected = _text(request, "place", 200)
    sel = None
    if selected:  # a GeoNames id from a marker, or a name typed by hand
        label = next((r["label"] for r in rows if r["key"] == selected), selected)
        qt, qs = Q.find_quotes(conn, Q.QuoteFilter(place=selected, since=since, until=until, limit=PAGE))
        at, arts = Q.list_articles(conn, place=selected, since=since, until=until, limit=PAGE)
        sel = {"key": selected, "name": label, "quotes": qs, "quotes_total": qt, "articles": arts,
               "articles_total": at}
    return render(request, "places.html", sel=sel, places=rows[:200], places_total=len(rows),
                  map_ready=vendor.installed(vendor.MAP), since=since, until=until,
                  events=reading.has_events(conn))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request):
    conn = _conn(request)
    form = {k: _text(request, k, 500) for k in ("q", "speaker", "place", "source")}
    form["since"], form["until"] = _date(request, "since"), _date(request, "until")
    offset = _int(request, "offset", 0, 0, MAX_OFFSET)
    result = None
    problem = None
    try:
        check_range(form["since"], form["until"])
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    if form["q"] and Q.fts_query(form["q"]) is None:
        problem = (f"“{form['q']}” only excludes words: give a word to find as well." if S._fts_parts(form["q"])
                   else f"“{form['q']}” has no word to search for: give words, a \"quoted phrase\" or a prefix*.")
    elif form["q"]:
        import sqlite3

        try:
            result = Q.search(conn, form["q"], speaker=form["speaker"], place=form["place"], source=form["source"],
                              since=form["since"], until=form["until"], limit=20, offset=offset)
            Q.mark_results(conn, form["q"], result)
        except sqlite3.OperationalError as exc:  # the index refused the query: say so, not a 500
            if "fts5" not in str(exc).lower() and "syntax" not in str(exc).lower():
                raise
            problem = f"The search index cannot read “{form['q']}” ({exc}); see the syntax below."
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
    return render(request, "search.html", form=form, result=result, problem=problem,
                  sources=Q.cached(conn, "sources", lambda: Q.sources(conn)), pager=pager)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request):
    """Quotes, articles and date mentions per month, drawn in the browser with uPlot (from npm);
    brushing a range (or ?since=&until=, or ?month=) lists that range's quotes and articles below."""
    from newsgraph.web import vendor

    conn = _conn(request)
    filt = {k: _text(request, k, 200) for k in ("speaker", "place", "source")}
    t = Q.cached(conn, f"timeline:{filt['speaker']!r}:{filt['place']!r}:{filt['source']!r}",
                 lambda: Q.timeline(conn, **filt))
    # the x axis runs over the publication months; date mentions outside them are counted, not drawn
    published = sorted({r["month"] for k in ("quotes", "articles") for r in t[k] if r["month"]})
    months = _month_range(published[0], published[-1]) if published else []
    count = {name: {r["month"]: r["n"] for r in series} for name, series in t.items()}
    series = {"months": months, **{k: [count[k].get(m, 0) for m in months] for k in ("quotes", "articles", "dates")}}
    series["events"] = [count.get("events", {}).get(m, 0) for m in months] if count.get("events") else None
    outside = sum(n for m, n in count["dates"].items() if months and not months[0] <= m <= months[-1])
    month = _date(request, "month")
    since, until = (month, month) if month else (_date(request, "since"), _date(request, "until"))
    try:
        check_range(since, until)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    sel = None
    if since or until:
        total, qs = Q.find_quotes(conn, Q.QuoteFilter(since=since, until=until, limit=20, speaker=filt["speaker"],
                                                      place=filt["place"], source=filt["source"]))
        at, arts = Q.list_articles(conn, since=since, until=until, place=filt["place"], source=filt["source"],
                                   limit=20)
        sel = {"since": since, "until": until, "quotes": qs, "total": total, "articles": arts, "articles_total": at}
    ev = series["events"] or [None] * len(months)  # events per month (their own date), when the store has events
    rows = [{"month": m, "quotes": q, "articles": a, "dates": d, "events": e}
            for m, q, a, d, e in zip(months, series["quotes"], series["articles"], series["dates"], ev)
            if q or a or d or e]
    return render(request, "timeline.html", series=series, rows=rows, outside=outside, filt=filt, sel=sel,
                  chart_ready=vendor.installed(vendor.TIMELINE))


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
