"""Speakers: noun-phrase spans, grammatical subjects, pronoun resolution, speaker naming.

Everything here is local to a token and its dependency neighbours, or one left-to-right pass over
the document, so it stays linear in the article length.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

PERSONAL = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m", "hers": "f", "himself": "m",
            "herself": "f"}
SUBJECT_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
PRONOUNS = SUBJECT_PRONOUNS | set(PERSONAL) | {"them", "us", "me", "who", "which", "that"}
RELATIVE = {"who", "which", "that"}
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "sir": "m",
                    "lady": "f", "madam": "f", "king": "m", "queen": "f", "prince": "m", "princess": "f"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
_NP_RIGHT_PREPS = {"of", "for", "at", "with", "from", "in", "on", "to"}


@dataclass
class Coref:
    """What the entity pass leaves for the quote pass (``ctx.coref``)."""

    tok_ent: dict[int, int] = field(default_factory=dict)  # token index -> entity index (named mentions)
    pron_ent: dict[int, int] = field(default_factory=dict)  # pronoun token index -> entity index
    gender: dict[int, str] = field(default_factory=dict)  # entity index -> "m" | "f"
    # pronoun token index -> token index of the unnamed source it stands for ('A Lebanese official …
    # said …. “…,” he said'): the head noun of a narrated subject that names no one
    pron_src: dict[int, int] = field(default_factory=dict)


def _names_one_body(toks) -> bool:
    """'the Institute for the Study of War': a long attachment that is one name, kept with the source
    ('Analysts at the Institute for the Study of War'), unlike a clause's worth of words."""
    return len(toks) <= 12 and toks[-1].ent_type_ in ("ORG", "GPE", "FAC", "NORP") \
        and all(t.ent_type_ or t.lower_ in ("the", "of", "for", "and", "on", "in", "'s") for t in toks)


def np_span(tok: Token) -> tuple[int, int]:
    """Token range [a, b) of the noun phrase headed by ``tok``: left modifiers, flat names and short
    'of/for ...' attachments; appositions and relative clauses are left out."""
    doc = tok.doc
    a = tok.i
    left = tok.left_edge.i
    # walk left while tokens still hang under tok and are not a comma-separated aside
    j = tok.i - 1
    while j >= left:
        t = doc[j]
        if t.text in {",", "(", "\u2014", "\u2013"} or t.is_space:
            break
        if t.text == "-" and (t.whitespace_ or doc[j - 1].whitespace_):
            break  # a spaced dash is an aside; 'the 38-year-old' is one word
        a = j
        j -= 1
    b = tok.i + 1
    for c in tok.rights:
        if c.i != b:
            break
        if c.dep_ in {"compound", "flat", "nummod"}:
            b = c.right_edge.i + 1
        elif c.dep_ == "prep" and c.lower_ in _NP_RIGHT_PREPS:
            r = c.right_edge.i + 1
            if (r - c.i <= 6 or _names_one_body(doc[c.i + 1:r])) \
                    and not any(x.text == "," or x.pos_ == "VERB" for x in doc[c.i:r]):
                b = r
            break
        else:
            break
    while a < b - 1 and (doc[a].is_punct or doc[a].is_space):
        a += 1
    return a, b


def _line_break_between(doc: Doc, a: int, b: int) -> bool:
    """Is there a line break between tokens a and b? (Doc.text would rebuild the whole text.)"""
    return any("\n" in t.text or "\n" in t.whitespace_ for t in doc[a:b])


def _line_subject(v: Token) -> Token | None:
    """'09:12 ¶ The governor of Belgorod region, Vyacheslav Gladkov, said …' parsed as one sentence with
    the heading: the noun phrase that opens the verb's own line, when nothing else in the line but
    the phrase comes before the verb."""
    doc = v.doc
    ls = v.i
    while ls > 0 and "\n" not in doc[ls - 1].text and "\n" not in doc[ls - 1].whitespace_:
        ls -= 1
    heads = [t for t in doc[ls:v.i] if not ls <= t.head.i < v.i and not t.is_punct]
    if len(heads) == 1 and heads[0].pos_ in ("NOUN", "PROPN"):
        return heads[0]
    return None


