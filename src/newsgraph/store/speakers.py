"""One speaker across the archive: the same person in different articles gets one ``speakers`` row.

Within one article the extractor already gives each person one entity named by its longest form.
Across articles the same person is written differently: "Alexey Baranovsky", "Alexei Baranovsky",
"Baranovskiy", "Oleksiy Baranovskyi". The rules, in order:

1. **Spelling key.** A person's name is folded to a key: accents and Cyrillic to Latin, common
   transliteration variants collapsed (x/ks, kh/h, w/v, -iy/-yi/-ey/-ei/-ii endings, y/i, doubled
   letters), titles dropped ("Gen.", "President"), and common Ukrainian/Russian given-name pairs
   made equal (Oleksiy = Alexey, Volodymyr = Vladimir, ...). Full names (given + surname) with the
   same key are one speaker; middle names are ignored.
2. **Short mentions.** A surname alone ("Baranovsky") or initial + surname ("A. Baranovsky") joins
   the full-name speaker with that surname *only when it is the only one in the archive* (for an
   initial: the only one with that initial). When several people share the surname ("John Smith",
   "Mary Smith"), the mention joins one of them only if evidence singles it out: a descriptor in
   common ("spokesman for the army"). Otherwise it stays a speaker of its own ("Smith"): two
   different Smiths are never merged blindly.
3. Organisations and named groups ("Houthi rebels") are keyed by their folded name.
4. **Unnamed sources stay in their article.** A generic descriptor ("local officials", "residents",
   "a spokesperson", "Kremlin spokesman") names no one: the residents of one article are not those
   of another, so each article's unnamed source is a speaker of its own (key ``UNNAMED|article|…``)
   and never ranks among the most quoted speakers. A pronoun, or ``record.UNNAMED``, is never
   stored as a speaker at all (the writer leaves ``speaker_id`` empty).
5. **A surname written as an untyped source** ("Klitschko" that the model did not tag as a person)
   joins the one person with that surname, as in rule 2.

``resolve_speakers(conn)`` re-derives the whole assignment from the ``entities`` table, so it is
deterministic and idempotent; the ingest runs it once at the end of every run (a new article with
a second "Smith" can split what an earlier run joined). Speaker ids are kept for keys that
persist. ``speaker_key`` is the same rule applied to one article alone, used by the writer so a
freshly written article has sensible speakers even before the next resolution.
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections import Counter, defaultdict

from newsgraph.person_names import fold, to_ascii

SPEAKER_TYPES = ("PERSON", "ORG", "SOURCE", "NORP", "UNIT")
UNNAMED_PREFIX = "UNNAMED|"  # the key of an unnamed source: one per article, never ranked

_PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i", "you", "who", "which", "that", "us",
             "me", "his", "its", "their", "unnamed source"}
# plural and singular nouns that describe people without naming them ('residents', 'a spokesperson');
# the role words come from the extractor's list (extract/speaker_words.tsv), read without importing it
_GENERIC_NOUNS = set("""
resident residents official officials witness witnesses source sources analyst analysts expert experts local locals
villager villagers survivor survivors activist activists authority authorities police medic medics doctor doctors
rescuer rescuers diplomat diplomats observer observers people person man men woman women soldier soldiers
fighter fighters worker workers volunteer volunteers farmer farmers teacher teachers student students relative
relatives family families neighbour neighbours neighbor neighbors member members leader leaders eyewitness
eyewitnesses journalist journalists lawmaker lawmakers critic critics supporter supporters protester protesters
refugee refugees parent parents mother father son daughter wife husband pensioner pensioners nurse nurses
civilians
""".split())

_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "father",
    "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "sgt",
    "sergeant", "cpl", "corporal", "pvt", "private", "adm", "admiral", "cmdr", "commander", "brig",
    "president", "vice", "prime", "minister", "pm", "chancellor", "king", "queen", "prince", "princess",
    "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "judge", "justice", "secretary",
    "ambassador", "chief", "deputy", "spokesman", "spokeswoman", "spokesperson", "pope", "patriarch",
    "sheikh", "ayatollah", "archbishop", "bishop", "foreign", "defence", "defense", "the",
}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*\.?", re.UNICODE)


@functools.lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """The name's words without titles and suffixes ("Gen. Valery Gerasimov" -> Valery, Gerasimov)."""
    toks = [t for t in _TOKEN.findall(name or "")]
    while len(toks) > 1 and toks[0].rstrip(".").lower() in _TITLES:
        toks = toks[1:]
    while len(toks) > 1 and toks[-1].rstrip(".").lower() in _SUFFIXES:
        toks = toks[:-1]
    return tuple(toks)


def _is_initial(tok: str) -> bool:
    core = tok.rstrip(".")
    return len(core) == 1 or (len(core) == 2 and core.isupper())


