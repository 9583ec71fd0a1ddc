"""Hand-written Records with their analysis filled in by hand, for the web tests, the browser tests
and the web benchmark: they exercise the reading room without loading the NLP model.

The texts are invented news-style reports; offsets are found with ``str.find`` so that each
annotation names the words it covers.
"""
from __future__ import annotations

from newsgraph.record import Cue, DateMention, Entity, Mention, Place, Quote, Record, Speaker

# name -> (geonameid, lat, lon, country code, feature class)
GAZ = {
    "Kharkiv": (706483, 49.98081, 36.25272, "UA", "P"),
    "Kyiv": (703448, 50.45466, 30.5238, "UA", "P"),
    "Belgorod": (578072, 50.61074, 36.58015, "RU", "P"),
    "Pokrovsk": (708546, 48.2820, 37.1758, "UA", "P"),
    "Odesa": (698740, 46.47747, 30.73262, "UA", "P"),
    "Brussels": (2800866, 50.85045, 4.34878, "BE", "P"),
    "Gaza": (281133, 31.50161, 34.46672, "PS", "P"),
    "Khartoum": (379252, 15.55177, 32.53241, "SD", "P"),
}


class _Builder:
    def __init__(self, id: str, title: str, published: str, source: str, text: str):
        self.rec = Record(id=id, text=text, title=title, published=published, source=source,
                          url=f"https://example.invalid/{id}", analysed_with="samples")
        self._ents: dict[str, Entity] = {}

    def span(self, s: str, after: int = 0) -> tuple[int, int]:
        i = self.rec.text.find(s, after)
        if i < 0:
            raise ValueError(f"{s!r} not in {self.rec.id}")
        return i, i + len(s)

    def entity(self, name: str, type_: str = "PERSON", descriptors: list[str] | None = None) -> Entity:
        if name not in self._ents:
            e = Entity(id=f"e{len(self._ents) + 1}", name=name, type=type_, descriptors=descriptors or [])
            self._ents[name] = e
            self.rec.entities.append(e)
        return self._ents[name]

    def quote(self, content: str, speaker: str | None, mention: str | None, cue: str | None,
              type_: str = "direct", after: int = 0, type_entity: str = "PERSON") -> "_Builder":
        s, e = self.span(content, after)
        sp = cu = None
        if speaker:
            ent = self.entity(speaker, type_entity)
            ms, me = self._near(mention or speaker, s, e)
            ent.mentions.append(Mention(ms, me, self.rec.text[ms:me]))
            sp = Speaker(name=speaker, start=ms, end=me, text=self.rec.text[ms:me], entity=ent.id)
        if cue:
            cs, ce = self._near(cue, s, e)
            cu = Cue(cs, ce, self.rec.text[cs:ce])
        self.rec.quotes.append(Quote(start=s, end=e, text=content, type=type_, speaker=sp, cue=cu))
        return self

    def _near(self, s: str, qs: int, qe: int) -> tuple[int, int]:
        """The occurrence of ``s`` closest to the quote qs..qe, outside it."""
        t = self.rec.text
        best, i = None, t.find(s)
        while i >= 0:
            if i + len(s) <= qs or i >= qe:
                d = qs - (i + len(s)) if i < qs else i - qe
                if best is None or d < best[0]:
                    best = (d, i)
            i = t.find(s, i + 1)
        if best is None:
            raise ValueError(f"{s!r} not near quote in {self.rec.id}")
        return best[1], best[1] + len(s)

    def places(self, *names: str) -> "_Builder":
        for n in names:
            gid, lat, lon, cc, fc = GAZ[n]
            i = self.rec.text.find(n)
            while i >= 0:
                self.rec.places.append(Place(i, i + len(n), n, n, gid, lat, lon, cc, fc))
                i = self.rec.text.find(n, i + len(n))
        return self

    def date(self, s: str, value: str | None, granularity: str | None) -> "_Builder":
        a, b = self.span(s)
        self.rec.dates.append(DateMention(a, b, s, value, granularity))
        return self