ACL_PARTICIPLE_SOURCE = True
# 'claimed Pakistani forces had destroyed … and insisted the army had …': a reporting verb the parser
# coordinated inside the first one's clause has the first one's subject, as with 'said … and said'
CONJ_CUE_PAIR = True
SPEECH_PAIR = set("""said claimed insisted added argued noted warned stressed denied acknowledged admitted
underlined underscored emphasized emphasised
explained asserted maintained contended suggested conceded told says claims insists adds argues notes warns
stresses denies acknowledges admits explains asserts maintains contends suggests concedes tells""".split())


# active verbs whose object speaks the words after 'as saying' ('TASS quoted the governor as saying')
_QUOTED_AS = {"quoted", "quotes", "quoting", "quote", "cited", "cites", "citing", "cite"}
# passive verbs whose subject is the speaker of the words that follow ('was quoted as saying')
_HEARD_QUOTED = {"quoted", "heard", "overheard", "recorded", "filmed", "seen", "caught"}

# the subject of 'was quick / eager / careful to say' is the one who was
ADJECTIVE_FRAME = True


def _speech_participle_in_clause(v: Token, h: Token) -> bool:
    """'He noted that the vessel was struck, emphasizing that the hit was direct': the parser hung the
    speech participle on the reported clause; it is the reporter's, not the clause subject's.
    Example: He noted that the vessel was struck with naval missiles, emphasizing that the hit was direct."""
    return SPEECH_PARTICIPLE and h.i != v.i and v.tag_ == "VBG" and v.dep_ == "advcl" \
        and v.lower_ in SPEECH_PAIR_PARTICIPLES and h.dep_ == "ccomp" and h.head.lower_ in SPEECH_PAIR


SPEECH_PARTICIPLE = True
SPEECH_PAIR_PARTICIPLES = set("""saying adding stressing emphasizing emphasising noting warning insisting
arguing claiming explaining stating asserting underlining underscoring stating denying acknowledging
confirming""".split())