@functools.lru_cache(maxsize=1 << 16)
def person_parts(name: str) -> tuple[str | None, str] | None:
    """(given-name key or initial or None, surname key) for a person's name; None if no name."""
    toks = name_tokens(name)
    if not toks:
        return None
    surname = fold(toks[-1].split("-")[-1]) if "-" in toks[-1] and len(toks) == 1 else fold(toks[-1])
    if not surname:
        return None
    if len(toks) == 1:
        return None, surname
    first = toks[0]
    if _is_initial(first):
        return fold(first[0]) + ".", surname
    return fold(first), surname


def _plain_key(name: str) -> str:
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name) or name  # 'Rapid Support Forces (RSF)' is Rapid Support Forces
    words = re.findall(r"\w+", to_ascii(name))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    from pathlib import Path

    from newsgraph.wordlists import rows

    path = Path(__file__).resolve().parent.parent / "extract" / "speaker_words.tsv"
    out: set[str] = set()
    try:
        for _, cols in rows(path, min_cols=2):
            if cols[0] == "role":
                out.update(f.strip().lower() for f in cols[1].split("|"))
    except OSError:  # pragma: no cover - a broken install; the built-in nouns still apply
        pass
    return frozenset(out)


@functools.lru_cache(maxsize=1 << 16)
def is_unnamed(name: str, type_: str | None) -> bool:
    """Does this speaker name no one ('local officials', 'Residents', 'a spokesperson', 'Kremlin
    spokesman', 'she')? Named people, organisations and named groups ('Houthi rebels') do not."""
    n = " ".join((name or "").split())
    if not n or n.lower() in _PRONOUNS:
        return True
    if (type_ or "").upper() != "SOURCE":
        return False
    words = re.findall(r"[\w'’-]+", n)
    low = [w.lower() for w in words]
    if low and low[0] in ("the", "a", "an", "some", "two", "three", "several", "many", "one", "other"):
        words, low = words[1:], low[1:]
    if not words:
        return True
    head = next((w for w in low if w in ("of", "for", "in", "at", "from", "with", "who")), None)
    head_word = low[low.index(head) - 1] if head and low.index(head) > 0 else low[-1]
    if head_word in _GENERIC_NOUNS or head_word in _role_words() or head_word.rstrip("s") in _role_words():
        return True  # 'Kremlin spokesman', 'Ukrainian officials', 'residents of Kherson'
    # no capitalised word: a plain description ('the military's media wing', 'gunmen'); with one it is a
    # named group ('Houthi rebels', 'M23 fighters')
    return not any(w[:1].isupper() for w in words)


@functools.lru_cache(maxsize=1 << 16)
def speaker_key(name: str, type_: str | None, article_id: str | None = None) -> str:
    """The key of a speaker seen in one article (no archive evidence): full persons by given name +
    surname, short person mentions as "~surname" (joined later by ``resolve_speakers``); an unnamed
    source by its article and phrase (never joined across articles)."""
    t = (type_ or "").upper()
    if is_unnamed(name, t):
        return f"{UNNAMED_PREFIX}{article_id or ''}|{_plain_key(name) or name.strip().lower()}"
    if t == "PERSON":
        parts = person_parts(name)
        if parts is not None:
            first, surname = parts
            if first and not first.endswith("."):
                return f"PERSON|{first} {surname}"
            return f"PERSON|~{first or ''}{surname}"
    return f"{t}|{_plain_key(name) or name.strip().lower()}"


def _descriptor_set(raw: str | None) -> set[str]:
    try:
        items = json.loads(raw or "[]")
    except (ValueError, TypeError):
        return set()
    return {" ".join(str(d).lower().split()) for d in items if str(d).strip() and not str(d).strip().isdigit()}


def resolve_speakers(conn: sqlite3.Connection) -> dict[str, int]:
    """Re-cluster every entity of the archive into speakers (see module docstring) and update
    ``entities.speaker_id``, ``quotes.speaker_id`` and ``speakers``. Runs in one transaction.
    Returns counts: {"speakers", "merged" (entities whose speaker is not their own-name key)}."""
    rows = conn.execute(
        "SELECT rowid, article_id, entity_id, name, type, descriptors, speaker_id FROM entities "
        f"WHERE type IN ({','.join('?' * len(SPEAKER_TYPES))}) OR speaker_id IS NOT NULL", SPEAKER_TYPES).fetchall()
    clusters = _Clusters()
    for r in rows:
        clusters.add(r)
    merged = clusters.join_partial_names()
    names, types = _names_and_types(rows, clusters.key_of)
    _write_speakers(conn, rows, clusters.key_of, names, types)
    return {"speakers": len(names), "merged": merged}


