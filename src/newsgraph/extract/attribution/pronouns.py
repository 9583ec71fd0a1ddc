"""Rules of class (d), pronouns: 'he' / 'she' after another quote of the paragraph or after an
unnamed source's quote, 'it' / 'they' as the body or group that spoke last; a pronoun nothing
resolves is an unnamed source, never a name.

Each takes the article, the quote and all quotes, and returns a Resolution or None (not sure).
"""
from __future__ import annotations

import re

from newsgraph.extract.attribution.article import (
    Article,
    Resolution,
    _honorific_gender,
    _kind_of,
    _previous_speakers,
)
from newsgraph.extract.attribution.phrases import (
    PRONOUN_REACH,
    SOURCE_GENDER,
    PERSON_WORDS,
    _families,
    _head,
    _is_pronoun,
    _looks_like_name,
    _person_gender,
    _plural,
    _role_gender,
    _role_part,
    _words,
    words,
)
from newsgraph.person_names import gender_from_name
from newsgraph.record import UNNAMED, Quote, Speaker


def rule_pronoun_continues_previous_quote(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' of a quote that follows another in the same paragraph is that quote's speaker.

    '“We must stand together,” government spokeswoman Aïcha Kaboré posted on Facebook. “Our forces
    will not retreat,” she said.' -> Aïcha Kaboré (not an army officer quoted a paragraph before).
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she"):
        return None
    before = [p for p in quotes if p is not q and p.speaker is not None and p.end <= q.start]
    if not before:
        return None
    p = max(before, key=lambda x: x.end)
    gap = art.text[p.end:q.start]
    if len(gap) > 160 or "\n" in gap.strip():
        return None  # another paragraph: the sentence pass's antecedent stands
    ps = p.speaker
    if ps.entity == sp.entity or _is_pronoun(ps.text) or ps.name == UNNAMED:
        return None
    if (ps.kind or _kind_of(ps, art)) != "person":
        return None
    want = "f" if low == "she" else "m"
    if _gender_near(art, ps) not in (None, want):
        return None
    return Resolution(ps.name, ps.entity, "person")


def _opens_paragraph(art: Article, q: Quote) -> bool:
    """Does the speaker's paragraph open with quoted words ('“…,” he said', '“…,” he said, adding
    that …')?"""
    at = q.speaker.start if q.speaker is not None and q.speaker.start >= 0 else q.start
    par = art.text.rfind("\n", 0, at) + 1
    return art.text[par:par + 1] in ("\"", "\u201c", "\u00ab", "'", "\u2018")


_ADDRESSED = re.compile(r"\b(?:told|to|on|via|by|with)\s+(?:the\s+)?$", re.I)


# 'issued a message to the president, Joseph Kabila': the one addressed by role and name (not 'according to')
_ADDRESSEE = re.compile(r"(?<!according )\b(?:to|told)\s+the\s+((?:[a-z][\w'\u2019-]*\s+){0,2}[a-z][\w'\u2019-]*),\s+$")


def _addressed_by_role(text: str, at: int) -> bool:
    """Is the name at ``at`` the one a message goes to, by role ('a message to the president, Joseph
    Kabila'), not a source ('according to the agency's director, …', 'In response to pressure, …')?"""
    m = _ADDRESSEE.search(text, max(0, at - 50), at)
    return m is not None and bool(_families(m.group(1), words().role))


def _people_in(art: Article, a: int, b: int, but: str | None = None) -> set[str]:
    """Entity ids of the people named in text [a, b) (not platforms, not ``but``, not one addressed:
    'told Dawn', 'a message to the president, Joseph Kabila')."""
    plat = words().platform
    out = set()
    for e in art.by_id.values():
        if e.id == but or e.name.lower() in plat:
            continue
        if e.type == "PERSON" or e.type == "SOURCE" and _looks_like_name(e.name):
            if any(a <= m.start < b and not _ADDRESSED.search(art.text, max(0, m.start - 8), m.start)
                   and not _addressed_by_role(art.text, m.start) for m in e.mentions):
                out.add(e.id)  # (not 'told Dawn', 'on Twitter': an outlet or a platform addressed)
    return out


def _is_person(art: Article, sp: Speaker) -> bool:
    e = art.by_id.get(sp.entity or "")
    return e is not None and e.name.lower() not in words().platform and (
        e.type == "PERSON" or e.type == "SOURCE" and _looks_like_name(sp.name)) \
        and (sp.kind or _kind_of(sp, art)) == "person"


def rule_pronoun_continues_previous_paragraph(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' of a quote that opens the paragraph after a named person's quote is that person,
    when nobody else is named after that quote's paragraph (the reporter would have said who).

    '“The health emergency must not make us forget security,” President Roch Kabore posted on
    Twitter. ¶ “We have to remain alert,” he said.' -> Roch Kabore (not 'Twitter').
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she") or not _opens_paragraph(art, q):
        return None
    before = [p for p in quotes if p is not q and p.speaker is not None and p.end <= q.start]
    if not before:
        return None
    p = max(before, key=lambda x: x.end)
    ps = p.speaker
    gap = art.text[p.end:q.start]
    if "\n" not in gap or len(gap) > 400 or gap[gap.index("\n"):].strip(" \n\t\"'\u201c\u2018\u00ab"):
        return None  # not the very next paragraph (same paragraph: the rule above)
    if _is_pronoun(ps.text) or ps.name == UNNAMED or not _is_person(art, ps):
        return None
    last_par = art.text.rfind("\n", p.start, p.end)
    if last_par >= 0 and _people_in(art, last_par, p.end, but=ps.entity):
        return None  # a quote over paragraphs naming someone else in its last one ('Melanie thought …')
    par_end = p.end + gap.index("\n")
    if _people_in(art, par_end, sp.start, but=ps.entity) or _people_in(art, p.end, par_end, but=ps.entity) - {
            x for x in _people_in(art, ps.start, ps.end)}:
        return None  # another person named after the quote: not sure
    want = "f" if low == "she" else "m"
    if _gender_near(art, ps) not in (None, want):
        return None
    return Resolution(ps.name, ps.entity, "person")


def rule_pronoun_opens_paragraph_after_speaker(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'He' / 'She' opening a paragraph is the person whose quote ends the paragraph before, when
    nobody else is named since that person's mention.

    "According to the militia's deputy, Ahmed al-Maksousi, they were hit by artillery fire. ¶ He said
    the attack was launched from around Mosul." -> Ahmed al-Maksousi (not the spokesman quoted before
    him).
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she"):
        return None
    par = art.text.rfind("\n", 0, sp.start) + 1
    if art.text[par:sp.start].strip():
        return None  # the pronoun opens its paragraph
    before = [p for p in quotes if p is not q and p.speaker is not None and p.end <= par]
    if not before:
        return None
    p = max(before, key=lambda x: x.end)
    ps = p.speaker
    gap = art.text[p.end:par]
    if gap.count("\n") == 0 or gap[gap.index("\n"):].strip() or len(gap) > 200:
        return None  # the quote must end the paragraph right before
    if _is_pronoun(ps.text) or ps.name == UNNAMED or not _is_person(art, ps):
        return None
    if _people_in(art, min(ps.end, p.start) if ps.start < p.start else p.start, sp.start, but=ps.entity) \
            - _people_in(art, ps.start, ps.end):
        return None  # someone else named since: not sure ('killed Ahmed' in the quote itself)
    want = "f" if low == "she" else "m"
    if _gender_near(art, ps) not in (None, want):
        return None
    return Resolution(ps.name, ps.entity, "person")


def rule_pronoun_is_no_thing(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' is a person: an antecedent that is a platform, a company, a ship or a place is a
    wrong guess, and the speaker stays unnamed.

    '“…,” the president posted on Twitter. “…,” he said.' with 'he' taken for Twitter -> unnamed.
    """
    sp = q.speaker
    if sp.text.strip().lower() not in ("he", "she"):
        return None
    e = art.by_id.get(sp.entity or "")
    if e is not None and (e.type not in ("PERSON", "SOURCE") or e.name.lower() in words().platform):
        return Resolution(UNNAMED, None, "unnamed")
    return None


def rule_pronoun_after_other_person(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' after a quote-opening paragraph goes back at most one paragraph: when the paragraph
    before names people and not the antecedent the sentence pass chose, that choice is stale; the one
    person named there (of a fitting gender) is meant, and with several nobody is sure.

    'President Kabore said … ¶ Two men were missing, district chief Mohamed Dah said by phone.
    ¶ “They were armed,” he said.' -> Mohamed Dah, not Kabore.
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she") or not _opens_paragraph(art, q) or not sp.entity:
        return None
    par = art.text.rfind("\n", 0, sp.start) + 1
    if _people_in(art, par, sp.start) or any(p is not q and p.speaker is not None and par <= p.speaker.start < sp.start
                                             for p in quotes):
        return None  # someone is named or speaks in the pronoun's own paragraph first: that choice stands
    prev_end = par - 1
    while prev_end > 0 and art.text[prev_end - 1] in "\n \t":
        prev_end -= 1
    if prev_end <= 0:
        return None
    prev_start = art.text.rfind("\n", 0, prev_end) + 1
    named = {e: art.by_id[e].name for e in _people_in(art, prev_start, prev_end)}
    for p in quotes:  # a person who speaks there, named in a role phrase ('the high commissioner … Dah')
        ps = p.speaker
        if ps is not None and prev_start <= ps.start < prev_end and not _is_pronoun(ps.text) \
                and ps.name != UNNAMED and (ps.kind or _kind_of(ps, art)) == "person" and _looks_like_name(ps.name):
            named.setdefault(ps.entity or ps.name, ps.name)
    if not named or sp.entity in named or sp.name in named.values() or any(
            p.speaker is not None and p.speaker.entity == sp.entity and prev_start <= p.speaker.start < prev_end
            for p in quotes):
        return None  # (the antecedent is there, if only as a pronoun the pass resolved)
    want = "f" if low == "she" else "m"
    fit = {}
    for key, name in named.items():
        eid = key if key in art.by_id else None
        g = _gender_near(art, Speaker(name=name, start=-1, end=-1, text=name, entity=eid))
        if g is None and " " not in name:
            g = gender_from_name(name, "")  # a first name alone ('Kevin was snoring.')
        if g in (None, want):
            fit[name] = eid
    if not fit:
        return None
    if len(fit) > 1:
        return Resolution(UNNAMED, None, "unnamed")
    name, eid = next(iter(fit.items()))
    return Resolution(name, eid, "person")


def _gender_near(art: Article, sp: Speaker) -> str | None:
    """A speaker's gender as the article gives it: 'spokeswoman' before the name, 'Mr', the first name."""
    g = _role_gender(art.text[max(0, sp.start - 40):sp.start]) if sp.start >= 0 else None
    if g:
        return g
    e = art.by_id.get(sp.entity or "")
    if e is not None:
        g = _honorific_gender(art, e)
        if g:
            return g
    return _person_gender(sp.name)


def rule_pronoun_after_unnamed_source(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' right after an unnamed source's quote is that source, not a person named before it.

    'The commander, Gen. Hernán Rocha, told reporters: “…” … A community leader from the area, who
    asked not to be named, described the situation. “We have children who …,” she said.' -> 'A
    community leader', not Rocha.
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she"):
        return None
    target = art.by_id.get(sp.entity or "")
    if target is None or target.type != "PERSON":
        return None
    last = max((m.start for m in target.mentions if m.start < sp.start), default=-1)
    prev = _previous_speakers(art, q, quotes, PRONOUN_REACH)
    if not prev:
        return None
    p = prev[0]
    pe = art.by_id.get(p.entity or "")
    if p.start <= last or pe is None or pe.type != "SOURCE" or _plural(pe.name) or _looks_like_name(pe.name) \
            or _families(_head(pe.name), words().body) or _words(pe.name)[0] not in ("a", "an") \
            or not (_head(pe.name) in PERSON_WORDS or _families(_role_part(pe.name), words().role)):
        return None  # only a person introduced as someone ('A community leader'), not 'The senator'
        # or 'Her eldest son', which describe the person named before
    g = _role_gender(pe.name) or SOURCE_GENDER.get(_head(pe.name))
    if g and g != ("f" if low == "she" else "m"):
        return None
    return Resolution(p.name, p.entity, "unnamed")


def rule_pronoun_takes_previous_speaker(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'it' and 'they' that the sentence pass left unresolved are the body or group that spoke last.

    'The military's media wing said the attackers had used a car bomb. Four of the attackers were
    also killed, it added.' -> the media wing's name; 'Residents said … They said …' -> residents.
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("it", "they") or not _is_pronoun(sp.name):
        return None
    w = words()
    for p in _previous_speakers(art, q, quotes, PRONOUN_REACH):
        if _is_pronoun(p.name) or p.name == UNNAMED or _head(p.name) in w.document | w.report | w.event \
                or _head(p.name) in ("polls", "projections", "results", "numbers", "surveys"):
            continue  # ('Projections show …. They …': figures are not who 'they' are)
        kind = p.kind or _kind_of(p, art)
        e = art.by_id.get(p.entity or "")
        if e is not None and e.type in ("GPE", "LOC") and e.name == p.name:
            return None  # a place as speaker is often a dateline read as a subject: not sure
        plural = _plural(p.name) or kind == "group"
        if low == "it" and kind == "organisation" and (not plural or _body_name(e)) and (
                e is not None and e.type in ("ORG", "UNIT") or _families(_head(p.name), words().body)):
            return Resolution(p.name, p.entity, kind)  # (not 'Anyone', a sentence's first word)
        if low == "they" and (plural and kind != "organisation" or kind == "group"):  # not 'Reuters'
            return Resolution(p.name, p.entity, kind)
        if kind == "person":
            return None  # a person spoke last: 'it' / 'they' is someone else
    return None


def _body_name(e) -> bool:
    """A body's proper name that ends like a plural ('Inter-Services Public Relations') is still one body."""
    return e is not None and e.type in ("ORG", "UNIT") and len(e.name.split()) >= 2 and e.name[:1].isupper() \
        and all(x[:1].isupper() or x.lower() in ("of", "for", "and", "the") for x in e.name.split())


def rule_pronoun_is_never_a_name(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A pronoun nothing resolves is an unnamed source, never the name 'she'.

    '“Nobody can leave after six,” she said.' with no woman named before -> record.UNNAMED.
    """
    if _is_pronoun(q.speaker.name):
        return Resolution(UNNAMED, None, "unnamed")
    return None


def rule_same_mention_as_quote_before(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A quote whose speaker mention is the very words of an earlier quote's speaker, with a cue of its
    own, has that quote's settled speaker: one 'he' is one person.

    '“They came from three sides at once,” he said, adding that many residents had fled.' -> the
    'adding that' clause is said by whoever 'he' of the direct quote is. (Two quotes on one mention
    and one cue are one attribution read twice, one of them wrongly: neither decides for the other.)
    """
    sp = q.speaker
    same = [p for p in quotes if p is not q and p.start < q.start and p.speaker is not None and sp.start >= 0
            and (p.speaker.start, p.speaker.end) == (sp.start, sp.end)]
    if not same:
        return None
    if q.cue is not None and any(p.cue is not None and (p.cue.start, p.cue.end) == (q.cue.start, q.cue.end)
                                 for p in same):
        return None
    ps = max(same, key=lambda p: p.start).speaker
    return Resolution(ps.name, ps.entity if ps.name != UNNAMED else None, ps.kind or _kind_of(ps, art))


def rule_pronoun_follows_renamed_antecedent(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A pronoun the sentence pass read as the words of an earlier quote's speaker ('The military's
    media wing') takes the name this pass settled for that speaker.

    'The military’s media wing said the attackers used a car bomb. It said the troops “responded
    effectively”.' with the media wing named Inter-Services Public Relations -> the same.
    """
    sp = q.speaker
    if not _is_pronoun(sp.text) or _is_pronoun(sp.name) or sp.name == UNNAMED \
            or _words(sp.name)[:1] not in (["the"], ["a"], ["an"]):
        return None  # (only a description the pass renamed: a name it gave stays)
    for p in _previous_speakers(art, q, quotes, PRONOUN_REACH):
        if p.text == sp.name and p.name != p.text and not _is_pronoun(p.text):
            return Resolution(p.name, p.entity if p.name != UNNAMED else None, p.kind or _kind_of(p, art))
    return None


def _gender_of(art: Article, sp: Speaker) -> str | None:
    """A person's gender from strong evidence only: the first name, else a role word or an honorific
    right before a mention of the full name ('army spokeswoman Claudine Mukamana', 'Mr. Khizr Khan').
    A one-word name ('Obama', 'Khan') may stand for two people of one family: no gender."""
    g = _person_gender(sp.name)
    if g:
        return g
    e = art.by_id.get(sp.entity or "")
    name = e.name if e is not None else sp.name
    if e is None or " " not in name.strip():
        return None
    for m in e.mentions:
        if art.text[m.start:m.end] != name:
            continue
        g = _role_gender(art.text[max(0, m.start - 30):m.start]) or _honorific_at(art.text, m.start)
        if g:
            return g
    return None


def _honorific_at(text: str, at: int) -> str | None:
    h = re.search(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$", text[max(0, at - 6):at])
    return None if h is None else "m" if h.group(1) == "Mr" else "f"


def rule_pronoun_gender_disagrees(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'she' is no man and 'he' no woman: when the antecedent the sentence pass chose has the other
    gender, the speaker of the latest quote before it that has the pronoun's gender is meant, and
    with none the speaker stays unnamed.

    '“…,” army spokesman Colonel Pascal Ilunga said. … “…,” AFP quoted Rwandan army spokeswoman
    Claudine Mukamana as saying. ¶ She added that five civilians had been killed.' -> Claudine
    Mukamana, not Pascal Ilunga.
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she") or not sp.entity or _is_pronoun(sp.name) or sp.name == UNNAMED:
        return None
    want = "f" if low == "she" else "m"
    cur = Speaker(name=sp.name, start=-1, end=-1, text=sp.name, entity=sp.entity)
    got = _gender_of(art, cur)
    if got is None or got == want:
        return None
    for p in _previous_speakers(art, q, quotes, PRONOUN_REACH):
        if _is_pronoun(p.text) or p.name == UNNAMED or p.entity == sp.entity:
            continue
        if (p.kind or _kind_of(p, art)) == "person" and _gender_of(art, p) == want:
            return Resolution(p.name, p.entity, "person")
    return Resolution(UNNAMED, None, "unnamed")


def rule_pronoun_takes_lone_name(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' nothing resolved, right after the quote of a one-word name the model typed as an
    organisation, in an article where no named person speaks, is that name (Article.lone_people).

    'Speaking at a televised press briefing on Sunday, Saree said the rebels struck the ship. ¶ He noted
    that the vessel was struck with “appropriate” missiles.' -> Saree.
    """
    sp = q.speaker
    if sp.text.strip().lower() not in ("he", "she") or not _is_pronoun(sp.name) or not art.lone_people:
        return None
    before = [p for p in quotes if p is not q and p.speaker is not None and p.end <= q.start]
    if not before:
        return None
    ps = max(before, key=lambda x: x.end).speaker
    if ps.entity in art.lone_people:
        return Resolution(art.by_id[ps.entity].name, ps.entity, "person")
    return None


_DIED = re.compile(r"[^.;\n]{0,160}?\b(?:died|was killed|has been killed|had been killed|was shot dead|"
                   r"was assassinated|lost (?:his|her) life|was among the dead)\b")


def rule_pronoun_is_not_named_in_own_quote(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' is not a person the article has reported dead whom the quote itself speaks of by
    name: it is the person who spoke just before (else no one named).

    'The spokesman, Iqbal Baher, says that Abdul Khaliq, who ran the district police, died in the
    bombing. ¶ He says Khaliq was on his way home from a mosque.' -> Iqbal Baher, not the police chief
    who was killed.
    """
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she") or _is_pronoun(sp.name) or sp.name == UNNAMED:
        return None
    target = art.by_id.get(sp.entity or "")
    if target is None or target.type != "PERSON":
        return None
    content = art.text[q.start:q.end]
    last = sp.name.split()[-1]
    if len(last) < 3 or not re.search(r"(?<![\w'\u2019-])" + re.escape(last) + r"(?![\w-])", content):
        return None
    if any(n.kind == "person" and n.name != sp.name and n.name.split()[-1] == last for n in art.named):
        return None  # two people of that surname ('Bill Clinton', 'Hillary Clinton'): not sure whose
    if target is None or not any(_DIED.match(art.text, m.end, min(len(art.text), m.end + 200))
                                 for m in target.mentions if m.start < q.start):
        return None  # only a person the article has reported dead: the dead do not speak
    want = "f" if low == "she" else "m"
    for p in _previous_speakers(art, q, quotes, PRONOUN_REACH):
        if _is_pronoun(p.name) or p.name == UNNAMED or p.name == sp.name or (p.entity and p.entity == sp.entity):
            continue
        if (p.kind or _kind_of(p, art)) != "person" or p.name.split()[-1] in content:
            continue
        if _gender_near(art, p) not in (None, want):
            continue
        return Resolution(p.name, p.entity, "person")
    return Resolution(UNNAMED, None, "unnamed")


_SAYING = frozenset({"said", "says", "added", "adds", "told", "stated", "announced", "claimed", "reported", "warned",
                     "insisted", "confirmed", "denied", "noted", "wrote", "explained"})
_WOUNDED = re.compile(r"\b(?:died|killed|shot|wounded|injured|kidnapped|abducted|arrested|detained|captured|"
                      r"beheaded|executed|dead)\b")


def _subject_of_sentence(art: Article, a: int, b: int, low: str) -> tuple[str, str | None, str] | None:
    """The person (for 'he' / 'she') or body (for 'it') that opens text[a:b] as its subject, as
    (name, entity, kind); None when the sentence opens with something else."""
    lead = len(art.text[a:b]) - len(art.text[a:b].lstrip())
    at = a + lead
    if low == "it":
        m = re.match(r"(?:The\s+)?([A-Z][A-Z0-9-]{1,7})\b", art.text[at:b])
        if m is not None:
            from newsgraph.extract.attribution.bodies import _defined_acronym
            full = _defined_acronym(art.text, m.group(1))
            if full is not None and _acts(art.text, at + m.end(), b):
                return f"{full} ({m.group(1)})", None, "organisation"
        skip = re.match(r"The\s+", art.text[at:b])
        at += skip.end() if skip else 0
        n = next((n for n in art.named if n.start == at), None)
        if n is not None and n.kind in ("organisation", "group") and not _plural(n.name) and _acts(art.text, n.end, b):
            return n.name, n.entity, n.kind
        return None
    n = next((n for n in art.named if n.start == at), None)
    if n is None:
        # a name the small model missed, in apposition: 'Mambo Ndungo, a member of civil society in …,'
        m = _NAME_APPOSED.match(art.text, at, b)
        if m is None or not _looks_like_name(m.group(1)) or any(
                x.start < at + len(m.group(1)) and at < x.end for x in art.record.places) or any(
                mm.start < at + len(m.group(1)) and at < mm.end for e in art.record.entities
                if e.type in ("GPE", "ORG", "NORP", "FAC", "UNIT") for mm in e.mentions):
            return None  # (a 'LOC' the gazetteer did not place is often a name: the apposition says so)
        return m.group(1), None, "person"
    if n.kind != "person" and n.entity not in art.person_ids or " " not in n.name or not _acts(art.text, n.end, b):
        return None
    return n.name, n.entity, "person"


_SAID_AT_END = re.compile(r",\s+(?:[^,.;\n\"\u201c\u201d]{0,60}\s)?(\S+(?:\s+\S+){0,3})\s+(?:said|says|told\s+\w+)\s*\.?\s*$")


def _attributed_at_end(art: Article, a: int, b: int) -> tuple[str, str | None, str] | None:
    """The person a sentence ends by attributing to: '…, director general of police S.P. Vaid said.'"""
    m = _SAID_AT_END.search(art.text, a, b)
    if m is None:
        return None
    n = next((n for n in art.named if m.start(1) <= n.start and n.end == m.end(1)), None)
    if n is None:  # a surname alone the model did not tag: the one person of that surname named before
        last = art.text[m.start(1):m.end(1)].split()[-1]
        same = {x.entity or x.name: x for x in art.named if x.end <= m.start(1) and x.name.split()[-1] == last
                and " " in x.name and (x.kind == "person" or x.entity in art.person_ids)}
        n = next(iter(same.values())) if len(same) == 1 and last[:1].isupper() else None
    if n is None or n.kind != "person" and n.entity not in art.person_ids:
        return None
    return n.name, n.entity, "person"


_VERB_AFTER = re.compile(r"\s+(?:[a-z]+ed|said|says|told|tells|took|takes|gave|gives|put|puts|has|had|have|is|was|were|"
                         r"are|will|would|could|made|makes|held|holds|sent|sends|left|kept|saw|sees|went|goes|got|"
                         r"continued|wrote|writes|spoke|speaks|stood|declined|refused|insisted|also|later|earlier|"
                         r"on|in)\b")


def _acts(text: str, end: int, b: int) -> bool:
    """Is the name ending at ``end`` the subject of its clause: followed by a comma (an apposition) or by
    a verb ('Mambo Ndungo, a member of …, put'; 'The ELN kidnapped'), not by more of a noun phrase
    ('Clinton communication director Jennifer Palmieri', 'Trump campaign spokesman')?"""
    if text[end:end + 1] == ",":
        return True
    return _VERB_AFTER.match(text, end, b) is not None


_NAME_APPOSED = re.compile(r"([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,2}),\s+(?:a|an|the)\s+(?:[\w'\u2019-]+\s+){0,3}?"
                           r"(?:member|resident|official|leader|head|chief|spokesman|spokeswoman|spokesperson|activist|"
                           r"witness|commander|director|chairman|representative)\b")


def rule_pronoun_takes_sentence_subject(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'He said …' / 'It said …' opening a sentence is the person or body that opened the sentence
    before as its subject (through a run of sentences opening with the same pronoun), not a speaker
    quoted further back; a subject the sentence reports hurt, held or dead is no one to stand for.

    'Mambo Ndungo, a member of civil society in Mambasa, put the death toll much higher. ¶ He said five
    had been killed in Mahu.' -> Mambo Ndungo (not the colonel quoted before him); 'The ELN kidnapped a
    Canadian mining executive in January. ¶ It said earlier this month that it will not release him'
    -> National Liberation Army (ELN).
    """
    from newsgraph.extract.attribution.bodies import _sentence_start
    sp = q.speaker
    low = sp.text.strip().lower()
    if low not in ("he", "she", "it") or sp.start < 0:
        return None
    own = _sentence_start(art.text, sp.start)
    opens = not art.text[own:sp.start].strip()
    if low == "it" and (not opens or q.cue is None or q.cue.text.lower() not in _SAYING):
        return None  # 'it' only where it opens its sentence and says something ('It shows …' is a video)
    if _people_in(art, own, sp.start) or low == "it" and any(own <= n.start and n.end <= sp.start and n.kind != "person"
                                                             for n in art.named):
        return None  # someone (for 'it', some body) is named in the pronoun's own sentence first
    at = own
    for _ in range(3):
        while at > 0 and art.text[at - 1].isspace():
            at -= 1
        if at <= 1:
            return None
        prev = _sentence_start(art.text, at - 1)
        sent = art.text[prev:at]
        opening = sent.lstrip()
        if re.match(re.escape(low) + r"\b", opening, re.I):
            at = prev  # 'He said …. He added …': the same one, further back
            opens = True
            continue
        found = _subject_of_sentence(art, prev, at, low) if opens else None
        if found is not None and found[2] == "person" and (_WOUNDED.search(sent) or _DIED.match(sent)):
            return None  # 'Ali Hassan was wounded in the strike. He said …': not sure who
        if found is None and low != "it":
            found = _attributed_at_end(art, prev, at)  # '…, police chief NAME said. ¶ …, he said.'
        elif not opens:
            return None  # '“…,” he said' after a named person's sentence continues that person's quote
        if found is None:
            return None
        name, eid, kind = found
        if kind == "person":
            g = _gender_near(art, Speaker(name=name, start=-1, end=-1, text=name, entity=eid))
            if g not in (None, "f" if low == "she" else "m"):
                return None
        if eid is not None and eid == sp.entity or name == sp.name:
            return None  # the pass chose the same one
        return Resolution(name, eid, kind)
    return None


_PLACE_WORDS = frozenset({"state", "province", "region", "district", "city", "county", "governorate", "township",
                          "village", "town", "oblast", "prefecture"})


def _is_place_name(art: Article, sp: Speaker) -> bool:
    e = art.by_id.get(sp.entity or "")
    if sp.name.split() and sp.name.split()[-1].lower() in _PLACE_WORDS and sp.name[:1].isupper():
        return True
    return e is not None and sum(any(p.start <= m.start and m.end <= p.end for p in art.record.places)
                                 for m in e.mentions) * 2 > len(e.mentions)


def rule_pronoun_is_no_place(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'he' / 'she' is never a place the small model typed as a person ('Rakhine State'): the person
    who spoke in the quote right before is meant, else no one named.

    'AA spokesperson Khaing Thukha wrote on Facebook that “…”. ¶ “What a naked joke!” he wrote.' ->
    Khaing Thukha, not Rakhine State.
    """
    sp = q.speaker
    if sp.text.strip().lower() not in ("he", "she") or sp.name == UNNAMED or not _is_place_name(art, sp):
        return None
    prev = _previous_speakers(art, q, quotes, PRONOUN_REACH)
    if prev:
        p = prev[0]
        if not _is_pronoun(p.text) and p.name != UNNAMED and (p.kind or _kind_of(p, art)) == "person" \
                and not _is_place_name(art, p):
            return Resolution(p.name, p.entity, "person")
    return Resolution(UNNAMED, None, "unnamed")
