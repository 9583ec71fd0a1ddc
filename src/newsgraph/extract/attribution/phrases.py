"""The speaker pass's word lists and the small helpers that read a phrase with them.

Word lists (roles, body nouns, documents, name particles) are data: ``extract/speaker_words.tsv``
(also read by store/speakers.py, so it stays beside the other extractors' lists). The helpers take a
phrase ('the agency's director', 'Houthi rebels') and tell its head, its role or body families, its
affiliation, whether it is plural or a name, and what kind of speaker it is.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsgraph.person_names import gender_from_name
from newsgraph.record import UNNAMED
from newsgraph.wordlists import WordListError, rows


PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i", "you", "who", "which", "that", "us",
            "me", "his", "its", "their"}
_PLURAL_PRONOUNS = {"they", "them", "we", "us"}
try:  # the nouns the sentence pass knows as people ('a teacher', 'the resident'), and their gender
    from newsgraph.extract.speakers import SOURCE_NOUN_GENDER as SOURCE_GENDER
    from newsgraph.extract.speakers import SOURCE_NOUNS as PERSON_WORDS
except ImportError:  # pragma: no cover - the module is being reorganised
    PERSON_WORDS, SOURCE_GENDER = frozenset(), {}
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*|\d[\w-]*")
_PHRASE_WORD = re.compile(r"[\w'\u2019&.]+(?:-[\w'\u2019&.]+)*")
_NAME_WORD = re.compile(r"[A-Z\u00c0-\u024f][\w'\u2019.-]*")
_ANONYMOUS = re.compile(r"anonymity|not to be (?:named|identified)|not authori[sz]ed|declined to be (?:named|identified)"
                        r"|did not want to be named|requesting anonymity|gave only (?:his|her) first name", re.I)
# how far back a body or a previous speaker is taken up ('the agency' one sentence after its name)
BODY_REACH = 3000
PRONOUN_REACH = 900
ROLE_REACH = 6000


@dataclass(frozen=True)
class Words:
    role: dict[str, frozenset[str]]  # form -> families
    body: dict[str, frozenset[str]]
    document: frozenset[str]
    report: frozenset[str]
    event: frozenset[str]
    generic: frozenset[str]
    particle: frozenset[str]
    platform: frozenset[str] = frozenset()
    rank: frozenset[str] = frozenset()
    outlet: frozenset[str] = frozenset()
    given: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def words() -> Words:
    """The word lists of ``speaker_words.tsv``: role and body forms with their families, and the
    plain classes as sets (an unknown class is an error naming the file and the line)."""
    families: dict[str, dict[str, set[str]]] = {"role": {}, "body": {}}
    sets: dict[str, set[str]] = {c: set() for c in ("document", "report", "event", "generic", "particle",
                                                     "platform", "rank", "outlet", "given")}
    path = Path(__file__).parent.parent / "speaker_words.tsv"
    for n, cols in rows(path, min_cols=2):
        forms = [f.strip().lower() for f in cols[1].split("|") if f.strip()]
        if cols[0] in families:
            for f in forms:
                families[cols[0]].setdefault(f, set()).add(cols[2].strip())
        elif cols[0] in sets:
            sets[cols[0]].update(forms)
        else:
            raise WordListError(f"{path}:{n}: unknown word class {cols[0]!r}; use one of "
                             f"{', '.join([*families, *sets])}")
    role, body = ({k: frozenset(v) for k, v in families[c].items()} for c in ("role", "body"))
    return Words(role, body, **{c: frozenset(v) for c, v in sets.items()})


# -- small text helpers ------------------------------------------------------------------------------

def _words(phrase: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(phrase)]


def _families(phrase: str, table: dict[str, frozenset[str]]) -> frozenset[str]:
    """Families of the role or body words in ``phrase`` ('foreign policy chief' -> head, diplomat)."""
    key = (phrase, id(table))
    got = _FAMILY_CACHE.get(key)
    if got is None:
        ws = _words(phrase)
        out: set[str] = set()
        for n in (3, 2, 1):
            for k in range(len(ws) - n + 1):
                out |= table.get(" ".join(ws[k:k + n]), frozenset())
        if len(_FAMILY_CACHE) > 50_000:
            _FAMILY_CACHE.clear()
        got = _FAMILY_CACHE[key] = frozenset(out)
    return got


_FAMILY_CACHE: dict[tuple[str, int], frozenset[str]] = {}


def _head(phrase: str) -> str:
    """'The head of the country's atomic agency' -> 'head'; 'the agency' -> 'agency': the last word
    before the first preposition or clause word."""
    ws = _words(phrase)
    for k, w in enumerate(ws[1:], 1):
        if w in ("of", "for", "in", "at", "with", "from", "on", "who", "which", "that", "close", "familiar"):
            return ws[k - 1]
    return ws[-1] if ws else ""


def _is_outlet(phrase: str) -> bool:
    """'AP', 'Reuters', "Turkey's news agency", 'Al Masirah TV', 'state media': a news outlet or agency
    (the phrase is one, or its last one or two words are: 'agency' alone is a body, not an outlet)."""
    ws = [x.replace("\u2019", "'") for x in _words(phrase)]
    out = words().outlet
    return bool(ws) and (" ".join(ws) in out or ws[-1] in out or " ".join(ws[-2:]) in out)


def _is_pronoun(s: str) -> bool:
    s = s.strip()
    return s.lower() in PRONOUNS and not (len(s) > 1 and s.isupper())  # 'WHO', 'US' are names


def _proper_words(phrase: str) -> list[str]:
    """Capitalised words of a phrase other than a sentence-initial article ('The Houthi rebels' -> Houthi)."""
    out = []
    for k, w in enumerate(_WORD.findall(phrase)):
        if k == 0 and w.lower() in ("the", "a", "an"):
            continue
        if _NAME_WORD.fullmatch(w) or (w[:1].isdigit() and any(c.isupper() for c in w)):
            out.append(w)
    return out


def _looks_like_name(phrase: str) -> bool:
    """'Ana Ruiz' (a name the model left untyped): two to four capitalised words, no article, no
    role or body word."""
    ws = phrase.split()
    w = words()
    return 2 <= len(ws) <= 4 and all(_NAME_WORD.fullmatch(x) or x.lower() in w.particle or "-" in x for x in ws) \
        and ws[0].lower() not in ("the", "a", "an") and not _families(phrase, w.role) \
        and not _families(phrase, w.body)


def _stem(w: str) -> str:
    w = w.lower().replace("\u2019", "'")
    w = re.sub(r"'s$", "", w)
    return w.replace("defence", "defense")[:6]


def _modifiers(phrase: str) -> list[str]:
    """The words of a body or role phrase that tell it from others ('the interior ministry' ->
    interior), without articles, generic words, the head and anything after it."""
    w = words()
    ws = _words(phrase)
    head = _head(phrase)
    out = []
    for x in ws:
        if x == head:
            break
        if x in w.generic or x.replace("\u2019", "'") in w.generic or x in w.role or x in w.body:
            continue
        out.append(x)
    return out


# -- helpers of the rules ------------------------------------------------------------------------------

_PLURAL_HEADS = re.compile(r"(?:s|people|police|staff|personnel|media)$")


def _plural(phrase: str) -> bool:
    h = _head(phrase)
    plural = bool(h) and h not in ("news", "politics", "us", "its", "his", "this", "series", "status", "press") \
        and bool(_PLURAL_HEADS.search(h)) and not h.endswith("ss") and h.lower() not in PRONOUNS
    return plural


def _rank(phrase: str) -> frozenset[str]:
    """What makes a role another one of the same family: 'Prime Minister' -> {prime minister}, 'Deputy
    Foreign Minister' -> {deputy}, 'the minister' -> {} (so the minister is not the prime minister)."""
    w = words()
    part = _role_part(phrase)
    return (_families(part, w.role) | set(_words(part))) & w.rank


