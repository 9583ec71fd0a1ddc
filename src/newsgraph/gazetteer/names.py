"""Name keys shared by the index builder and the lookups: one folding, so both sides agree."""
from __future__ import annotations

import functools
import re
import unicodedata

_SPACE = re.compile(r"\s+")
# A dot followed by a space is an abbreviation inside a name ("St. Louis" = "St Louis"); a final
# dot or a dot between letters ("U.S.", "Ga.") is kept so abbreviations stay apart from words.
_INNER_DOT = re.compile(r"\.(?=\s)")
_DASHES = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ", "\u2014": " ",
                         "\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})


@functools.lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """Lower-case, accent-free, dash- and space-normalised form of a place name."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_DASHES).casefold()
    s = _INNER_DOT.sub("", s).replace("'", "")  # Ts'khinvali = Tskhinvali
    s = _SPACE.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def _is_latin(text: str) -> bool:
    for ch in text:
        if ch.isalpha() and ord(ch) > 0x24F and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def is_usable_alias(text: str) -> bool:
    """Keep alternate names an English news text can contain; drop codes, transliteration noise, numbers."""
    t = text.strip()
    if len(t) < 2 or not t[0].isupper() or any(ch.isdigit() for ch in t):
        return False
    letters = [ch for ch in t if ch.isalpha()]
    if "." not in t and len(letters) <= 4 and all(ch.isupper() for ch in letters):
        return False  # IATA/ICAO and other codes ("IEV", "KRQ")
    return _is_latin(t)


_DOUBLES = re.compile(r"(.)\1+")
# the letters English romanisations of one Cyrillic or Arabic name disagree on: 'y' / 'i' / 'j'
# (Hulyaypole, Huliaipole; Mykolayiv, Mykolaiv), 'ou' / 'u' (Khan Younis, Khan Yunis), doubled letters
_TRANSLIT = str.maketrans({"y": "i", "j": "i"})


def spelling_skeleton(text: str) -> str:
    """A name with the letters romanisations disagree on folded together."""
    return _DOUBLES.sub(r"\1", name_key(text).replace("ou", "u").translate(_TRANSLIT))


def is_spelling_of(alias: str, name: str) -> bool:
    """Is ``alias`` another romanisation of ``name`` (not a different name of the same place)?"""
    s = spelling_skeleton(alias)
    return len(s) >= 4 and s == spelling_skeleton(name)


# Arabic articles written before a name ('Al Tabqa', 'El Fasher'); not 'an', 'as', 'at' (English words).
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|az|ash|ed|es|ez|ul|ur) ")
_LOOSE = str.maketrans({"y": "i", "q": "k"})
# the endings romanisations of Arabic -iyya / -iyeh disagree on ('Nabatiyeh', 'Nabatieh', 'Nabatiyah')
_ENDING = re.compile(r"(?:ieh|iah|iya|ia)$")


@functools.lru_cache(maxsize=200_000)
def loose_key(text: str) -> str:
    """A coarser key for the romanisations of one Arabic or Cyrillic name news spells several ways: a
    leading Arabic article, spaces, hyphens and doubled letters go; 'y' is 'i', 'q' is 'k', 'ou' and 'ee'
    are 'u' and 'i', an -iyeh / -ieh / -iyah ending is '-ia' ('Nabatiyeh', 'Nabatieh', 'An Nabatiyah'
    -> 'nabatia'; 'Tal Rifaat', 'Tall Rif'at' -> 'talrifat'; 'Deir Ezzor', 'Deir ez-Zor' -> 'deirezor').
    '' for names too short to fold safely (fewer than 6 letters)."""
    s = _ARTICLE.sub("", name_key(text))
    s = "".join(ch for ch in s if ch.isalpha())
    if len(s) < 6:
        return ""
    s = s.replace("ou", "u").replace("ee", "i").translate(_LOOSE)
    s = _DOUBLES.sub(r"\1", s)
    return _ENDING.sub("ia", s)
