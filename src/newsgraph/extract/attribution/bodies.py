"""Rules of class (b), bodies and groups: a document is never a speaker (its issuer is), 'the same
sources', a body in a country named at the sentence's start, 'the agency' / 'the rebels' as the
body of that kind named before, an acronym or a contraction of a body named in full.

Each takes the article, the quote and all quotes, and returns a Resolution or None (not sure).
"""
from __future__ import annotations

import re

from newsgraph.extract.attribution.article import _TITLE_SHORT, Article, Resolution, _body_before, _kind_of
from newsgraph.extract.attribution.phrases import (
    BODY_REACH,
    _looks_like_name,
    PRONOUN_REACH,
    _families,
    _head,
    _is_pronoun,
    _plural,
    _proper_words,
    _words,
    words,
)
from newsgraph.record import UNNAMED, Quote


def rule_document_is_no_speaker(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A statement, a post, figures or strikes never speak: their issuer does.

    'Kharkiv Mayor Ihor Terekhov said this in a post on Telegram. “The enemy struck …,” the post
    reads.' -> Ihor Terekhov; 'according to UN figures' -> UN; with no issuer in sight the speaker is
    unnamed (record.UNNAMED), never 'the post'.
    """
    sp = q.speaker
    w = words()
    if _head(sp.text) not in w.document | w.report | w.event:
        return None
    if any(x.lower() == _head(sp.text) and x[:1].isupper() for x in sp.text.split()[1:]):
        return None  # 'The New York Post', 'the Daily Report': a name, not a document
    if _head(sp.text) in w.event:
        return Resolution(UNNAMED, None, "unnamed")  # 'the strikes killed …' is no attribution at all
    # the issuer inside the phrase ('UN figures', "the ministry's statement") or right after it
    # ('a statement from the ministry', 'a post by X')
    noun = _head(sp.text)
    hm = re.search(r"\b" + re.escape(noun) + r"\b", art.text[sp.start:sp.end], re.I)
    head_at = sp.start + (hm.start() if hm else 0)
    inside = [n for n in art.named if n.start >= sp.start and n.end <= head_at]
    if inside:
        n = inside[0]
        return Resolution(n.name, n.entity, n.kind)
    tail = sp.end if not hm else head_at + len(noun)
    after = re.match(r"\s+(?:from|by|of|issued by|released by)\s+(?:the\s+)?", art.text[tail:tail + 24])
    if after:
        at = tail + after.end()
        nxt = [n for n in art.named if at <= n.start <= at + 20]
        if nxt:
            return Resolution(nxt[0].name, nxt[0].entity, nxt[0].kind)
    # 'X said this in a post …. “…,” the post reads': the one who spoke or wrote, in the sentence
    # before, in the same kind of document (a report or a survey is nobody's without its issuer)
    lo = max(0, sp.start - PRONOUN_REACH)
    for m in reversed(list(re.finditer(r"\b" + re.escape(noun) + r"\b", art.text[lo:sp.start], re.I))):
        if noun not in w.document:
            break
        at = lo + m.start()
        sent_start = max(art.text.rfind(".", 0, at), art.text.rfind("\n", 0, at)) + 1
        for n in art.named:
            if sent_start <= n.start < at and _ISSUING.match(art.text, n.end, at):
                return Resolution(n.name, n.entity, n.kind)
        break
    if _head(sp.text) in w.report:
        return Resolution(sp.name, sp.entity, "unnamed")  # 'earlier reports', 'media reports': as written
    return Resolution(UNNAMED, None, "unnamed")


_ISSUING = re.compile(r"(?:\s+[\w'\u2019-]+){0,2}?\s+(?:said|says|wrote|writes|posted|posts|issued|released|published|"
                      r"tweeted|sent|shared|put out)\b")


def rule_same_document_as_quote_before(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'The statement also said …' right after a quote of 'The statement said …' is the same document:
    its issuer is the one the quote before was given.

    'IS claimed the attack in a statement. The statement said its fighters struck the post. The
    statement also said two vehicles were destroyed.' -> IS for both.
    """
    sp = q.speaker
    noun = _head(sp.text)
    if noun not in words().document or _words(sp.text)[:1] != ["the"]:
        return None
    before = quotes_before(q, quotes, PRONOUN_REACH)
    if not before:
        return None
    ps = before[0].speaker
    if ps.start >= sp.start or _head(ps.text) != noun or ps.name == UNNAMED or _head(ps.name) == noun:
        return None  # only the quote right before, of the same document, with its issuer found
    return Resolution(ps.name, ps.entity, ps.kind or _kind_of(ps, art))


# a capitalised subject that issues (opening the sentence or after its opening phrase's comma)
_ISSUER_SUBJECT = re.compile(r"(?:^|,\s+)((?:[A-Z][\w'\u2019.-]*)(?:\s+(?:[A-Z][\w'\u2019.-]*|al-[\w'-]+|of|the)){0,5})"
                             r"\s+(?:has\s+|had\s+)?(?:claimed|said|announced|issued|released|posted|published|stated)\b")


def rule_document_issuer_opens_sentence(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'The statement said …' after a sentence in which a body or person issued or claimed something
    'in a statement' is that subject's, even one the small model left untyped.

    'IS claimed responsibility for the attack in a statement posted by its news agency. The statement
    said IS fighters had struck the battalion.' -> IS (not the agency that posted it).
    """
    sp = q.speaker
    noun = _head(sp.text)
    if noun not in words().document or _words(sp.text)[:1] != ["the"]:
        return None
    own = _sentence_start(art.text, sp.start)
    prev = _sentence_start(art.text, max(0, own - 1))
    sent = art.text[prev:own]
    if not re.search(r"\b(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+)?" + re.escape(noun) + r"\b", sent, re.I):
        return None  # the document was mentioned in the sentence right before
    m = _ISSUER_SUBJECT.search(sent)
    if m is None:
        return None
    subject = m.group(1)
    if _words(subject)[:1] in (["the"], ["a"], ["in"], ["on"]) or _is_pronoun(subject):
        return None
    at = prev + m.start(1)
    n = next((n for n in art.named if n.start == at), None)
    if n is not None:
        return Resolution(n.name, n.entity, n.kind)
    if subject.isupper() and len(subject) >= 2 or _families(_head(subject), words().body):
        return Resolution(subject, None, "organisation")  # 'IS', 'Hamas's military wing' left untyped
    return None


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``at`` starts: after a line break or a '.', '?' or '!' and a space
    (not the stop of a title's short form: 'Col. Ryan Dillon')."""
    cut = text.rfind("\n", 0, at)
    for m in _SENT_END.finditer(text, max(0, at - 600), at):
        word = re.search(r"\w*$", text[max(0, m.start() - 12):m.start()])
        if word is not None and word.group().lower() in _TITLE_SHORT | {"mr", "mrs", "ms", "dr", "st", "lt", "no"}:
            continue
        if word is not None and len(word.group()) == 1 and word.group().isupper():
            continue  # an initial: 'S.P. Vaid', 'George W. Bush'

        cut = max(cut, m.end() - 1)
    return cut + 1


_SENT_END = re.compile(r"[.?!][\"\u201d']?\s")


def rule_sources_quoted_before(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the sources' are the unnamed sources of the quote right before, whatever their noun.

    'Boko Haram has killed 14 people, militia leaders told AFP. … stormed a security post, according
    to the sources.' -> militia leaders.
    """
    sp = q.speaker
    if _words(sp.text) not in (["the", "sources"], ["these", "sources"], ["the", "same", "sources"]):
        return None
    before = quotes_before(q, quotes, BODY_REACH)
    if not before:
        return None
    ps = before[0].speaker
    if ps.start >= sp.start or _is_pronoun(ps.text) or ps.name == UNNAMED or not _plural(ps.name) \
            or (ps.kind or _kind_of(ps, art)) not in ("unnamed", "group"):
        return None  # a person or a named body spoke last: not sure
    return Resolution(ps.name, ps.entity, ps.kind or "unnamed")


_KNOWN_AS = re.compile(r"\b([a-z]+),\s+(?:also\s+|better\s+)?known\s+as\s+[\"'\u201c\u2018]?"
                       r"([A-Z][\w'\u2019-]*(?:\s+(?:[A-Z]|al-|el-|ad-|ash-)[\w'\u2019-]*){0,4})[\"'\u201d\u2019]?(?=[,.;)])")


def rule_group_known_as(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A body the article names with 'known as' is what a description of that kind stands for, before
    and after it, when the article names one such body so.

    'A powerful Iraqi Shiite militia said 40 of its men were killed. The deputy head of the militia,
    known as Kattaib Sayeed al-Shuhadaa, accused … The militia vowed …' -> Kattaib Sayeed al-Shuhadaa
    for both.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE" or _is_pronoun(sp.text) or _looks_like_name(sp.text):
        return None
    fams = _families(_head(sp.text), words().body)
    if not fams:
        return None
    names = {m.group(2) for m in _KNOWN_AS.finditer(art.text) if fams & _families(m.group(1), words().body)}
    if len(names) != 1:
        return None
    name = names.pop()
    n = next((n for n in art.named if art.text[n.start:n.end] == name), None)
    return Resolution(name, n.entity if n is not None and n.kind != "person" else None,
                      "group" if fams & {"militia", "rebels", "group", "movement"} else "organisation")


# the body that speaks in a sentence: its capitalised subject before a speech verb
_BODY_SPEAKS = re.compile(r"(?:^|,\s+)((?:[A-Z][\w'\u2019.-]*)(?:\s+(?:[A-Z][\w'\u2019.-]*|of|the)){0,5})\s+"
                          r"(?:said|says|claimed|claims|announced|stated|reported)\b")


def rule_group_is_subject_before(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'The group added …' right after a sentence whose subject, a body, speaks: that body, even where
    its own words were not found as a quote.

    'In an online statement, IS said it staged the attack. The group added that one IS fighter was
    captured.' -> IS.
    """
    sp = q.speaker
    if " ".join(_words(sp.text)) not in _GENERIC_BODY:
        return None
    own = _sentence_start(art.text, sp.start)
    if art.text[own:sp.start].strip():
        return None  # 'the group' opens its sentence
    prev = _sentence_start(art.text, max(0, own - 1))
    sent = art.text[prev:own]
    found = list(_BODY_SPEAKS.finditer(sent))
    if len(found) != 1:
        return None
    m = found[0]
    subject, at = m.group(1), prev + m.start(1)
    if _words(subject)[:1] in (["the"], ["a"], ["in"], ["on"]) or _is_pronoun(subject):
        return None
    n = next((n for n in art.named if n.start <= at < n.end), None)
    if n is not None:
        return Resolution(n.name, n.entity, n.kind) if n.kind != "person" else None
    if any(x.type == "PERSON" and any(mm.start <= at < mm.end for mm in x.mentions) for x in art.record.entities):
        return None
    if subject.isupper() and len(subject) >= 2:
        return Resolution(subject, None, "group")  # 'IS' left untyped
    return None


def rule_same_sources(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the sources', 'the same sources' are the sources the article introduced before.

    'Security sources said the attack began at dawn. … The attack took place in a village, the
    sources said.' -> security sources.
    """
    sp = q.speaker
    ws = _words(sp.text)
    if len(ws) < 2 or ws[0] != "the" or len(ws) > 3 or (len(ws) == 3 and ws[1] != "same"):
        return None
    head = ws[-1]
    if not _plural(sp.text) or _families(head, words().body):
        return None
    best = None
    for p in quotes:
        ps = p.speaker
        if p is q or ps is None or ps.start >= sp.start:
            continue
        pw = _words(ps.name)
        if pw and pw[-1] == head and pw[0] != "the" and len(pw) >= 2:
            best = ps
    return Resolution(best.name, best.entity, best.kind or "unnamed") if best is not None else None


_GENERIC_BODY = frozenset({"the group", "the movement", "the organisation", "the organization", "the militia",
                           "the faction", "the outfit"})
_GENERIC_HEADS = frozenset({"group", "movement", "organisation", "organization", "militia", "faction", "outfit",
                            "wing"})


def rule_group_is_last_body(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the group', 'the movement', 'the militia', 'the military's media wing' say nothing of which
    body: it is the organisation or group that spoke last, when no person spoke after it and it was not
    a document.

    'The RSF said condemnations were issued in haste. The group asserted El Fasher was empty of
    civilians.' -> Rapid Support Forces.
    """
    sp = q.speaker
    ws = _words(sp.text)
    if " ".join(ws) not in _GENERIC_BODY and not (
            len(ws) <= 5 and ws[:1] == ["the"] and ws[-1] in _GENERIC_HEADS and not _proper_words(sp.text)):
        return None  # ('the military's media wing' too: a part of a body, described, not named)
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE":
        return None
    w = words()
    for p in quotes_before(q, quotes, BODY_REACH):
        ps = p.speaker
        if _is_pronoun(ps.name) or ps.name == UNNAMED or " ".join(_words(ps.name)) in _GENERIC_BODY \
                or _head(ps.name) in w.document | w.report | w.event:
            continue
        pe = art.by_id.get(ps.entity or "")
        if p.cue is not None and p.cue.text == ":" or pe is not None and pe.type in ("GPE", "LOC"):
            continue  # a dateline or a place read as a speaker: not a body that spoke
        kind = ps.kind or _kind_of(ps, art)
        if kind in ("organisation", "group") and _proper_words(ps.name):
            if any(e.type in ("ORG", "UNIT") and e.id != ps.entity and e.name != ps.name
                   and any(p.end <= m.start < sp.start for m in e.mentions) for e in art.by_id.values()):
                return None  # another body named since it spoke ('the Tax Policy Center …, the group said')
            return Resolution(ps.name, ps.entity, kind)
        return None  # a person or an unnamed source spoke last: not sure
    return None


def quotes_before(q: Quote, quotes: list[Quote], reach: int) -> list[Quote]:
    """The quotes with a speaker that end before ``q`` within ``reach`` characters, the latest first."""
    return sorted((p for p in quotes if p is not q and p.speaker is not None and p.end <= q.start
                   and q.start - p.end <= reach), key=lambda p: -p.end)


def rule_body_in_named_country(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'In Niger, the interior ministry said …': a government body in a sentence set in a country is
    that country's ('Niger's interior ministry').
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE":
        return None
    ws = _words(sp.text)
    if not ws or ws[0] != "the" or _proper_words(sp.text) or not _families(_head(sp.text), words().body) \
            & {"ministry", "government", "military", "police", "authority", "office"}:
        return None
    lo = max(art.text.rfind(".", 0, sp.start), art.text.rfind("\n", 0, sp.start)) + 1
    m = re.match(r"\s*In\s+([A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}),\s+$", art.text[lo:sp.start])
    if m is None:
        return None
    at = lo + m.start(1)
    place = next((p for p in art.record.places if p.start == at and p.end == lo + m.end(1)), None)
    if place is None or place.feature_class != "A" or (place.name and place.name != m.group(1)):
        return None  # a country or a state, named as such, not a town
    return Resolution(f"{m.group(1)}'s {sp.text[4:]}", None, "organisation")


def rule_body_named_before(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the agency', 'the ministry', 'the rebels', 'the military' is the body of that kind the article
    named last before it.

    'The International Atomic Energy Agency has sent three teams. The agency said the site was
    safe.' -> International Atomic Energy Agency; 'Houthi rebels have attacked ships. The rebels
    said …' -> Houthi rebels; 'the interior ministry' takes only a ministry whose name says interior.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE":
        return None
    phrase = sp.text
    if _is_pronoun(phrase) or _proper_words(phrase):
        return None
    n = _body_before(art, phrase, sp.start)
    if n is None:
        return None
    return Resolution(n.name, n.entity, n.kind)


def rule_short_form(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """An acronym or contraction is the one body the article names in full with those letters.

    'Jama'at Nusrat al-Islam wal-Muslimin (JNIM) … JNIM said' -> "Jama'at Nusrat al-Islam
    wal-Muslimin (JNIM)"; 'US Central Command said … Centcom added' -> 'US Central Command
    (Centcom)': the full name, with the short form readers meet in the article.
    """
    sp = q.speaker
    short = re.sub(r"^(?:the|The)\s+", "", sp.name.strip())  # 'the ICRC' is 'ICRC'
    if " " in short or len(short) < 3 or not short[:1].isupper() or _is_pronoun(short):
        return None
    if short.isupper():
        full = _defined_acronym(art.text, short)
        if full is not None:  # 'Jama'at Nusrat al-Islam wal-Muslimin (JNIM)': the article says so
            return Resolution(f"{full} ({short})", sp.entity, "organisation")
    # (a body's full name the small model typed as a person still counts: 'Israel Defense Forces')
    cands = {n.name for n in art.named if (n.kind != "person" or _families(_head(n.name), words().body))
             and n.name != short and " " in n.name
             and n.name[:1].isupper() and "(" not in n.name and _abbreviates(short, n.name)}
    if len(cands) != 1:
        return None
    name = cands.pop()
    n = next(n for n in art.named if n.name == name)
    # the full name with the short form the article uses: 'US Central Command (Centcom)'
    return Resolution(f"{n.name} ({short})", n.entity, n.kind)


def _defined_acronym(text: str, short: str) -> str | None:
    """The full name written right before '(SHORT)' or ', or SHORT' whose initials are SHORT, if the
    article has one; a name translated from another language counts with its initials in another
    order ('National Liberation Army (ELN)', 'Revolutionary Armed Forces of Colombia, or FARC')."""
    for m in re.finditer(r"\(" + re.escape(short) + r"\)|,\s+or\s+" + re.escape(short) + r"\b", text):
        before = text[max(0, m.start() - 120):m.start()].rstrip()
        ws = before.split()
        for k in range(len(ws) - 1, max(-1, len(ws) - 10), -1):
            cand = " ".join(ws[k:]).lstrip("(\"'\u201c")
            if not cand[:1].isupper():
                continue
            if _abbreviates(short, cand) or _initials_reordered(short, cand):
                return cand
        # a translated name whose initials are the original's: the run of capitalised words right
        # before it, when it ends with a body's noun ('the National Liberation Army (ELN)', Spanish ELN)
        run = []
        for x in reversed(ws[-6:]):
            if not (x[:1].isupper() or x in ("of", "for", "and")) or x.lower() in ("the", "a", "an"):
                break
            run.append(x)
        run.reverse()
        while run and not run[0][:1].isupper():
            run.pop(0)
        if len(run) >= 2 and _families(run[-1], words().body) and short.isupper():
            return " ".join(run)
    return None


def _initials_reordered(short: str, long: str) -> bool:
    """'ELN' of 'National Liberation Army' (Ejército de Liberación Nacional): the initials of the long
    form's capitalised words, in another order, with every word of it capitalised."""
    ws = [x for x in long.split() if x.lower() not in ("of", "for", "the", "and")]
    if not short.isupper() or len(short) < 3 or len(ws) != len(short) or not all(x[:1].isupper() for x in ws):
        return False
    return sorted(x[0].lower() for x in ws) == sorted(short.lower())


def _abbreviates(short: str, long: str) -> bool:
    """'JNIM' of "Jama'at Nusrat al-Islam wal-Muslimin", 'Centcom' of 'US Central Command': the short
    form is the initials (or the first syllables, three letters or more each) of the long form's
    words in order, name particles and small words skipped."""
    w = words()
    parts = []
    for x in re.split(r"[\s]+", long):
        x = re.sub(r"^(?:al|el|wal|ul|ad)[-\u2010\u2011]", "", x, flags=re.I)
        x = re.sub(r"[^\w\u2010\u2011-]", "", x).lower()
        if x and x not in w.particle and x not in ("of", "for", "the", "and", "on", "in"):
            parts.append(x)
    s = short.lower()
    if short.isupper():  # initials: a hyphenated word gives one for each part ('Inter-Services'),
        # or one for the whole word ('Local Co-ordination Committees' -> LCC)
        letters = "".join(x[0] for p in parts for x in re.split(r"[-\u2010\u2011]", p) if x)
        whole = "".join(p[0] for p in parts)
        return len(s) >= 3 and any(s == x or s == x[-len(s):] for x in (letters, whole))

    def fits(i: int, k: int, used: int) -> bool:  # s[i:] from parts[k:], prefixes of >= 3 letters
        if i == len(s):
            return used >= 2  # two words at least: 'Mucojo' is no short form of 'Mucojo and Quiterajo'
        for j in range(k, len(parts)):
            part = parts[j].replace("-", "")
            for n in range(min(len(part), len(s) - i), 2, -1):
                if part[:n] == s[i:i + n] and fits(i + n, j + 1, used + 1):
                    return True
        return False
    return len(s) >= 6 and fits(0, 0, 0)


def rule_body_is_not_its_place(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A body named with its place is the body, not the place the model linked the mention to.

    'Gaza Health Ministry Says 26 Killed In Israel Strike On Mosque' -> 'Gaza Health Ministry', not
    'Gaza'; 'Khan Younis Civil Defence Says …' -> the civil defence, not a person 'Khan'.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.type not in ("GPE", "LOC", "PERSON") or sp.name != e.name or len(sp.text) <= len(e.name) + 2:
        return None
    at = sp.text.find(e.name)
    if at < 0 or not _families(sp.text[at + len(e.name):], words().body):
        return None  # (the body word after the place: 'Khan Younis Civil Defence' typed as the person 'Khan')
    name = re.sub(r"\s*\([^)]*$", "", sp.text.strip())  # a short form cut open: 'Mission in Libya (UNSMIL'
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return Resolution(name, None, "organisation")


_ISSUER_AFTER = re.compile(r"\s+(?:from|by|of|issued by|released by|published by)\s+(?:the\s+)?"
                           r"((?:[A-Z][\w.'\u2019-]*)(?:\s+(?:[A-Z][\w.'\u2019-]*|for|of|and|on)){1,8})")


def rule_document_of_named_issuer(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A document or report followed by its issuer's name is the issuer's, even a name the small
    model left untyped.

    'According to the quarterly report of the U.S. Special Inspector General for Afghanistan
    Reconstruction, the Taliban has not …' -> 'U.S. Special Inspector General for Afghanistan
    Reconstruction' (not 'the quarterly report'). Two capitalised words at least; connectors
    ('for', 'of', 'and') may join them, never end the name.
    """
    sp = q.speaker
    w = words()
    noun = _head(sp.text)
    if noun not in w.document | w.report or _is_pronoun(sp.text):
        return None
    if any(x.lower() == noun and x[:1].isupper() for x in sp.text.split()[1:]):
        return None  # 'The New York Post': a name, not a document
    hm = re.search(r"\b" + re.escape(noun) + r"\b", art.text[sp.start:sp.end], re.I)
    tail = sp.start + hm.end() if hm else sp.end
    m = _ISSUER_AFTER.match(art.text, tail, min(len(art.text), tail + 160))
    if m is None:
        return None
    name = re.sub(r"(?:\s+(?:for|of|and|on))+$", "", m.group(1))
    caps = [x for x in name.split() if x[:1].isupper()]
    if len(caps) < 2 or name.split()[0].lower() in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                     "saturday", "sunday"):
        return None
    at = m.start(1)
    n = next((n for n in art.named if n.start == at and n.kind != "person"), None)
    if n is not None:
        return Resolution(n.name, n.entity, n.kind)
    if any(n.kind == "person" and at <= n.start < at + len(name) for n in art.named):
        return None  # a person's name ('a report by John Smith of …'): the person rule decides
    return Resolution(name, None, "organisation")


def rule_group_takes_up_unnamed_group(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the group …' (or an 'it' already read as 'the group') after an unnamed 'a … group' spoke is
    that unnamed source, as first written, not a body named elsewhere.

    'At least 14 were killed in an air strike on a camp, a rescue group said. ¶ The camp "was the target
    of intense bombardment", said the group of volunteer aid workers.' -> 'a rescue group'.
    """
    sp = q.speaker
    phrase = sp.name if _is_pronoun(sp.text) else sp.text
    ws = _words(phrase)
    if ws[:1] != ["the"] or _head(phrase) not in _GENERIC_HEADS or _proper_words(phrase):
        return None
    e = art.by_id.get(sp.entity or "")
    if e is not None and e.type != "SOURCE":
        return None
    before = quotes_before(q, quotes, PRONOUN_REACH)
    if not before:
        return None
    ps = before[0].speaker
    pw = _words(ps.name)
    if pw[:1] not in (["a"], ["an"]) or _head(ps.name) != _head(phrase) or _proper_words(ps.name):
        return None  # only the unnamed 'a rescue group' that spoke last, of the same noun
    return Resolution(ps.name, ps.entity, "unnamed")


def rule_body_phrase_is_no_person(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A body written as a common noun ('the army', 'the ministry') is never a person, whatever the
    sentence pass linked it to: it stays the body as written.

    "Villegas said the government holds the ELN responsible …. Meanwhile, the army said it had captured
    three rebels." -> 'the army', not Luis Carlos Villegas (nor the 'National Liberation Army' whose name
    holds the word: the body is left as written).
    """
    sp = q.speaker
    if sp.start < 0 or _is_pronoun(sp.text) or _proper_words(sp.text) or _words(sp.text)[:1] != ["the"]:
        return None
    if not _families(_head(sp.text), words().body):
        return None
    e = art.by_id.get(sp.entity or "")
    if e is None or _kind_of(sp, art) != "person" and e.type != "PERSON":
        return None
    if any(m.start <= sp.start and sp.end <= m.end for m in e.mentions):
        return None  # the mention is one of the entity's own ('the Israel Defense Forces' typed PERSON)
    kind = "group" if _families(_head(sp.text), words().body) & {"rebels", "militia"} else "organisation"
    return Resolution(sp.text, None, kind)


_SUBJECT_SAYS = re.compile(r"\s*(?:[A-Z][A-Z'\u2019 .-]+(?:\s*\([^)]{1,30}\))?\s*[-\u2013\u2014:]\s+)?"  # (a dateline)
                           r"((?:The\s+|the\s+)?[^\s,.;:\"\u201c\u201d]+(?:\s+[^\s,.;:\"\u201c\u201d]+){0,7}?)\s+"
                           r"(?:has\s+|had\s+)?(?:said|says|reported|reports|announced|claimed|stated|confirmed)\b")
_DOC_BEFORE = r"\b(?:a|an|its|their|the|his|her)\s+(?:[\w'\u2019-]+\s+)?(?:{nouns})\b"


def rule_document_issued_by_sentence_subject(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A statement or report with no issuer of its own is the one issued by the subject that says or
    reports something in its sentence, or in the sentence before; 'the statement' / 'the report' later
    is that same document.

    'The defense ministry reported on Saturday that ten soldiers were killed. According to a ministry
    statement, 16 are still missing.' -> defense ministry; 'The PKK said it had killed 31 soldiers,
    according to a statement carried on ANF. … The statement said the toll could be higher.' -> PKK.
    """
    sp = q.speaker
    w = words()
    noun = _head(sp.text)
    docs = w.document | w.report
    if noun not in docs or sp.start < 0 or _proper_words(sp.text) or re.search(r"['\u2019]s\b", sp.text):
        return None  # ('the army's statement', 'UN figures': the issuer is in the phrase)
    if re.match(r"\s+(?:from|by|of|issued by|released by|carried by)\s", art.text[sp.end:sp.end + 16]):
        return None  # 'a statement from the ministry': its own issuer
    at = sp.start
    if _words(sp.text)[:1] == ["the"]:  # the same document as the latest one written before it
        nouns = "|".join(sorted((re.escape(x) for x in docs if " " not in x), key=len, reverse=True))
        found = list(re.finditer(_DOC_BEFORE.format(nouns=nouns), art.text[max(0, sp.start - PRONOUN_REACH):sp.start],
                                 re.I))
        if not found:
            return None
        at = max(0, sp.start - PRONOUN_REACH) + found[-1].start()
        for p in quotes:  # a quote of that document whose issuer is settled
            ps = p.speaker
            if p is not q and ps is not None and ps.start <= at < ps.end and ps.name != UNNAMED \
                    and _head(ps.name) not in docs and not _is_pronoun(ps.name):
                return Resolution(ps.name, ps.entity, ps.kind or _kind_of(ps, art))
    mods = {x for x in _words(sp.text) if x not in w.generic and x != noun and x not in docs}
    own = _sentence_start(art.text, at)
    prev = _sentence_start(art.text, max(0, own - 2))
    for a, b in ((own, at), (prev, own)):
        m = _SUBJECT_SAYS.match(art.text, a, b)
        if m is None:
            continue
        subject = m.group(1)
        if _is_pronoun(subject) or _words(subject)[:1] in (["according"], ["a"], ["an"]) or _head(subject) in docs:
            continue
        if mods and not mods <= set(_words(subject)):
            continue  # 'a ministry statement' is a ministry's
        s0 = m.start(1) + (4 if subject.lower().startswith("the ") else 0)
        n = next((n for n in art.named if n.start == s0 or n.start == m.start(1)), None)
        if n is not None and n.kind != "person":
            return Resolution(n.name, n.entity, n.kind)
        if _families(_head(subject), w.body) and not any(x.kind == "person" for x in art.named
                                                           if m.start(1) <= x.start < m.end(1)):
            return Resolution(re.sub(r"^(?:The|the)\s+", "", subject), None, "organisation")
        return None
    return None