def subject_of(v: Token) -> Token | None:
    """The grammatical subject of verb ``v``, inherited through conjunctions and participles
    ('dismisses ... and insists', 'tweeted, saying'); a relative 'who' is replaced by its noun."""
    h = v
    pair = False  # climbed from a reporting verb to the one it is coordinated with
    for _ in range(6):
        if _speech_participle_in_clause(v, h):
            h = h.head
            continue
        for c in h.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.i < v.i and _line_break_between(v.doc, c.i, v.i):
                    # '12:15 p.m.\n\nDonald Trump says': the parser ran a heading or the previous
                    # paragraph into this sentence; the subject is the name right before the verb
                    prev = v.doc[v.i - 1]
                    if prev.pos_ in ("PROPN", "NOUN") and not _line_break_between(v.doc, prev.i, v.i):
                        return prev
                    return _line_subject(v)
                return c  # a relative 'who' is the mention as written; the namer resolves it
            if c.dep_ == "nsubjpass" and h.i != v.i and (v.dep_ == "xcomp" and v.head.i == h.i
                                                        or h.lower_ in _HEARD_QUOTED):
                # 'Scott can be heard yelling that …', 'He was quoted as saying …': the one heard speaks
                return c
        if h.dep_ == "relcl" and h.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return h.head
        if h.dep_ == "acl" and h.tag_ in ("VBD", "VBN") and h.head.dep_ == "ROOT" and h.head.pos_ in ("NOUN", "PROPN") \
                and h.i > 0 and v.doc[h.i - 1].text == "," and any(c.dep_ == "ccomp" for c in h.children):
            # 'Mali's armed forces, known as FAMa, acknowledged … that …' read as a noun phrase with a
            # participle: the sentence's verb is the reporting verb and the noun its subject
            return h.head
        if ACL_PARTICIPLE_SOURCE and h.dep_ == "acl" and h.tag_ == "VBG" and h.head.pos_ in ("NOUN", "PROPN"):
            # 'sent a letter opposing …', 'ran ads saying that …', 'told a news conference announcing …':
            # the one who sent, ran or told is the source; a noun no verb governs speaks itself
            n = x = h.head
            while x.dep_ in ("pobj", "prep", "dobj", "conj", "appos") and x.head.i != x.i:
                x = x.head
                if x.pos_ in ("VERB", "AUX"):
                    return subject_of(x) or n
            return n
        if h.i == v.i and h.dep_ == "conj" and h.head.dep_ == "ccomp" and h.head.head.tag_ == h.tag_ \
                and (h.head.head.lower_ == h.lower_ or CONJ_CUE_PAIR and h.lower_ in SPEECH_PAIR
                     and h.head.head.lower_ in SPEECH_PAIR):
            # 'He said his attacks have given his campaign momentum and said that …': the parser hung
            # the second 'said' on the first one's clause; both are the first one's subject's
            h = h.head.head
            pair = True
            continue
        if h.dep_ == "advcl" and h.tag_ == "VBN" and h.lower_ in _ASKED_FORMS:
            return None  # 'X shrugged when asked about the future': X was asked; the asker is not named
        if h.dep_ in ("conj", "xcomp", "advcl") and h.head.i != h.i:
            h = h.head
            continue
        if ADJECTIVE_FRAME and h.i != v.i and h.dep_ == "acomp" and h.head.i != h.i:
            # 'Sexton was quick to point out that …', 'is careful to note …': the one who is quick
            h = h.head
            continue
        if h.dep_ == "pcomp" and h.head.dep_ == "prep" and h.head.head.pos_ in ("VERB", "AUX"):
            # 'responded by saying …', 'ended by warning …': the speaker is the main verb's subject;
            # 'TASS quoted the governor as saying …': the one quoted
            main = h.head.head
            if h.head.lower_ == "as" and main.lower_ in _QUOTED_AS:
                obj = next((c for c in main.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return obj
            h = main
            continue
        if h.i != v.i and h.dep_ == "ccomp" and v.dep_ == "conj" \
                and any(c.dep_ == "nsubjpass" for c in h.children):
            # 'said all attacks had been repelled and described …': the parser hung the second
            # reporting verb on the passive clause; its subject is the reporting verb's
            h = h.head
            continue
        break
    return _name_before_comma(h) if NAME_BEFORE_COMMA and (h.i == v.i or pair) else None


_ASKED_FORMS = {"asked", "told", "questioned", "informed", "pressed"}


# 'In a statement to the Observer, her adviser, Jake Sullivan, said:' (the parser hung the adviser on
# the Observer) and 'Mitt Romney, the 2012 nominee, tweeted in response:' (read as a participle on
# Romney): a verb left without a subject after a comma takes the name before the comma
NAME_BEFORE_COMMA = True


def _name_before_comma(v: Token) -> Token | None:
    doc = v.doc
    if v.i < 2 or doc[v.i - 1].text != "," or v.dep_ not in ("ROOT", "acl") \
            or _line_break_between(doc, v.i - 2, v.i):
        return None
    if v.dep_ == "acl":
        # 'Romney, the nominee, tweeted': the name the participle was hung on
        return v.head if v.head.pos_ == "PROPN" and doc[v.head.i + 1].text == "," else None
    x = doc[v.i - 2]
    if x.pos_ == "PROPN" and x.dep_ in ("appos", "nsubj"):
        return x  # ', Jake Sullivan, said'
    for _ in range(4):  # ', Col. Steven H. Warren, a military spokesman in Baghdad, said': the named one
        if x.dep_ == "appos" and x.head.pos_ == "PROPN" and x.head.i < x.i:
            return x.head
        if x.dep_ not in ("pobj", "prep", "compound", "amod") or x.head.i >= x.i:
            return None
        x = x.head
    return None


def resolve_pronouns(doc: Doc, mentions: list[tuple[int, int, int, str]], coref: Coref,
                     quoted: list[tuple[int, int]]) -> None:
    """Resolve third-person pronouns in narration to PERSON entities, left to right.

    ``mentions``: (token_start, token_end, entity_index, type) of named mentions, in text order.
    The antecedent is the nearest earlier main-clause subject among PERSON mentions (named or a
    pronoun already resolved) outside direct quotes, within a few sentences; else the nearest PERSON
    mention of any role. A gender known from an honorific must agree; one guessed from an earlier
    pronoun must agree too, except for the subject just before the pronoun ("Shelby said she").
    """
    qstarts = [a for a, _ in quoted]

    def in_quote(char: int) -> bool:
        k = bisect.bisect_right(qstarts, char) - 1
        return k >= 0 and quoted[k][0] <= char < quoted[k][1]

    person_at: dict[int, int] = {}
    for s, e, ent, typ in mentions:
        if typ == "PERSON":
            person_at[e - 1] = ent
    weak: dict[int, str] = {}  # gender guessed from an earlier pronoun: may be wrong, so it yields
    # candidates in order: (token index, entity, is_main_subject); an unnamed source's entity is
    # -1 - its head noun's token index
    hist: list[tuple[int, int, bool]] = []
    gender = dict(coref.gender)
    for tok in doc:
        i = tok.i
        ent = person_at.get(i)
        low = tok.lower_
        if ent is None and low in PERSONAL and tok.text != "US":
            if in_quote(tok.idx):
                continue
            g = PERSONAL[low]
            cands = hist if low in ("he", "she") else [h for h in hist if h[1] >= 0]
            own = _own_subject(tok)
            if own is not None:
                # 'One man … told her': an object pronoun is not its own clause's subject
                cands = [h for h in cands if not own[0] <= h[0] <= own[1]]
            best = _pick(cands, g, gender, weak, i)
            if best is None:
                continue
            if best < 0:
                coref.pron_src[i] = -1 - best
            else:
                coref.pron_ent[i] = best
            weak.setdefault(best, g)
            ent = best
        if ent is None and UNNAMED_ANTECEDENTS and _unnamed_source(tok, person_at):
            ent = -1 - i
            if low in SOURCE_NOUN_GENDER:
                gender[ent] = SOURCE_NOUN_GENDER[low]
        if ent is None:
            continue
        if in_quote(tok.idx):
            continue
        head = tok
        # for a multi-token name the mention's last token carries the dependency
        main = head.dep_ in SUBJ_DEPS and _is_main(head.head)
        if head.dep_ == "appos" and head.head.dep_ in SUBJ_DEPS:
            # 'A Ukrainian soldier who …, Shaman, said': the name in apposition to the subject is it
            main = _is_main(head.head.head)
        elif not main and head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according":
            # 'According to Laura Cárdenas, a researcher …, the ELN is …. She added …': the source
            main = True
        elif not main and _gives_name(head) and head.head.head.head.dep_ in SUBJ_DEPS:
            # 'One man, who gave his name as Ghulam Rasool, told her …': the name is the subject's
            main = _is_main(head.head.head.head.head)
        elif not main and SUBJECTLESS_ROOT:
            root = head.sent.root
            # 'In Kigali, a government spokeswoman, Clarisse Uwase, dismissed …' with the subject parsed
            # as an apposition to the place: a name before a main verb that has no subject is its subject
            main = head.i < root.i and root.pos_ == "VERB" and not any(c.dep_ in SUBJ_DEPS for c in root.children)
        hist.append((i, ent, main))


SUBJECTLESS_ROOT = True
_NAME_GIVING = {"gave", "gives", "identified", "identifies", "introduced", "introduces"}
# 'A Lebanese official, who …, said …. “…,” he said': a narrated subject that names nobody is what a
# later 'he' / 'she' stands for, as a named person is
UNNAMED_ANTECEDENTS = True
UNNAMED_REACH = 80  # tokens: an unnamed source is taken up by the next sentence or two, not a page later
SOURCE_NOUN_GENDER = {"man": "m", "spokesman": "m", "father": "m", "husband": "m", "son": "m", "boy": "m",
                      "brother": "m", "woman": "f", "spokeswoman": "f", "mother": "f", "wife": "f", "daughter": "f",
                      "girl": "f", "sister": "f", "widow": "f", "grandmother": "f", "grandfather": "m"}
# nouns that name a person ('Oksana, a teacher from Kramatorsk,'; 'A teacher who asked not to be named')
PERSON_NOUNS = set("""
teacher mother father resident soldier volunteer nurse doctor farmer student pensioner officer driver
worker engineer widow widower grandmother grandfather son daughter wife husband man woman boy girl medic
paramedic journalist activist fighter veteran priest refugee survivor miner lawyer researcher analyst
""".split())
# ... and those a source is described by when unnamed
SOURCE_NOUNS = PERSON_NOUNS | set(SOURCE_NOUN_GENDER) | set("""
official spokesperson commander witness diplomat aide adviser advisor lawmaker imam source villager shopkeeper
trader mechanic
""".split())


def _unnamed_source(tok: Token, person_at: dict[int, int]) -> bool:
    """A singular person noun with an article as the subject of a main (not copular) verb ('a teacher', 'One man',
    'the official') that no name in its phrase identifies."""
    if tok.lower_ not in SOURCE_NOUNS or tok.tag_ != "NN" or tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if not any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "the") for c in tok.children):
        return False
    if tok.head.dep_ != "ROOT" or tok.head.pos_ != "VERB":
        return False  # 'Alexey explained a fighter had to …': a subject inside reported words is nobody
    # 'a spokeswoman, Clarisse Uwase,', 'One man, who gave his name as Ghulam Rasool,': the name is the antecedent
    return not any(c.i in person_at for c in tok.subtree)