def sample_records() -> list[Record]:
    out = []

    b = _Builder(
        "kharkiv-power", "Drone strikes hit Kharkiv power station", "2024-10-14", "Sample Wire",
        "Russian drones struck a thermal power station in Kharkiv overnight on Sunday, cutting electricity "
        "to thousands of homes.\n\n"
        "“We heard three explosions, one after another,” said Olena Marchenko, 54, a schoolteacher who "
        "lives two streets from the plant. “The windows shook and then everything went dark.”\n\n"
        "Ihor Terekhov, the mayor of Kharkiv, said repair crews had restored power to most districts by "
        "Monday evening. He warned that the city should prepare for “a very difficult winter”.\n\n"
        "According to the regional military administration, at least 11 drones were launched from "
        "Belgorod.\n\n"
        "“The enemy is deliberately targeting energy infrastructure,” Terekhov told reporters in Kyiv.")
    b.entity("Olena Marchenko", descriptors=["54", "a schoolteacher who lives two streets from the plant"])
    b.entity("Ihor Terekhov", descriptors=["the mayor of Kharkiv"])
    b.quote("We heard three explosions, one after another,", "Olena Marchenko", "Olena Marchenko", "said")
    b.quote("The windows shook and then everything went dark.", "Olena Marchenko", "Olena Marchenko", "said")
    b.quote("repair crews had restored power to most districts by Monday evening", "Ihor Terekhov",
            "Ihor Terekhov", "said", type_="indirect")
    b.quote("that the city should prepare for “a very difficult winter”", "Ihor Terekhov", "He", "warned",
            type_="mixed")
    b.quote("at least 11 drones were launched from Belgorod", "the regional military administration",
            "the regional military administration", "According to", type_="indirect", type_entity="ORG")
    b.quote("The enemy is deliberately targeting energy infrastructure,", "Ihor Terekhov", "Terekhov", "told")
    b.places("Kharkiv", "Belgorod", "Kyiv").date("Sunday", "2024-10-13", "day").date("Monday evening", "2024-10-14", "day")
    out.append(b.rec)

    b = _Builder(
        "pokrovsk-evacuation", "Volunteers evacuate last residents from Pokrovsk", "2024-09-03", "Sample Wire",
        "Volunteers have begun evacuating the last residents of villages on the edge of Pokrovsk.\n\n"
        "Anton Kovalenko, who leads a volunteer evacuation team, said most of those left behind were "
        "elderly. “Many of them simply refuse to go. They say they were born here and they will die here,” "
        "he said.\n\n"
        "Ihor Terekhov, speaking from Kharkiv, said the region would take in families from Pokrovsk. "
        "“Nobody will be left on the street,” Terekhov said in August.")
    b.entity("Anton Kovalenko", descriptors=["who leads a volunteer evacuation team"])
    b.entity("Ihor Terekhov", descriptors=["the mayor of Kharkiv"])
    b.quote("most of those left behind were elderly", "Anton Kovalenko", "Anton Kovalenko", "said", "indirect")
    b.quote("Many of them simply refuse to go. They say they were born here and they will die here,",
            "Anton Kovalenko", "he", "said")
    b.quote("the region would take in families from Pokrovsk", "Ihor Terekhov", "Ihor Terekhov", "said",
            "indirect")
    b.quote("Nobody will be left on the street,", "Ihor Terekhov", "Terekhov", "said")
    b.places("Pokrovsk", "Kharkiv").date("August", "2024-08", "month")
    out.append(b.rec)

    b = _Builder(
        "odesa-port", "Grain ships leave Odesa despite missile threat", "2024-07-22", "Harbour Times",
        "Three cargo ships carrying grain left Odesa on Monday, port officials said.\n\n"
        "“Every ship that leaves is a small victory,” said Maria Hrytsenko, a spokeswoman for the port "
        "authority. She added that insurers had raised their premiums again.\n\n"
        "In Brussels, a European Commission official said that the corridor would remain open "
        "“for as long as it takes”.")
    b.entity("Maria Hrytsenko", descriptors=["a spokeswoman for the port authority"])
    b.quote("Three cargo ships carrying grain left Odesa on Monday", "port officials", "port officials",
            "said", "indirect", type_entity="SOURCE")
    b.quote("Every ship that leaves is a small victory,", "Maria Hrytsenko", "Maria Hrytsenko", "said")
    b.quote("that insurers had raised their premiums again", "Maria Hrytsenko", "She", "added", "indirect")
    b.quote("that the corridor would remain open “for as long as it takes”",
            "a European Commission official", "a European Commission official", "said", "mixed",
            type_entity="SOURCE")
    b.places("Odesa", "Brussels").date("Monday", "2024-07-22", "day")
    out.append(b.rec)

    # An article whose text carries markup: it must show as text, never run.
    b = _Builder(
        "markup-test", "Hacker <script>alert('title')</script> claims", "2024-06-01", "Sample <b>Wire</b>",
        "A statement posted online read <script>alert('xss')</script> and <img src=x onerror=alert(1)>.\n\n"
        "“We will publish <b>everything</b>,” said Jan Novak, a spokesman for the group in Gaza.")
    b.entity("Jan Novak", descriptors=["a spokesman for the group"])
    b.quote("We will publish <b>everything</b>,", "Jan Novak", "Jan Novak", "said")
    b.places("Gaza")
    out.append(b.rec)

    b = _Builder(
        "khartoum-aid", "Aid convoy reaches Khartoum after weeks of delay", "2023-11-30", "Harbour Times",
        "An aid convoy reached Khartoum on Thursday after weeks of delay, the United Nations said.\n\n"
        "“The needs are enormous and the access is not there,” said Amal Osman, who coordinates relief for "
        "a local charity.")
    b.entity("Amal Osman", descriptors=["who coordinates relief for a local charity"])
    b.quote("An aid convoy reached Khartoum on Thursday after weeks of delay", "the United Nations",
            "the United Nations", "said", "indirect", type_entity="ORG")
    b.quote("The needs are enormous and the access is not there,", "Amal Osman", "Amal Osman", "said")
    b.places("Khartoum").date("Thursday", "2023-11-30", "day")
    out.append(b.rec)
    return out


