"""Personal names: Ukrainian and Russian ones, which spaCy's small model (trained on US news) misses,
splits or mistypes, and war reporting is full of (surname endings, common first names), and the
gender a first name tells, so that 'she' finds Olha Kravchenko or Carly Fiorina and not the man
quoted before."""
from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata

# Surname endings ('Oleksandr' ORG + 'Syrskyi' GPE; 'Rustem Umerov' nothing). '-in' is left out but
# for -shkin/-shin: Berlin, Kremlin, Glen Ellyn; '-iv' too: Kyiv, Lviv; '-ich' but for -vich:
# Greenwich, Norwich.
SLAVIC_SURNAME = re.compile(r"(?:enko|chuk|iuk|yuk|uk|ko|sky|skyi|skiy|ska|skaya|skyy|ov|ova|ev|eva|yov|"
                            r"shkin|shin|ych|vich|yi|iy)$")
# capitalised words before a surname-like word that are no first name
NOT_FIRST_NAME = {"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest",
                  "american", "british", "russian", "ukrainian", "european", "central", "new", "old", "great",
                  "greater", "upper", "lower", "saint", "st", "lake", "mount", "fort", "port", "cape", "little",
                  "big", "the", "president", "minister", "general", "colonel", "captain", "governor", "mayor",
                  "defence", "defense", "foreign", "prime", "deputy", "commander", "spokesman", "spokeswoman",
                  "chief", "senator", "ambassador", "lieutenant", "sergeant", "major", "mr", "mrs", "ms", "dr"}


# Gender, only where near-certain: surname endings that mark it, and common first names.
# gender-guesser has a large name list but is GPL-3 (this project is MIT), so a short list of our own.
_FEMALE_SURNAME = re.compile(r"(?:ova|eva|yova|ska|skaya|tska|zka)$")
_MALE_SURNAME = re.compile(r"(?:ov|ev|yov|sky|skyi|skiy|skyy|tsky)$")
_FIRST_NAMES = {
    "f": """olha olga olena elena oksana iryna irina yulia yuliia natalia nataliia natalya svitlana svetlana
          tetiana tatiana kateryna ekaterina mariia maria anna halyna liudmyla lyudmila larysa valentyna
          viktoriia victoria daria sofia anastasia yevgenia alina inna nadiya vira liubov khrystyna marina
          maryna hanna ulyana zoya lesia""".split(),
    "m": """oleksandr alexander volodymyr vladimir dmytro dmitry dmitri serhiy serhii sergei sergey andriy
          andrii andrei andrey mykola nikolai ivan yuriy yurii yuri vadym vadim vitali vitaliy vitalii oleh
          oleg ihor igor maksym maxim petro pavlo pavel bohdan taras mykhailo mikhail roman denys denis
          artem kyrylo kirill vasyl viktor valerii valery rustem anton yevhen yevgeny ruslan stepan
          hennadiy gennady anatoliy alexei alexey aleksei vladislav vyacheslav konstantin boris ramzan
          yevgeniy ilya nikita""".split(),
}
FIRST_NAME_GENDER = {n: g for g, names in _FIRST_NAMES.items() for n in names}
# first names that also begin names of other things ('Roman Empire', 'Victoria Falls', 'Marina Bay')
AMBIGUOUS_FIRST_NAMES = {"roman", "victoria", "marina", "maria", "anna", "hanna", "vira", "inna", "alexander"}


# A first name is taken as one gender's when the 1990 US Census counts it at least this many times
# more often for that gender (Jordan, Taylor, Kelly stay unknown).
CENSUS_RATIO = 4.0


@functools.cache
def _census_first_names() -> dict[str, str]:
    """First name -> 'm' / 'f' from the US Census name lists that the `names` package (MIT) ships:
    5,000 English first names, read once (a few milliseconds)."""
    freq: dict[str, list[float]] = {}
    for k, fname in enumerate(("dist.male.first", "dist.female.first")):
        for line in (importlib.resources.files("names") / fname).read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2:
                freq.setdefault(parts[0].lower(), [0.0, 0.0])[k] = float(parts[1])
    return {n: ("m" if m >= CENSUS_RATIO * f else "f") for n, (m, f) in freq.items()
            if m >= CENSUS_RATIO * f or f >= CENSUS_RATIO * m}