def _gives_name(name: Token) -> bool:
    """Is ``name`` the name a relative clause gives its noun ('a man who gave his name as X')?"""
    v = name.head.head
    return name.head.lower_ == "as" and v.lower_ in _NAME_GIVING and v.dep_ == "relcl"


def named_in_clause(noun: Token) -> Token | None:
    """The name a noun's relative clause gives it: 'One man, who gave his name as Ghulam Rasool'."""
    for c in noun.subtree:
        if c.dep_ == "pobj" and _gives_name(c) and c.head.head.head.i == noun.i:
            return c
    return None


def _own_subject(pron: Token) -> tuple[int, int] | None:
    """Token range of the subject of the verb an object pronoun ('him', 'her') depends on."""
    if pron.lower_ not in ("him", "her") or pron.dep_ not in ("dobj", "dative", "pobj"):
        return None
    v = pron.head.head if pron.dep_ == "pobj" else pron.head
    subj = next((c for c in v.children if c.dep_ in SUBJ_DEPS), None)
    return None if subj is None else (subj.left_edge.i, subj.right_edge.i)


def _is_main(v: Token) -> bool:
    for _ in range(4):
        if v.dep_ == "ROOT":
            return True
        if v.dep_ in ("conj", "ccomp", "parataxis") and v.head.i != v.i:
            v = v.head
            continue
        return False
    return False


def _pick(hist, g, gender, weak, i) -> int | None:
    if not hist:
        return None

    def agrees(ent: int, near: bool) -> bool:
        if ent in gender:  # from an honorific: trusted
            return gender[ent] == g
        # a gender guessed from an earlier pronoun yields to the subject right before ("Shelby said she")
        return near or weak.get(ent, g) == g

    # nearest main-clause subject within ~40 narrative mentions
    for k in range(len(hist) - 1, max(-1, len(hist) - 40), -1):
        ti, ent, main = hist[k]
        if i - ti > 400:
            break
        if main and agrees(ent, i - ti <= 12) and (ent >= 0 or i - ti <= UNNAMED_REACH):
            return ent
    for k in range(len(hist) - 1, max(-1, len(hist) - 20), -1):
        ti, ent, main = hist[k]
        if ent >= 0 and agrees(ent, False):
            return ent
    return None
