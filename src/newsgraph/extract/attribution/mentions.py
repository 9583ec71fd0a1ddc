"""Mention rules (``MENTION_RULES``): run before the naming rules, they correct the speaker mention
itself (and, for a dateline, the quote). Each takes the article, the quote and all quotes and
returns True when it changed the quote.
"""
from __future__ import annotations

import re

from newsgraph.extract.attribution.article import Article
from newsgraph.extract.attribution.phrases import (
    PERSON_WORDS,
    _families,
    _is_outlet,
    _is_pronoun,
    _looks_like_name,
    _proper_words,
    words,
)
from newsgraph.record import Cue, Quote, Speaker


_TRAILING_SOURCE = re.compile(r",\s+((?:[\w'\u2019-]+\s+){0,9}[\w'\u2019-]+)\s+(said|says|say|told|reported|reports|added)"
                              r"\b[^.\n]{0,40}\.?\s*$")


def mention_dateline_is_no_speaker(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A dateline read as a transcript label is no speaker: the attribution at the sentence's end is.

    'BANGKOK: A Myanmar military airstrike killed ten civilians, locals and media reports said on
    Wednesday.' -> the quote is 'A Myanmar … ten civilians', said by 'locals and media reports'.
    """
    sp = q.speaker
    if q.cue is None or q.cue.text != ":" or not sp.text.isupper() or len(sp.text) < 3:
        return False
    line_start = art.text.rfind("\n", 0, sp.start) + 1
    if art.text[line_start:sp.start].strip():
        return False  # a dateline opens its line
    m = _TRAILING_SOURCE.search(art.text, q.start, q.end)
    if m is None or _is_pronoun(m.group(1)):
        return False
    a, b = m.start(1), m.end(1)
    q.end = m.start()
    q.text = art.text[q.start:q.end]
    q.type = "indirect"
    q.segments = None
    q.cue = Cue(m.start(2), m.end(2), m.group(2))
    q.speaker = Speaker(name=art.text[a:b], start=a, end=b, text=art.text[a:b])
    return True


_BODY_IN = re.compile(r"((?:The|the)\s+(?:[\w'\u2019-]+\s+){0,3}?([\w'\u2019-]+)\s+(?:in|of)\s+(?:[\w-]+\s+)?)$")


def mention_body_in_place(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A place is not the speaker of 'The health ministry in Hamas-run Gaza said': the body is.

    -> the mention grows to 'The health ministry in Hamas-run Gaza' (named so).
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    is_place = (e is not None and e.type in ("GPE", "LOC")) or any(
        p.start == sp.start and p.end == sp.end for p in art.record.places)
    if not is_place:
        return False
    m = _BODY_IN.search(art.text, max(0, sp.start - 80), sp.start)
    if m is None or not _families(m.group(2), words().body):
        return False
    a = m.start(1)
    text = art.text[a:sp.end]
    q.speaker = Speaker(name=text, start=a, end=sp.end, text=text)
    return True


# between a role and its holder's name: the role's 'of'-phrase, a comma, titles
_APPOSITION_GAP = re.compile(r"(?:\s+(?:of|for|in|at|from)\s[^,\n]{1,60})?,\s*"
                             r"(?:(?:Lt\.|Col\.|Gen\.|Maj\.|Brig\.|Capt\.|Dr\.|Prof\.|Rev\.|Mr\.?|Ms\.?|Mrs\.?|Sheikh|"
                             r"Father|Colonel|General|Major|Captain)\s+)*")


def mention_name_in_apposition(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A role with the name in apposition right after it: the name is the mention nearest the cue.

    'Another witness, Omar Nur, said he was lucky to have escaped.' -> the mention is 'Omar Nur'.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.type != "PERSON" or _is_pronoun(sp.text) or q.cue is None or sp.start < 0:
        return False
    if any(m.start == sp.start for m in e.mentions) or sp.text.strip()[:1].isupper() and \
            any(w[:1].isupper() for w in sp.text.split()[1:]):
        return False  # the mention is already a name of the person ('President … Kabore')
    for m in e.mentions:
        if sp.end <= m.start <= sp.end + 90 and _APPOSITION_GAP.fullmatch(art.text, sp.end, m.start) is not None:
            if q.cue.start > sp.start and m.end > q.cue.start:
                continue  # the name must stand between the role and the cue
            q.speaker = Speaker(name=sp.name, start=m.start, end=m.end, text=art.text[m.start:m.end],
                                entity=sp.entity, kind=sp.kind)
            return True
    return False



def mention_role_then_apposed_name(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A role the quote pass kept as its own source, with a person's name in apposition after it: the
    name is the mention nearest the cue, and the speaker.

    "According to the militia's deputy, Ahmed al-Maksousi, they were hit by artillery fire." and 'the
    army spokesperson, Lul Ruai Koang said Sunday' -> the mention is the name.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.type != "SOURCE" or _is_pronoun(sp.text) or q.cue is None or sp.start < 0:
        return False
    if not _families(sp.text, words().role):
        return False
    gap = _APPOSITION_GAP.match(art.text, sp.end, min(len(art.text), sp.end + 90))
    if gap is None:
        return False
    n = next((n for n in art.named if n.start == gap.end() and n.kind == "person"), None)
    if n is None or q.cue.start > sp.start and n.end > q.cue.start:
        return False  # the name stands between the role and a cue after them
    if not re.match(r"\s*(?:,|\s[a-z])", art.text[n.end:n.end + 2]):
        return False  # the name closes the apposition ('…, Lul Ruai Koang said', '…, Ahmed al-Maksousi,')
    q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                        kind="person")
    return True


_QUOTED_AS = re.compile(r"\s*(?:quoted|cited)\s+((?:[^,.;:\n\"\u201c\u201d]{2,120}?))\s+as\s+(?:saying|telling|writing|stating)\b")


def mention_quoted_as_saying(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """An outlet that quotes someone is not the speaker: the one quoted is.

    '“It’s a massacre,” AFP quoted Nabatiyeh governor Howaida Turk as saying.' -> the mention is
    'Howaida Turk' (a role or phrase with no name in it stays as the unnamed source it describes).
    """
    sp = q.speaker
    if q.cue is None or q.cue.text.lower() not in ("quoted", "cited") or sp.start < 0 or sp.end > q.cue.start:
        return False
    m = _QUOTED_AS.match(art.text, sp.end, min(len(art.text), sp.end + 200))
    if m is None or m.start(1) < q.cue.end:
        return False
    a, b = m.start(1), m.end(1)
    people = [n for n in art.named if a <= n.start and n.end <= b and n.kind == "person"]
    if people:
        n = people[-1]  # the name after the role words ('Rwandan army spokeswoman Claudine Mukamana')
        q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                            kind="person")
    else:
        text = art.text[a:b]
        q.speaker = Speaker(name=text, start=a, end=b, text=text)
    return True


_AUXILIARY = frozenset({"has", "have", "had", "would", "will", "did", "does", "do", "also", "reportedly", "now",
                        "previously", "earlier", "repeatedly"})
_RELATIVE_SOURCE = re.compile(r"\s+((?:[\w'\u2019-]+\s+){0,3}?[\w'\u2019-]+)\s+$")


_NOT_IN_SOURCE = frozenset({"in", "on", "at", "of", "for", "with", "by", "to", "through", "via", "from", "after", "before",
                            "during", "since", "under", "over", "about", "first", "together", "later", "then",
                            "also", "still", "again", "never", "not"})


def _source_phrase(phrase: str) -> bool:
    """'UN experts', 'the military', 'rights groups': a noun phrase that can say something (a plural
    noun, a body, a person noun or a role), with no preposition or adverb in it."""
    ws = [x.lower() for x in re.findall(r"[\w'\u2019-]+", phrase)]
    if any(x in _NOT_IN_SOURCE
           or x.endswith("ly") or x[:1].isdigit() for x in ws):
        return False
    w = words()
    head = ws[-1]
    return (head.endswith("s") and not head.endswith("ss")) or bool(_families(head, w.body)) \
        or bool(_families(head, w.role)) or head in PERSON_WORDS


def mention_relative_clause_source(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """'who' is not the speaker when someone else's verb of saying follows it: that subject is.

    'the M23 rebels, who UN experts say are backed by Rwanda, claimed …' -> the quote 'are backed by
    Rwanda' is said by 'UN experts', not by the rebels.
    """
    sp = q.speaker
    if q.cue is None or sp.text.strip().lower() not in ("who", "which") or not sp.end <= q.cue.start <= sp.end + 60:
        return False
    m = _RELATIVE_SOURCE.fullmatch(art.text, sp.end, q.cue.start)
    if m is None or _is_pronoun(m.group(1)) or m.group(1).split()[0].lower() in (
            "is", "are", "was", "were", "has", "have", "had", "also", "reportedly", "allegedly", "it", "they"):
        return False
    a, b = m.start(1), m.end(1)
    ws = list(re.finditer(r"[\w'\u2019-]+", art.text[a:b]))
    while len(ws) > 1 and ws[-1].group().lower() in _AUXILIARY:  # 'which the military has said'
        ws.pop()
    b = a + ws[-1].end()
    phrase = art.text[a:b]
    inside = [n for n in art.named if n.start == a and n.end == b]
    if not inside and not _source_phrase(phrase):
        return False  # 'who together say', 'who in 2010 said': no subject between them

    if inside:
        n = inside[0]
        q.speaker = Speaker(name=n.name, start=a, end=b, text=art.text[a:b], entity=n.entity, kind=n.kind)
    else:
        q.speaker = Speaker(name=art.text[a:b], start=a, end=b, text=art.text[a:b])
    return True


_TITLES = frozenset({"lt.", "col.", "gen.", "maj.", "brig.", "capt.", "dr.", "prof.", "rev.", "sgt.", "adm.", "cpl."})


def mention_title_is_no_name(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A title the model took for a person ('Brig.') is no name: the person named right after it is.

    'The army’s spokesman, Brig. Tarig al-Mahi, said troops had shot down three drones.' -> the speaker
    is Tarig al-Mahi, not 'Brig.'.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.name.strip().lower() not in _TITLES:
        return False
    ends = [m.end for m in e.mentions]
    for n in art.named:
        if n.kind == "person" and n.entity != e.id and any(0 <= n.start - x <= 2 for x in ends) \
                and n.name.lower() not in _TITLES:
            q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end],
                                entity=n.entity, kind="person")
            return True
    return False


def mention_pronoun_cut_from_name(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A pronoun that opens the text or a paragraph and runs straight into a name is the cut end of a
    word ('The' cut to 'he' where a stored page begins mid-word): the name is the speaker.

    'he South Sudan People’s Defense Forces (SSPDF) says it clashed with the rebels' -> the South
    Sudan People’s Defense Forces, not 'he'.
    """
    sp = q.speaker
    if sp.text not in ("he", "she", "it") or art.text[sp.end:sp.end + 1] != " ":
        return False
    par = art.text.rfind("\n", 0, sp.start) + 1
    if art.text[par:sp.start].strip():
        return False  # at the very start of a line only
    n = next((n for n in art.named if n.start == sp.end + 1), None)
    if n is None or q.cue is None or not n.end <= q.cue.start or q.cue.start - n.end > 20:
        return False  # the name must run up to the cue: 'he South Sudan … Forces (SSPDF) says'
    q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                        kind=n.kind)
    return True