def census_first_name(word: str) -> bool:
    """Is ``word`` (lower case) a common English first name of one gender?"""
    return word in _census_first_names()


_COMPOUND_HEADS = {"jean": "m", "pierre": "m", "paul": "m", "marie": "f", "anne": "f"}


def gender_from_name(first: str, last: str) -> str | None:
    """'f', 'm' or None for a person called ``first`` ... ``last``."""
    if "-" in first.strip("-"):
        # a French compound given name takes its first part's gender: Jean-Robert and Jean-Marie are men,
        # Marie-Claire a woman ('Jean' alone is mostly a woman's name in the US census)
        head = first.split("-")[0].lower()
        if head in _COMPOUND_HEADS:
            return _COMPOUND_HEADS[head]
    g = FIRST_NAME_GENDER.get(first.lower()) or _census_first_names().get(first.lower())
    if g:
        return g
    low = last.lower()
    if _FEMALE_SURNAME.search(low):
        return "f"
    if _MALE_SURNAME.search(low):
        return "m"
    return None


# -- spelling keys ------------------------------------------------------------------------------
# One person is written differently across outlets and even within an article: "Zelensky",
# "Zelenskyy", "Zelenskiy"; "Alexey", "Oleksiy". Shared by the entities extractor (one article) and the
# store's archive-wide speaker resolution.

_CYRILLIC = dict(zip(
    "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "h", "d", "e", "ye", "yo", "zh", "z", "y", "i", "yi", "y", "k", "l", "m", "n", "o",
     "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))

# Given names written differently in Ukrainian and Russian transliteration (folded forms).
_GIVEN_EQUIV = {
    "oleksi": "aleksi", "oleksandr": "aleksandr", "aleksander": "aleksandr", "alexander": "aleksandr",
    "volodimir": "vladimir", "mikola": "nikolai", "nikolai": "nikolai", "mikhailo": "mihail",
    "mihailo": "mihail", "mikhail": "mihail", "serhi": "sergi", "dmitro": "dmitri", "iuri": "iuri",
    "andri": "andrei", "andrei": "andrei", "petro": "piotr", "pitor": "piotr", "pyotr": "piotr",
    "ihor": "igor", "vitali": "vitali", "pavlo": "pavel", "hrihori": "grigori", "ievhen": "evgeni",
    "ievgeni": "evgeni", "evhen": "evgeni", "kostiantin": "konstantin", "kostantin": "konstantin",
    "valeri": "valeri", "olena": "elena", "ielena": "elena", "oleh": "oleg", "kirilo": "kiril",
    "hennadi": "genadi", "gennadi": "genadi", "heorhi": "georgi", "anatoli": "anatoli", "vasil": "vasili",
    "mikita": "nikita", "tetiana": "tatiana", "natalia": "natalia", "nataliia": "natalia", "iuli": "iuli",
    "iulia": "iulia", "maksim": "maksim", "fedir": "fiodor", "fedor": "fiodor", "fiodor": "fiodor",
}



@functools.lru_cache(maxsize=1 << 16)
def to_ascii(text: str) -> str:
    text = "".join(_CYRILLIC.get(c, c) for c in text.lower())
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 16)  # names repeat across an archive
def fold(token: str) -> str:
    """One name token -> its spelling key ("Alexey" and "Alexei" -> "aleksi")."""
    t = re.sub(r"[^a-z]", "", to_ascii(token))
    if not t:
        return ""
    t = t.replace("x", "ks").replace("kh", "h").replace("ph", "f").replace("w", "v").replace("q", "k")
    t = t.replace("tch", "ch").replace("ck", "k")
    if len(t) >= 5:
        t = re.sub(r"(iy|yi|ij|yj|ii|ey|ei|yy)$", "i", t)
    t = t.replace("j", "y").replace("y", "i")
    t = re.sub(r"(.)\1+", r"\1", t)
    return _GIVEN_EQUIV.get(t, t)