# The places of the demo corpus's map (as the pipeline resolves them), with two pairs of one name:
# a region and its capital. (as written, name, geonameid, lat, lon, country, class, admin1, kind)
DEMO_PLACES = [
    ("Russia", "Russia", 2017370, 60.0, 90.0, "RU", "A", None, "country"),
    ("Ukraine", "Ukraine", 690791, 49.0, 32.0, "UA", "A", None, "country"),
    ("Kharkiv region", "Kharkiv", 706482, 49.5, 36.5, "UA", "A", "Kharkiv Oblast", "region"),
    ("Kharkiv", "Kharkiv", 706483, 49.98081, 36.25272, "UA", "P", "Kharkiv Oblast", "town"),
    ("Kyiv", "Kyiv", 703448, 50.45466, 30.5238, "UA", "P", "Kyiv", "town"),
    ("Bakhmut", "Bakhmut", 713174, 48.5942, 37.9989, "UA", "P", "Donetsk Oblast", "town"),
    ("Chasiv Yar", "Chasiv Yar", 710915, 48.5877, 37.8341, "UA", "P", "Donetsk Oblast", "town"),
    ("Kramatorsk", "Kramatorsk", 704508, 48.7311, 37.5678, "UA", "P", "Donetsk Oblast", "town"),
    ("Pokrovsk", "Pokrovsk", 708546, 48.2820, 37.1758, "UA", "P", "Donetsk Oblast", "town"),
    ("Zaporizhzhia", "Zaporizhzhya", 687700, 47.8517, 35.1171, "UA", "P", "Zaporizhzhia Oblast", "town"),
    ("Enerhodar", "Enerhodar", 709276, 47.4905, 34.662, "UA", "P", "Zaporizhzhia Oblast", "town"),
    ("Dnipro", "Dnipro", 709930, 48.4666, 35.0407, "UA", "P", "Dnipropetrovsk Oblast", "town"),
    ("Kherson", "Kherson", 706448, 46.637, 32.6146, "UA", "P", "Kherson Oblast", "town"),
    ("Belgorod region", "Belgorod", 578071, 50.708, 37.5838, "RU", "A", "Belgorod Oblast", "region"),
    ("Belgorod", "Belgorod", 578072, 50.61074, 36.58015, "RU", "P", "Belgorod Oblast", "town"),
    ("Black Sea", "Black Sea", None, 43.4, 34.0, None, "H", None, "water"),
    ("Lithuania", "Lithuania", 597427, 56.0, 24.0, "LT", "A", None, "country"),
    ("Vilnius", "Vilnius", 593116, 54.6892, 25.2798, "LT", "P", None, "town"),
    ("Warsaw", "Warsaw", 756135, 52.2298, 21.0118, "PL", "P", "Mazovia", "town"),
    ("Berlin", "Berlin", 2950159, 52.5244, 13.4105, "DE", "P", "Berlin", "town"),
    ("London", "London", 2643743, 51.5085, -0.1257, "GB", "P", "England", "town"),
]