_COORDINATED = re.compile(r"\s+and\s+((?:[A-Z][\w'\u2019-]*\s+){0,2}[A-Z][\w'\u2019-]*)\s+$")


def mention_coordinated_speakers(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """Two people who speak together are both the speaker, not the first of them alone.

    'Both Koang and Gatluak said both sides suffered losses' -> the mention 'Both Koang and Gatluak',
    named 'Koang and Gatluak' (not Koang).
    """
    sp = q.speaker
    if q.cue is None or sp.start < 0 or q.cue.start <= sp.end or _is_pronoun(sp.text):
        return False
    m = _COORDINATED.match(art.text, sp.end, q.cue.start)
    if m is None or m.end() != q.cue.start:
        return False
    other = next((n for n in art.named if n.start == m.start(1) and n.end == m.end(1) and n.kind == "person"), None)
    if other is None:
        return False  # 'Koang and his deputies': not two named people
    first = re.sub(r"^(?:Both|both)\s+", "", sp.text)
    text = art.text[sp.start:m.end(1)]
    q.speaker = Speaker(name=f"{first} and {m.group(1)}", start=sp.start, end=m.end(1), text=text, kind="group")
    return True


def mention_document_is_setting(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A document the sentence opens with ('In her statement') is where the words are, not who says
    them: the subject named right after it, before the cue, is the speaker.

    "In her statement Ms Ashton said: “I offer my sincere condolences …”" -> the mention is 'Ashton'
    (not 'her statement').
    """
    sp = q.speaker
    if q.cue is None or sp.start < 0 or sp.end > q.cue.start:
        return False
    w = words()
    ws = [x.lower() for x in re.findall(r"[\w'\u2019-]+", sp.text)]
    if not ws or ws[-1] not in w.document | w.report or ws[0] not in ("his", "her", "its", "their", "a", "the") \
            or not re.search(r"(?:^|[\s,'\u2019])[Ii]n\s+$", art.text[max(0, sp.start - 4):sp.start]):
        return False
    between = art.text[sp.end:q.cue.start]
    if "." in between.replace("Ms.", "").replace("Mr.", "") or len(between) > 80:
        return False
    named = [n for n in art.named if sp.end < n.start and n.end <= q.cue.start]
    if not named:
        return False
    n = named[-1]
    if not re.fullmatch(r"\s*,?\s*", art.text[n.end:q.cue.start]):
        return False  # the name must be the cue's subject, right before it
    q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                        kind=n.kind)
    return True


_SAID_BEFORE = re.compile(r"(?:^|(?<=[.\n])\s*)([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,4})\s+"
                          r"(?:said|says|stated|added|noted)\s+(?:that\s+)?$")


def mention_subject_of_reported_clause(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A subject inside the reported words is not the speaker of a cue coordinated with the reporting
    verb: the reporting verb's own subject is.

    'RSF said the deliberate targeting of civilians is reprehensible, and called on the international
    community to condemn these acts.' -> the speaker of 'called on …' is 'RSF', not 'the deliberate
    targeting of civilians'.
    """
    sp = q.speaker
    if q.cue is None or sp.start < 0 or sp.end > q.cue.start or _is_pronoun(sp.text):
        return False
    lo = max(art.text.rfind(".", 0, sp.start), art.text.rfind("\n", 0, sp.start), sp.start - 120, 0)
    m = _SAID_BEFORE.search(art.text, lo, sp.start)
    if m is None or m.end() != sp.start:
        return False
    between = art.text[sp.end:q.cue.start]
    if not re.search(r",?\s+and\s+(?:also\s+)?$", between):
        return False  # the cue must be coordinated with the reporting verb ('…, and called on')
    a, b = m.start(1), m.end(1)
    n = next((n for n in art.named if n.start == a and n.end <= b), None)
    if n is not None:
        q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                            kind=n.kind)
    else:
        text = art.text[a:b]
        q.speaker = Speaker(name=text, start=a, end=b, text=text)
    return True


# -- session 14 (names on a second fresh slice) ---------------------------------------------------------

_NP = r"((?:[\w'\u2019().-]+\s+){0,6}?[\w'\u2019().-]+)"
_SAY = r"(said|says|told|added|stated|confirmed|reported)"
_INNER_AT_END = re.compile(r",\s+" + _NP + r"\s+" + _SAY + r"\b([^,.;:\n\"\u201c\u201d]{0,40})$")
_INNER_CITED = re.compile(r"\s*(?:[\w'\u2019().-]+\s+){0,6}?(?:quoted|cited)\s+([^,.;:\n]{2,80}?)\s+as\s+(saying|stating)"
                          r"\s+(?:that\s+)?")
_INNER_AT_START = re.compile(r"\s*" + _NP + r"\s+" + _SAY + r"\s+(?:that\s+)?")


_QUOTING = re.compile(r"(?:\s+\w+day)?,?\s+(?:quoting|citing)\s+")


def _source_at(art: Article, a: int, b: int) -> Speaker | None:
    """The speaker written at text[a:b]: the named thing that ends there ('the PKK' -> PKK), or the
    phrase itself when it can speak ('Philippine Army representatives', 'the statement')."""
    phrase = art.text[a:b]
    if _is_pronoun(phrase):
        return None
    named = [n for n in art.named if a <= n.start and n.end == b]
    if named:
        n = named[0]
        return Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                       kind=n.kind)
    ws = re.findall(r"[\w'\u2019-]+", phrase)
    if not ws or not (_source_phrase(phrase) or ws[-1].lower() in words().document):
        return None
    return Speaker(name=phrase, start=a, end=b, text=phrase)


