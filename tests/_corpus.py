"""Helpers for the store/ingest/query/export tests: hand-made Records and news-style texts
(written for these tests), so store behaviour is tested apart from extraction quality."""
from __future__ import annotations

import io
from pathlib import Path

from newsgraph.record import Cue, Entity, Mention, Place, Quote, Record, Speaker


def make_record(id: str, speaker: str, quote: str, *, published: str = "2024-05-01", source: str = "Test Wire",
                place: tuple[str, int | None, float | None, float | None] | None = ("Kharkiv", 706483, 49.98, 36.25),
                descriptors: tuple[str, ...] = (), extra: str = "") -> Record:
    """One article: “QUOTE,” said SPEAKER in PLACE. [EXTRA]"""
    pname = place[0] if place else "town"
    text = f"“{quote},” said {speaker} in {pname} on Tuesday. {extra}".strip()
    qs, qe = 1, 1 + len(quote)
    ss = text.index(speaker, qe)
    cs = text.index("said", qe)
    rec = Record(id=id, text=text, title=f"{speaker} speaks", url=f"https://news.invalid/{id}",
                 published=published, source=source, analysed_with="0.1.0")
    rec.entities.append(Entity("e1", speaker, "PERSON", [Mention(ss, ss + len(speaker), speaker)], list(descriptors)))
    rec.quotes.append(Quote(qs, qe, quote, "direct", Speaker(speaker, ss, ss + len(speaker), speaker, "e1"),
                            Cue(cs, cs + 4, "said")))
    if place:
        ps = text.index(pname, ss)
        rec.places.append(Place(ps, ps + len(pname), pname, pname, place[1], place[2], place[3], "UA", "P", None))
    return rec


NEWS = [
    ("Olena Marchenko", "We heard three explosions, one after another", "Kharkiv"),
    ("Ihor Terekhov", "The city will be ready for winter", "Kharkiv"),
    ("Anton Kovalenko", "Every day the shelling gets closer", "Pokrovsk"),
    ("Dmytro Savchuk", "We have opened eleven new shelters since January", "Kyiv"),
    ("Vasyl Hnatiuk", "If I do not plant, my family does not eat", "Izium"),
    ("Rasa Kalnina", "The convoy reached the border crossing before dawn", "Odesa"),
]


def news_text(i: int) -> str:
    """A short news-style article, different for every i."""
    who, said, where = NEWS[i % len(NEWS)]
    return (f"{where} was quiet on the morning of day {i} of the report, residents said.\n"
            f"“{said},” {who} told reporters on Monday. “We will keep working, report number {i}.”\n"
            f"Officials in {where} said repairs to {i % 7 + 2} damaged buildings would take weeks.")


def write_warc(path: Path, pages: list[tuple[str, str]], gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for url, html in pages:
            hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                http_headers=hh))


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© Test Wire</footer></body></html>")


def warc_pages(n: int, prefix: str = "w") -> list[tuple[str, str]]:
    return [(f"https://news.invalid/{prefix}{i}", html_page(f"Report {prefix}{i}", news_text(100 + i).split("\n") * 2))
            for i in range(n)]