def demo_map_records() -> list[Record]:
    """One round-up article naming every place of the demo corpus's map (DEMO_PLACES), for the map's
    browser tests: clicking each marker must open that place, a region apart from its capital."""
    names = [t for t, *_ in DEMO_PLACES]
    text = ("Front-line round-up. Reports today came from " + ", ".join(names) + ".\n\n"
            "“The drones came in waves all night,” said Oleh Syniehubov, the governor of the Kharkiv region.")
    b = _Builder("front-line-roundup", "Front-line round-up: the places in the news", "2024-10-20", "Sample Wire", text)
    b.entity("Oleh Syniehubov", descriptors=["the governor of the Kharkiv region"])
    b.quote("The drones came in waves all night,", "Oleh Syniehubov", "Oleh Syniehubov", "said")
    at = text.index("Reports today came from")
    for written, name, gid, lat, lon, cc, fc, admin1, kind in DEMO_PLACES:
        i = text.index(written, at)
        b.rec.places.append(Place(i, i + len(written), written, name, gid, lat, lon, cc, fc, admin1, kind))
        at = i + len(written)
    return [b.rec]


def many_places_record(n: int = 10_000, id: str = "many-places") -> Record:
    """An article naming ``n`` distinct places spread over the world (for the map's 10,000-place test)."""
    import random

    rng = random.Random(20)
    words = [f"Place{i}" for i in range(n)]
    text = "Places: " + " ".join(words) + "."
    rec = Record(id=id, text=text, title=f"{n} places", published="2024-05-01", source="Sample Wire",
                 url=f"https://example.invalid/{id}", analysed_with="samples")
    at = len("Places: ")
    for i, w in enumerate(words):
        lat, lon = round(rng.uniform(-55, 70), 4), round(rng.uniform(-170, 175), 4)
        rec.places.append(Place(at, at + len(w), w, w, 10_000_000 + i, lat, lon, "XX", "P", None, "town"))
        at += len(w) + 1
    return rec


def long_record(words: int = 10_000, quotes: int = 100, id: str = "long-article") -> Record:
    """A long article (``words`` words, ``quotes`` quotes, a place and a date per quote): the page
    render target is measured on it."""
    para = ("Officials in Kharkiv said on Monday that the situation near the front remained difficult "
            "and that more shelters would open before the winter.")
    quote = "“We are doing everything we can, but we need more help,” said Ihor Terekhov."
    per = max(1, words // max(quotes, 1))
    parts, n = [], 0
    pw = len(para.split())
    for i in range(quotes):
        chunk = []
        k = 0
        while k < per - 14:
            chunk.append(para)
            k += pw
        parts.append(" ".join(chunk) + " " + quote)
        n += k + 14
    text = "\n\n".join(parts)
    b = _Builder(id, "A very long report from Kharkiv", "2024-11-01", "Sample Wire", text)
    b.entity("Ihor Terekhov", descriptors=["the mayor of Kharkiv"])
    pos = 0
    content = "We are doing everything we can, but we need more help,"
    for _ in range(quotes):
        s, e = b.span(content, pos)
        ms, me = b.span("Ihor Terekhov", e)
        cs, ce = b.span("said", e)
        ent = b.entity("Ihor Terekhov")
        ent.mentions.append(Mention(ms, me, "Ihor Terekhov"))
        b.rec.quotes.append(Quote(s, e, content, "direct", Speaker("Ihor Terekhov", ms, me, "Ihor Terekhov", ent.id),
                                  Cue(cs, ce, "said")))
        pos = me
    b.places("Kharkiv")
    i = text.find("on Monday")
    while i >= 0:
        b.rec.dates.append(DateMention(i + 3, i + 9, "Monday", "2024-10-28", "day"))
        i = text.find("on Monday", i + 9)
    return b.rec


def build_sample_db(path, records: list[Record] | None = None):
    """A store at ``path`` holding ``records`` (default: :func:`sample_records`); returns the path."""
    from newsgraph.store.schema import connect
    from newsgraph.store.writer import write_record

    conn = connect(path)
    try:
        for rec in sample_records() if records is None else records:
            write_record(conn, rec)
    finally:
        conn.close()
    return path