class _Clusters:
    """The cluster key of every entity row: full names and unnamed speakers at once (``add``), the
    partial names (a surname, an initial) once every full name is known (``join_partial_names``)."""

    def __init__(self) -> None:
        self.key_of: dict[int, str] = {}  # entities.rowid -> cluster key
        self.full_by_surname: dict[str, set[str]] = defaultdict(set)
        self.descriptors: dict[str, set[str]] = defaultdict(set)
        self.partial: list[tuple[int, str | None, str, set[str]]] = []
        self.untyped: dict[int, str] = {}  # SOURCE rows read as a surname (rule 5)

    def add(self, r: tuple) -> None:
        """Key one entity row (rowid, article_id, entity_id, name, type, descriptors, speaker_id), or
        put it aside as a partial name."""
        rowid, name, type_ = r[0], r[3], (r[4] or "").upper()
        if is_unnamed(name, type_):
            self.key_of[rowid] = speaker_key(name, type_, r[1])  # its article's own
            return
        parts = person_parts(name) if type_ == "PERSON" else None
        if parts is None and type_ == "SOURCE" and re.fullmatch(r"[A-Z][a-z][\w'’-]+", name.strip()):
            parts = (None, fold(name.strip()))  # 'Klitschko' left untyped: a surname, joined as one (rule 5)
        if parts is not None and parts[0] and not parts[0].endswith("."):
            key = f"PERSON|{parts[0]} {parts[1]}"
            self.key_of[rowid] = key
            self.full_by_surname[parts[1]].add(key)
            self.descriptors[key] |= _descriptor_set(r[5])
        elif parts is not None:
            self.partial.append((rowid, parts[0], parts[1], _descriptor_set(r[5])))
            if type_ == "SOURCE":
                self.untyped[rowid] = name
        else:
            self.key_of[rowid] = speaker_key(name, type_)

    def join_partial_names(self) -> int:
        """Key each partial name: the one full name it can only be, else its own key. Returns how
        many were joined to a full name."""
        merged = 0
        for rowid, initial, surname, desc in self.partial:
            cands = sorted(self.full_by_surname.get(surname, ()))
            if initial:
                cands = [k for k in cands if k.split("|", 1)[1].startswith(initial[0])]
            if len(cands) > 1 and desc:  # evidence: a descriptor shared with exactly one candidate
                with_evidence = [k for k in cands if self.descriptors[k] & desc]
                cands = with_evidence if len(with_evidence) == 1 else cands
            if len(cands) == 1:
                self.key_of[rowid] = cands[0]
                merged += 1
            elif rowid in self.untyped:
                self.key_of[rowid] = speaker_key(self.untyped[rowid], "SOURCE")  # not a known surname: as it was
            else:
                self.key_of[rowid] = f"PERSON|~{initial or ''}{surname}"
        return merged


def _names_and_types(rows: list[tuple], key_of: dict[int, str]) -> tuple[dict[str, Counter], dict[str, str]]:
    """Spellings (with their counts) and type per cluster, clusters in the order of their first row."""
    names: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, str] = {}
    for r in rows:
        key = key_of[r[0]]
        names[key][" ".join(r[3].split())] += 1
        prefix = key.split("|", 1)[0]
        types.setdefault(key, prefix if prefix in SPEAKER_TYPES else (r[4] or "").upper())
    return names, types


def _display(c: Counter) -> str:
    """A cluster's display name: the most used full written form names the speaker, a full name as
    written without a title ("Valery Gerasimov", not "Gen. Valery Gerasimov")."""
    return max(c, key=lambda n: (len(name_tokens(n)) >= 2, len(name_tokens(n)) == len(_TOKEN.findall(n)),
                                 c[n], len(n), n))


def _write_speakers(conn: sqlite3.Connection, rows: list[tuple], key_of: dict[int, str],
                    names: dict[str, Counter], types: dict[str, str]) -> None:
    """In one transaction: the ``speakers`` rows (kept ids for known keys), the entities' and quotes'
    ``speaker_id`` where it changed, and the speakers nothing points at any more deleted."""
    with conn:
        existing = {k: i for k, i in conn.execute("SELECT key, id FROM speakers")}
        ids: dict[str, int] = {}
        for key in names:
            aliases = json.dumps(sorted(names[key]), ensure_ascii=False)
            if key in existing:
                ids[key] = existing[key]
                conn.execute("UPDATE speakers SET name=?, type=?, aliases=? WHERE id=?",
                             (_display(names[key]), types[key], aliases, ids[key]))
            else:
                ids[key] = conn.execute("INSERT INTO speakers(name, type, key, aliases) VALUES (?,?,?,?)",
                                        (_display(names[key]), types[key], key, aliases)).lastrowid
        changed = [(ids[key_of[r[0]]], r[0], r[1], r[2]) for r in rows if r[6] != ids[key_of[r[0]]]]
        conn.executemany("UPDATE entities SET speaker_id=? WHERE rowid=?", [c[:2] for c in changed])
        conn.executemany("UPDATE quotes SET speaker_id=? WHERE article_id=? AND speaker_entity=?",
                         [(c[0], c[2], c[3]) for c in changed])
        # Speakers that nothing points at any more (merged away or their articles re-analysed).
        conn.execute("DELETE FROM speakers WHERE id NOT IN (SELECT speaker_id FROM entities WHERE speaker_id IS NOT NULL)"
                     " AND id NOT IN (SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL)")