def _role_part(phrase: str) -> str:
    """The role words of 'a spokesman for the agency' / "the agency's director": 'spokesman' / 'director'."""
    p = re.split(r"\s+(?:for|of|at|with|from|in)\s+", phrase, maxsplit=1)[0]
    p = re.sub(r"^.*['\u2019]s\s+", "", p)
    return p


def _affiliation_part(phrase: str) -> str | None:
    """The body a role belongs to: 'a spokesman for the MNDAA' -> 'the MNDAA'; "the agency's
    director" -> 'the agency'; 'Kremlin spokesman' -> 'Kremlin'."""
    m = re.search(r"\s+(?:for|of|at|with|from|in)\s+(.+)$", phrase)
    if m:
        return m.group(1).strip()
    m = re.match(r"(.*?)['\u2019]s\s+", phrase)
    if m:
        return m.group(1).strip()
    lead = []
    for x in phrase.split():
        if x[:1].isupper() and x.lower() not in ("the", "a", "an"):
            lead.append(x)
        elif lead:
            break
    return " ".join(lead) or None


_GENDERED_ROLE = re.compile(r"\b(?:spokes|chair|business|congress)?(man|woman|men|women)\b", re.I)


def _role_gender(phrase: str) -> str | None:
    m = _GENDERED_ROLE.search(phrase)
    return None if m is None else "f" if m.group(1).lower().startswith("wom") else "m"


def _person_gender(name: str) -> str | None:
    """'m', 'f' or None from a full name; a given name whose gender differs between languages
    ('Stephane Dujarric', 'Andrea Tenenti': men, where an English list says women) tells none."""
    parts = name.split()
    if len(parts) < 2:
        return None
    first = unicodedata.normalize("NFKD", parts[0]).encode("ascii", "ignore").decode().lower()
    if first in words().given:
        return None
    return gender_from_name(parts[0], parts[-1])


def _kind_of_phrase(name: str) -> str:
    """person | organisation | group | unnamed for a speaker known only by its name or phrase."""
    if _is_pronoun(name) or name == UNNAMED:
        return "unnamed"
    if _looks_like_name(name):
        return "person"
    w = words()
    body = _families(_head(name), w.body)
    if body:
        return "group" if body & {"rebels", "militia"} or _plural(name) else "organisation"
    if _families(_role_part(name), w.role) or _head(name) in PERSON_WORDS:
        return "unnamed"  # 'a spokesman', 'Kremlin spokesman', 'a resident': a person not named
    if _proper_words(name) and not _plural(name):
        return "organisation"  # 'Reuters', 'Centcom'
    return "group" if _proper_words(name) else "unnamed"