def mention_outlet_relays_source(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A news outlet that relays a source's words is not the speaker when the sentence names the
    source: the source is (and the source's own attribution is not part of the quote).

    'At least 18 soldiers were killed, Philippine Army representatives said on Sunday, AP reported.'
    -> 'Philippine Army representatives'; 'According to Turkey's news agency (Anadolu), the statement
    added that the operation is still underway.' -> 'the statement'; 'The ANF news agency cited the PKK
    as saying a lieutenant colonel was among the dead, Reuters reported.' -> 'the PKK'; 'FBC reported,
    quoting Hailu Adugna, head of the region's communication bureau' -> Hailu Adugna.
    """
    sp = q.speaker
    if sp.start < 0 or q.segments or q.end - q.start < 12:
        return False
    if q.cue is not None and q.cue.text.lower() in ("reported", "reports", "said", "says"):
        # 'FBC reported, quoting Hailu Adugna, head of …': whoever reports, the one quoted speaks
        m = _QUOTING.match(art.text, q.cue.end, min(len(art.text), q.cue.end + 40))
        n = next((n for n in art.named if m is not None and n.start == m.end() and n.kind == "person"), None)
        if n is not None:
            q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                                kind="person")
            return True
    if not _is_outlet(sp.text):
        return False
    body = art.text[q.start:q.end]
    m = _INNER_AT_END.search(body)
    if m is not None and sp.start >= q.end:
        a, b, verb = q.start + m.start(1), q.start + m.end(1), (q.start + m.start(2), q.start + m.end(2))
        cut = (q.start, q.start + m.start())
    else:
        m = _INNER_CITED.match(body) or _INNER_AT_START.match(body)
        if m is None or m.end() >= len(body) - 8:
            return False
        a, b, verb = q.start + m.start(1), q.start + m.end(1), (q.start + m.start(2), q.start + m.end(2))
        cut = (q.start + m.end(), q.end)
    src = _source_at(art, a, b)
    if src is None or _is_outlet(src.text):
        return False
    q.start, q.end = cut
    q.text = art.text[q.start:q.end]
    q.cue = Cue(verb[0], verb[1], art.text[verb[0]:verb[1]])
    q.speaker = src
    return True


_DATE_WORD = re.compile(r"date\s+\d{4}|(?:(?:early|late)\s+)?(?:(?:on|this|last)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
                        r"sunday|yesterday|today|tonight|overnight)(?:\s+(?:morning|afternoon|evening|night))?", re.I)


def _sentence_opens(text: str, at: int) -> int:
    """Where the sentence holding ``at`` opens (after a line break or '. ')."""
    cut = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at) + 1)
    return cut + 1 if cut >= 0 else 0


def mention_date_is_no_speaker(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A day is never the speaker: the subject written before it ('X on Tuesday confirmed') or after
    it ('Early Monday, X said') is.

    "Uganda's military on Tuesday confirmed that at least two civilians have died" -> "Uganda's
    military", not 'Tuesday'.
    """
    sp = q.speaker
    if sp.start < 0 or q.cue is None or not _DATE_WORD.fullmatch(sp.text.strip()):
        return False
    if sp.end <= q.cue.start and not art.text[sp.end:q.cue.start].strip():
        pre = art.text[_sentence_opens(art.text, sp.start):sp.start]
        m = re.fullmatch(r"\s*(.*?)\s+(?:on\s+|early\s+|late\s+)?", pre, re.S)
        if m is None or not m.group(1) or "," in m.group(1) or len(m.group(1)) > 60:
            return False
        a = sp.start - len(pre) + m.start(1)
        b = a + len(m.group(1))
    else:
        # 'Early Monday, M23 rebels, who are allegedly backed by Kigali, claimed …'; ' date 2025-08-04 El
        # Fasher — The Joint Force … (SAF) say …' (a stored page's date line and dateline)
        m = _AFTER_DATE.match(art.text[sp.end:q.cue.start]) if sp.end <= q.cue.start else None
        if m is None:
            return False
        a, b = sp.end + m.start(1), sp.end + m.end(1)
    src = _source_at(art, a, b)
    if src is None and re.match(r"The\s+[A-Z]", art.text[a:b]) and _proper_words(art.text[a:b]):
        phrase = art.text[a:b]
        src = Speaker(name=re.sub(r"^The\s+", "", phrase), start=a, end=b, text=phrase, kind="organisation")
    if src is None:
        return False
    q.speaker = src
    return True


_AFTER_DATE = re.compile(r"(?:-\d\d-\d\d\s+(?:[A-Z][\w'\u2019-]*\s+){1,3}[\u2014\u2013-]\s+|,\s+)"
                         r"((?:[\w'\u2019().-]+\s+){0,11}?[\w'\u2019().-]+)"
                         r"(?:,\s+(?:who|which)\b[^.;:\n]{1,80},)?\s*$")


_NAME_CLOSING = re.compile(r"[\u201d\"]\s*,?\s*(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})"
                           r"\s*$")  # the name runs to the end of the (cut) text


def mention_name_closes_quote(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A quote followed by a name and nothing else (the page cut before the verb) is that person's,
    not the speaker of a cue in another paragraph.

    '“It is true that ADF rebels have attacked my sub-county …,” Mr Bagon' (end of the stored text)
    -> 'Bagon', not the 'he' of the paragraph before.
    """
    sp = q.speaker
    if len(art.text) - q.end > 60:
        return False
    m = _NAME_CLOSING.match(art.text, q.end)
    if m is None and art.text[q.end:q.end + 1] in ",.":
        m = _NAME_CLOSING.match(art.text, q.end + 1)
    if m is None or sp.start < 0 or sp.start < m.end(1) and m.start(1) < sp.end:
        return False  # (the name is the mention already)
    a, b = m.start(1), m.end(1)
    n = next((n for n in art.named if n.start == a and n.kind == "person"), None)
    if n is not None:
        q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                            kind="person")
    elif m.group().find("M") >= 0 and re.search(r"(?:Mr|Ms|Mrs|Dr)\.?\s+$", art.text[q.end:a]) \
            or _looks_like_name(art.text[a:b]):
        q.speaker = Speaker(name=art.text[a:b], start=a, end=b, text=art.text[a:b], kind="person")
    else:
        return False
    q.cue = None
    return True


_WITH_SAYING = re.compile(r"\bwith\s+((?:[\w'\u2019.-]+\s+){0,7}?[\w'\u2019.-]+),?\s+$")


def mention_with_source_saying(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """'with X saying …': X is the speaker of what follows, not the subject of the main clause.

    'the army officials gave a higher toll, with military spokesman Lieutenant Mak Hazukay, saying "a
    total of 13 bodies … were found"' -> Mak Hazukay.
    """
    sp = q.speaker
    if q.cue is None or q.cue.text.lower() != "saying" or sp.start < 0 or sp.end > q.cue.start:
        return False
    m = _WITH_SAYING.search(art.text, max(0, q.cue.start - 100), q.cue.start)
    if m is None or m.start(1) <= sp.start < m.end(1) and sp.end == m.end(1):
        return False
    a, b = m.start(1), m.end(1)
    people = [n for n in art.named if a <= n.start and n.end == b]
    if people:
        n = people[0]
        q.speaker = Speaker(name=n.name, start=n.start, end=n.end, text=art.text[n.start:n.end], entity=n.entity,
                            kind=n.kind)
        return True
    src = _source_at(art, a, b)
    if src is None:
        return False
    q.speaker = src
    return True


_UNTYPED_NAME_CUE = re.compile(r"\s+([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,3})\s+(?:said|says|wrote|writes|told|tells|"
                               r"added|posted|stated|warned|claimed)\b")


def mention_role_then_untyped_name(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A role the parser cut off before its holder's name, a name the small model did not tag: the
    name written between the role and the cue is the speaker.

    'A few hours later, AA spokesperson Khaing Thukha wrote on Facebook that …' -> 'Khaing Thukha'
    (not 'AA spokesperson').
    """
    sp = q.speaker
    if sp.start < 0 or q.cue is None or _is_pronoun(sp.text) or not _families(sp.text, words().role):
        return False
    m = _UNTYPED_NAME_CUE.match(art.text, sp.end, min(len(art.text), q.cue.end + 1))
    if m is None or m.end() != q.cue.end or not _looks_like_name(m.group(1)):
        return False
    a, b = m.start(1), m.end(1)
    if any(mm.start < b and a < mm.end for e in art.record.entities if e.type != "PERSON" for mm in e.mentions) \
            or any(p.start < b and a < p.end for p in art.record.places):
        return False  # a body or a place, not a name
    n = next((n for n in art.named if n.start == a and n.kind == "person"), None)
    q.speaker = Speaker(name=n.name if n else art.text[a:b], start=a, end=b, text=art.text[a:b],
                        entity=n.entity if n else None, kind="person")
    return True


_NOT_SUBJECT = frozenset({"is", "are", "was", "were", "be", "been", "not", "never", "also", "then", "later", "it", "they",
                          "he", "she", "we", "i", "only", "still", "may", "might", "can", "could", "should", "must"})
_BUT_SUBJECT = re.compile(r"(?:,\s*|\s)(?:but|while|whereas)\s+((?:[\w'\u2019-]+\s+){0,5}?[\w'\u2019-]+)\s+$")


def mention_subject_after_but(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """'X would not give a toll but Y said …': the cue's subject is Y, after the conjunction, not
    the subject of the clause before it.

    "The governor wouldn't give a death toll but local media and residents said at least seven people
    were killed." -> 'local media and residents' (not the governor).
    """
    sp = q.speaker
    if q.cue is None or sp.start < 0 or sp.end > q.cue.start or q.cue.start - sp.end > 200:
        return False
    m = _BUT_SUBJECT.search(art.text, sp.end, q.cue.start)
    if m is None or "." in art.text[sp.end:m.start()]:
        return False
    if any(x.lower() in _AUXILIARY | _NOT_SUBJECT for x in re.findall(r"[\w'\u2019-]+", m.group(1))):
        return False  # '… but has said she will': the same subject, a second verb
    src = _source_at(art, m.start(1), m.end(1))
    if src is None:
        return False
    q.speaker = src
    return True
