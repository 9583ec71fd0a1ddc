"""The event rules: which words of a sentence name an event, which of those are events that
happened, and of what ACLED type.

Three ordered tables, each of small named functions (the example sentence in each docstring):

- ``CONDITIONS``: what a trigger row's ``needs`` column asks of the sentence (a ceasefire is an
  Agreement only when it was agreed; 'bombed' is an air strike only with aircraft about);
- ``KEEP_RULES``: a trigger is dropped when any says so (negated, denied, threatened, planned,
  conditional, future, a mere modifier): trust first, an event typed wrongly is worse than none;
- ``SENTENCE_RULES``: the candidates of one sentence are settled together (a protest that police
  broke up, an attack on soldiers that is a clash, a capture by the army or by rebels, weak words
  like 'killed' that only report the toll of a stronger event).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from spacy.tokens import Span, Token

from newsgraph.extract.events import lexicon as lx
from newsgraph.extract.events.lexicon import Trigger


@dataclass
class Cand:
    """A trigger found in a sentence; its classes may be settled by the sentence rules."""

    trig: Trigger
    first: int  # token index of the first and after the last matched token
    last: int
    head: Token  # the matched token whose head lies outside the match
    subtype: str | None
    category: str | None
    plover: str | None
    pentaclass: str | None

    @property
    def chain(self) -> list[Token]:
        """The trigger's heads up to the sentence root (computed once; the keep rules all walk it)."""
        got = self.__dict__.get("_chain")
        if got is None:
            got = self.__dict__["_chain"] = _chain(self.head)
        return got

    @property
    def material(self) -> bool:
        return self.trig.strength in ("strong", "weak")

    def retype(self, subtype: str, category: str, plover: str | None = None) -> None:
        self.subtype, self.category = subtype, category
        if plover:
            self.plover = plover


def _match(t: Trigger, doc, i: int, end: int) -> int | None:
    """The end of trigger ``t`` matched at token ``i``, or None. One pronoun may stand between a verb
    and its particle ('handed it over')."""
    j = i + 1
    for k in range(1, len(t.words)):
        if j < end and k == 1 and doc[j].lower_ not in t.words[k] and doc[j].pos_ == "PRON":
            j += 1
        if j >= end or doc[j].lower_ not in t.words[k]:
            return None
        j += 1
    return j


def find_triggers(sent: Span, kept: Callable[["Cand", Span], bool] | None = None,
                  starts: list[int] | None = None) -> list[Cand]:
    """Every lexicon trigger in the sentence, left to right, not overlapping: at each word the longest
    row that matches (and that ``kept`` keeps: a row whose condition fails gives way to the next).
    ``starts``: the sentence's token indexes whose word begins some trigger, when the caller found
    them for the whole doc at once (``first_word_positions``); else they are found here."""
    doc = sent.doc
    if starts is None:
        starts = [t.i for t in sent if t.lower_ in lx.BY_FIRST]
    out: list[Cand] = []
    upto = sent.start  # tokens before this are spent by a match
    for i in starts:
        if i < upto:
            continue
        found = None
        for t in lx.BY_FIRST.get(doc[i].lower_, ()):
            j = _match(t, doc, i, sent.end)
            if j is None:
                continue
            toks = doc[i:j]
            if not _pos_ok(t, toks):
                continue
            head = next((x for x in toks if not (i <= x.head.i < j) or x.head.i == x.i), toks[-1])
            c = Cand(t, i, j, head, t.subtype, t.category, t.plover, t.pentaclass)
            if kept is None or kept(c, sent):
                found = c
                break
            if found is None and j - i > 1:  # a phrase that matched but does not hold: its words are spent
                found = False
                upto = j
        if found:
            out.append(found)
            upto = found.last
    return out


def first_word_positions(doc) -> list[int]:
    """Token indexes of the doc whose lower-cased word begins some trigger: one vectorised pass
    (spaCy's LOWER hashes against the lexicon's), so the rules look only at those."""
    import numpy

    from spacy.attrs import LOWER

    if not len(doc):
        return []
    return numpy.flatnonzero(numpy.isin(doc.to_array([LOWER]).reshape(-1), lx.FIRST_HASHES)).tolist()


def _pos_ok(t: Trigger, toks: Span) -> bool:
    tok = toks[0]
    if len(toks) == 1 and (tok.ent_type_ or (tok.text[:1].isupper() and not tok.is_sent_start)):
        return False  # a word of a name or a date: 'the Strike Brigade', 'Operation Storm', 'March 14'
    doc = tok.doc
    if any(0 <= k < len(doc) and doc[k].like_num for k in (tok.i - 1, tok.i + 1)) and tok.text[:1].isupper():
        return False  # 'March 14', '3 March'
    if t.pos == "ANY" or len(toks) > 1:
        return True
    if tok.pos_ == "PROPN":  # a capitalised first word the tagger took for a name
        return tok.is_sent_start
    return tok.pos_ == t.pos or (t.pos == "VERB" and tok.pos_ == "AUX")


# -- conditions (the triggers.tsv ``needs`` column) -----------------------------------------------

def _chain(tok: Token, limit: int = 6) -> list[Token]:
    """The token's heads, nearest first, up to the sentence root."""
    out = []
    while tok.head.i != tok.i and len(out) < limit:
        tok = tok.head
        out.append(tok)
    return out


def _near_words(c: Cand, sent: Span) -> set[str]:
    """The lower-cased words of the trigger's heads and the heads' children."""
    out = set()
    for h in [c.head, *_chain(c.head, 3)]:
        out.add(h.lower_)
        out.update(x.lower_ for x in h.children)
    return out


def agreed(c: Cand, sent: Span) -> bool:
    """'The two sides agreed a ceasefire on Sunday' -> an Agreement; 'called for a ceasefire' is not
    (nor is 'despite the truce', which the keep rules drop)."""
    heads = [c.head, *_chain(c.head, 3)]
    return any(h.lower_ in lx.AGREE_HEADS for h in heads) or any(
        x.lower_ in lx.AGREE_HEADS for h in heads[:2] for x in h.children)


def aircraft(c: Cand, sent: Span) -> bool:
    """'Warplanes bombed the market in Kaduri' -> an Air/drone strike; 'bombed' alone is left out."""
    return lx.has_any(sent.text.lower(), lx.AIRCRAFT)


def _objects(c: Cand) -> list[Token]:
    """What a trigger verb was done to: its object (through 'control of'), its passive subject, the
    place of 'withdrew from X' / 'pulled out of X', a place-subject of 'fell'."""
    v = c.head
    out = [x for x in v.children if x.dep_ in ("dobj", "nsubjpass", "attr")]
    for p in [x for x in v.children if x.dep_ in ("prep", "prt")]:
        if p.lower_ in ("of", "from", "out", "to"):
            out += [x for x in p.children if x.dep_ == "pobj"]
            out += [y for x in p.children if x.dep_ == "prep" for y in x.children if y.dep_ == "pobj"]
    if v.lower_ in ("fell", "falls", "fall", "fallen"):
        out += [x for x in v.children if x.dep_ == "nsubj"]
    more = []
    for o in out:  # 'control of the town', 'the town of Rubaya'
        for p in o.children:
            if p.dep_ == "prep" and p.lower_ in ("of", "over"):
                more += [x for x in p.children if x.dep_ == "pobj"]
    return out + more


def _is_place(tok: Token) -> bool:
    return tok.lower_ in lx.TERRITORY or (tok.ent_type_ in ("GPE", "LOC", "FAC") and tok.pos_ == "PROPN")


def territory(c: Cand, sent: Span) -> bool:
    """'Rebels captured the town of Mabera' -> a territory taken; 'seized weapons' is not (a
    Disrupted weapons use), nor is 'captured two soldiers' or 'stormed a wedding party in Zamfara'."""
    objs = _objects(c)
    if not objs or objs[0].lower_ in lx.WEAPONS:
        return False
    return any(_is_place(o) for o in objs)


def territory_handover(c: Cand, sent: Span) -> bool:
    """'Government troops withdrew from Sabo, handing it to a local militia' -> a Non-violent
    transfer of territory; 'withdrew from the talks' is not, nor is 'Four cargo ships left the port of
    Odesa' (ships are no force: words.tsv vehicles) or 'Volunteers began evacuating the last residents
    of villages' (people moved, not ground handed over)."""
    if not territory(c, sent):
        return False
    subj = _subject_token(c)
    if subj is not None and subj.lower_ in lx.VEHICLES:
        return False
    direct = [x for x in c.head.children if x.dep_ == "dobj"]
    return not (direct and lx.head_kind(direct[0]) == "civilian")


def weapons_obj(c: Cand, sent: Span) -> bool:
    """'Soldiers seized a cache of weapons in Jenin', 'police seized 200 kilograms of explosives' ->
    a Disrupted weapons use."""
    objs = _objects(c)
    return any(o.lower_ in lx.WEAPONS or o.lower_ in ("cache", "caches")
               or any(x.dep_ == "compound" and x.lower_ in lx.WEAPONS for x in o.children) for o in objs)


def people_obj(c: Cand, sent: Span) -> bool:
    """'Militants seized 12 fishermen on Lake Chad' -> an Abduction; 'seized the town' is not."""
    objs = [x for x in c.head.children if x.dep_ == "dobj"]
    return any(lx.head_kind(o) == "civilian" for o in objs)


def prisoners(c: Cand, sent: Span) -> bool:
    """'Russia and Ukraine exchanged 95 prisoners of war' -> an Agreement; 'exchanged fire' is not."""
    return any(o.lower_ in lx.PRISONERS for o in _objects(c))


def property(c: Cand, sent: Span) -> bool:
    """'Armed men burned the market and several granaries' -> Looting/property destruction; 'burned
    to death' is no property."""
    objs = [x for x in c.head.children if x.dep_ in ("dobj", "nsubjpass")]
    if objs and (objs[0].lower_ in lx.WEAPONS or objs[0].lower_ in lx.MILITARY_OBJECTS):
        return False  # 'destroyed 57 drones', 'destroyed Indian posts': no property of civilians
    return bool(objs) and lx.head_kind(objs[0]) in (None, "site") and not any(
        x.lower_ == "death" for x in c.head.subtree)


def established(c: Cand, sent: Span) -> bool:
    """'The militia set up a new base outside Dalam' -> a Headquarters or base established;
    'the military base was shelled' is not."""
    if len(c.trig.words) > 2 and c.trig.lemma.split()[0] in ("establish", "set", "open", "build"):
        return True
    return bool(_near_words(c, sent) & lx.ESTABLISHED) and not any(
        x.dep_ in ("nsubjpass",) for x in c.head.head.children if x.i == c.head.i)


def group(c: Cand, sent: Span) -> bool:
    """'The Northern Front militia announced it was disbanding' -> a Change to group/activity when an
    armed or state actor is in the sentence; 'the company will merge' is not."""
    return any(lx.actor_kind(t.text) in ("state", "nonstate", "police") for t in sent)


CONDITIONS: dict[str, Callable[[Cand, Span], bool]] = {
    "agreed": agreed, "aircraft": aircraft, "territory": territory, "territory_handover": territory_handover,
    "established": established, "group": group, "weapons_obj": weapons_obj, "people_obj": people_obj,
    "prisoners": prisoners, "property": property,
}


# -- keep rules: a trigger that did not happen is no material event ------------------------------

def _verb_of(tok: Token) -> Token:
    """The verb a trigger belongs to: itself, or the verb it is the subject or object of."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    for h in _chain(tok, 4):
        if h.pos_ in ("VERB", "AUX"):
            return h
    return tok


def not_negated(c: Cand, sent: Span) -> bool:
    """'Troops did not shell the village' and 'there was no fighting in Kerem' state no event."""
    v = _verb_of(c.head)
    if any(x.dep_ == "neg" for x in v.children) or any(x.dep_ == "neg" for x in c.head.children):
        return False
    return not any(x.lower_ in ("no", "never") and x.dep_ in ("det", "neg", "advmod") for x in c.head.children)


def not_under_blocker(c: Cand, sent: Span) -> bool:
    """'The army threatened to strike rebel positions', 'Moscow denied shelling the plant', 'fears of
    an offensive': what is threatened, denied, planned or feared is no event of its type."""
    if not c.material and c.trig.subtype is None:
        return True
    return not any(h.lower_ in lx.BLOCK_HEADS for h in c.chain)


def not_stale(c: Cand, sent: Span) -> bool:
    """'Some 1.2 million people have fled since the fighting began' and 'accused each other of violating
    the truce' name a state of things, not an event reported now."""
    return not (c.material or c.subtype) or not any(h.lower_ in lx.STALE_HEADS for h in c.chain)


def not_called_false(c: Cand, sent: Span) -> bool:
    """'An army spokesman said the reports of fighting in the town were false', 'Claims that civilians
    were killed are fabricated'."""
    for h in [c.head, *c.chain]:
        if h is not c.head and h.lower_ in lx.FALSITY:
            return False
        if any(x.lower_ in lx.FALSITY and x.dep_ in ("acomp", "attr", "advmod", "amod") for x in h.children):
            return False
    return True


def not_a_natural_event(c: Cand, sent: Span) -> bool:
    """'The earthquake that struck in March': what nature does is no attack."""
    subj = [x for x in c.head.children if x.dep_ in ("nsubj", "nsubjpass")]
    if c.head.dep_ == "relcl":
        subj.append(c.head.head)
    return not any(x.lower_ in lx.NATURAL for x in subj)


def not_an_adjective(c: Cand, sent: Span) -> bool:
    """'Mothers of detained activists protested': a participle describing a noun is no event of its own."""
    return not (len(c.trig.words) == 1 and c.head.dep_ == "amod" and c.head.tag_ in ("VBN", "VBD"))


def not_conditional(c: Cand, sent: Span) -> bool:
    """'If they attack the town, we will respond' and 'Troops will withdraw next week': a condition or a
    future is no material event yet (a verbal one, 'Putin will meet Erdogan', is an intention and stays)."""
    if not c.material and c.subtype is None:
        return True
    for v in [c.head, *c.chain]:
        kids = list(v.children)
        if any(x.dep_ == "mark" and x.lower_ in lx.CONDITIONS for x in kids):
            return False
        if v.pos_ in ("VERB", "AUX") and any(x.dep_ == "aux" and x.lower_ in lx.HYPOTHETICAL_AUX for x in kids):
            return False
        if v.dep_ not in ("xcomp", "conj", "pobj", "prep", "dobj", "nsubj", "nsubjpass", "compound", "amod",
                          "acl", "nmod", "appos"):
            break
    return True


def not_a_modifier(c: Cand, sent: Span) -> bool:
    """'Protest leaders met the governor' and 'a rocket launcher was found': the trigger only
    describes another noun."""
    h = c.head
    return not (h.dep_ in ("compound", "amod", "nmod") and h.head.lower_ in lx.MODIFIER_HEADS)


def not_a_prefixed_word(c: Cand, sent: Span) -> bool:
    """'Ko Zaw Tun, an anti-coup fighter from the village' names no coup: a trigger written as the
    second half of 'anti-', 'pro-', 'post-', 'pre-' or 'non-' (words.tsv: negating_prefixes)."""
    doc = c.head.doc
    i = c.first
    return not (i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
                and doc[i - 2].lower_ in lx.NEGATING_PREFIXES and not doc[i - 2].whitespace_)


def not_a_question(c: Cand, sent: Span) -> bool:
    """'Who shelled the hospital?' asks, it does not state."""
    for tok in reversed(sent):
        if not tok.is_space:
            return tok.text != "?" and not tok.text.endswith("?")
    return True


def meets_condition(c: Cand, sent: Span) -> bool:
    """A trigger whose row needs a condition ('ceasefire' needs 'agreed') keeps it only when met:
    'called for a ceasefire' is no Agreement."""
    return c.trig.needs is None or CONDITIONS[c.trig.needs](c, sent)


KEEP_RULES: list[Callable[[Cand, Span], bool]] = [
    not_a_question, not_negated, not_under_blocker, not_stale, not_called_false, not_conditional, not_a_modifier,
    not_a_natural_event, not_an_adjective, not_a_prefixed_word, meets_condition,
]


def keep(c: Cand, sent: Span) -> bool:
    """Whether a trigger states an event (every KEEP_RULE agrees)."""
    return all(rule(c, sent) for rule in KEEP_RULES)


# -- sentence rules: the candidates of one sentence settled together ------------------------------

def _armed(tok_span_text: str) -> bool:
    return lx.actor_kind(tok_span_text) in ("state", "nonstate", "police")


def _children_text(tok: Token, deps: tuple[str, ...]) -> str:
    return " ".join(" ".join(t.text for t in x.subtree) for x in tok.children if x.dep_ in deps)


def _object_text(c: Cand) -> str:
    """What the trigger was done to: its object, its passive subject, or 'on/against X'."""
    v = c.head
    parts = [_children_text(v, ("dobj", "nsubjpass"))]
    for p in v.children:
        if p.dep_ in ("prep", "agent") and p.lower_ in ("on", "against", "at", "upon"):
            parts.append(_children_text(p, ("pobj",)))
    return " ".join(parts)


def _subject_token(c: Cand) -> Token | None:
    """The head of who did it: the subject, the 'by' agent, the subject of a verb it hangs from."""
    v = c.head
    for _ in range(3):
        s = next((x for x in v.children if x.dep_ == "nsubj"), None)
        if s is not None and s.pos_ == "PRON" and v.dep_ == "ccomp":  # 'The army said it had retaken ...'
            said = next((x for x in v.head.children if x.dep_ == "nsubj"), None)
            return said if said is not None else s
        if s is not None:
            return s
        agent = next((y for x in v.children if x.dep_ == "agent" for y in x.children if y.dep_ == "pobj"), None)
        if agent is not None:
            return agent
        if v.dep_ in ("xcomp", "conj", "advcl", "dobj", "pobj") and v.head.i != v.i:
            v = v.head if v.dep_ != "pobj" else v.head.head
        else:
            return None
    return None


def _subject_text(c: Cand) -> str:
    v = c.head
    out = _children_text(v, ("nsubj",))
    for p in v.children:
        if p.dep_ == "agent":
            out += " " + _children_text(p, ("pobj",))
    if not out.strip() and v.dep_ in ("dobj", "pobj", "nsubjpass") and v.head.pos_ == "VERB":
        out = _children_text(v.head, ("nsubj",))
    if not out.strip():
        out = _children_text(v, ("poss", "amod", "compound"))
    return out


def background_yields(cands: list[Cand], sent: Span) -> list[Cand]:
    """'Hundreds rallied in Tarsa after the airstrike', 'exchange the bodies of soldiers killed in the
    fighting': an event named only as the background of another ('after', 'in response to', a
    participle clause) gives way to that other."""
    bg = [c for c in cands if c.material and (any(h.lower_ in lx.BACKGROUND_HEADS for h in c.chain)
                                               or any(h.dep_ in ("acl", "relcl") for h in [c.head, *c.chain[:3]]))]
    if bg and len(bg) < len([c for c in cands if c.material]):
        return [c for c in cands if c not in bg]
    return cands


def protests_settled(cands: list[Cand], sent: Span) -> list[Cand]:
    """'Police fired tear gas to disperse protesters in Halem' -> Protest with intervention; 'security
    forces opened fire on demonstrators, killing four' -> Excessive force against protesters;
    'protesters threw stones at police' -> Violent demonstration. The shooting, arrests and clashes
    of such a sentence are the protest's, not events of their own."""
    protest = [c for c in cands if c.category in ("Protests", "Riots") and c.subtype != "Mob violence"]
    if not protest:
        return cands
    low = sent.text.lower()
    if lx.has_any(low, lx.PROTEST_LETHAL) and any(lx.ACTOR_KINDS.get(t.lower_) in ("state", "police") for t in sent):
        sub, cat = "Excessive force against protesters", "Protests"
    elif lx.has_any(low, lx.PROTEST_VIOLENT) or any(c.subtype == "Violent demonstration" for c in protest):
        sub, cat = "Violent demonstration", "Riots"
    elif lx.has_any(low, lx.PROTEST_FORCE) or any(c.subtype == "Arrest" for c in cands):
        sub, cat = "Protest with intervention", "Protests"
    else:
        sub, cat = "Peaceful protest", "Protests"
    first = protest[0]
    first.retype(sub, cat, "PROTEST")
    absorbed = {"Attack", "Arrest", "Armed clash", "Looting/property destruction", "Violent demonstration",
                "Peaceful protest", "Grenade", "Abduction/forced disappearance"}
    return [c for c in cands if c is first or not (c.material and c.subtype in absorbed)]


def territory_by_actor(cands: list[Cand], sent: Span) -> list[Cand]:
    """'Government forces recaptured Lusso from the rebels' -> Government regains territory; 'the
    army captured the town' too; 'militants overran the town' -> Non-state actor overtakes territory."""
    unknown = []
    for c in cands:
        if c.category == "Battles" and c.trig.needs == "territory":
            subj = _subject_token(c)
            kind = lx.head_kind(subj) if subj is not None else None
            if c.head.lower_ in ("fell", "falls", "fall", "fallen") or kind is None:  # 'the town fell to the rebels'
                kind = lx.actor_kind(_children_text(c.head, ("prep",)))
            if kind in ("state", "police"):
                c.retype("Government regains territory", "Battles")
            elif kind == "nonstate":
                c.retype("Non-state actor overtakes territory", "Battles")
            else:  # 'Armed men stormed a village': who took it is unknown, so no territory changed hands
                unknown.append(c)
    return [c for c in cands if c not in unknown]


def attack_on_armed_is_clash(cands: list[Cand], sent: Span) -> list[Cand]:
    """'Gunmen attacked an army checkpoint near Bura' -> Armed clash (ACLED codes an attack on an
    armed force as a battle); 'gunmen attacked worshippers' stays an Attack."""
    for c in cands:
        if c.subtype == "Attack" and _armed(_object_text(c)) and lx.actor_kind(_object_text(c)) != "civilian":
            c.retype("Armed clash", "Battles", "FIGHT")
    return cands


def weapon_names_the_strike(cands: list[Cand], sent: Span) -> list[Cand]:
    """'A drone had struck a minibus near the town' -> Air/drone strike; 'a missile hit the depot' ->
    Shelling/artillery/missile attack: a bare strike or attack typed by what struck."""
    for c in cands:
        if c.trig.strength == "weak" and c.trig.lemma in ("strike", "attack", "hit") or (
                c.subtype is None and c.trig.lemma == "strike"):
            subj = _subject_token(c)
            if subj is None:
                continue
            if subj.lower_ in lx.AIRCRAFT:
                c.retype("Air/drone strike", "Explosions/Remote violence", "FIGHT")
            elif subj.lower_ in lx.SHELLING_WORDS:
                c.retype("Shelling/artillery/missile attack", "Explosions/Remote violence", "FIGHT")
    return cands


def crowd_violence_is_mob(cands: list[Cand], sent: Span) -> list[Cand]:
    """'Villagers armed with machetes attacked a group of herders, killing one' -> Mob violence: an
    attack by a crowd of people who are no armed force."""
    for c in cands:
        if c.subtype == "Attack":
            subj = _subject_token(c)
            if subj is not None and lx.head_kind(subj) == "civilian":
                c.retype("Mob violence", "Riots", "ASSAULT")
    return cands


def chemical_wins(cands: list[Cand], sent: Span) -> list[Cand]:
    """'Warplanes dropped bombs containing chlorine on Douma' is one Chemical weapon attack: the bombs,
    shells or grenades only carried it."""
    if any(c.subtype == "Chemical weapon" for c in cands):
        delivery = {"Air/drone strike", "Shelling/artillery/missile attack", "Grenade", "Remote explosive/landmine/IED",
                    "Attack"}
        return [c for c in cands if c.subtype not in delivery]
    return cands


def suicide_bomb_wins(cands: list[Cand], sent: Span) -> list[Cand]:
    """'A suicide bomber detonated a car bomb at the gate' is one Suicide bomb, not an IED too."""
    if any(c.subtype == "Suicide bomb" for c in cands):
        return [c for c in cands if c.subtype not in ("Remote explosive/landmine/IED", "Attack")
                or c.trig.strength not in ("strong", "weak") or c.subtype == "Suicide bomb"]
    return cands


def weak_give_way(cands: list[Cand], sent: Span) -> list[Cand]:
    """'An airstrike on Marsa market killed 12 people': 'killed' is the airstrike's toll, not an Attack
    of its own; a weak word stands only where no stronger trigger is in the sentence."""
    strong = [c for c in cands if c.trig.strength == "strong" and c.subtype]
    if strong:
        return [c for c in cands if c.trig.strength != "weak"]
    weak = [c for c in cands if c.trig.strength == "weak"]
    if len(weak) > 1:  # 'a blast killed three': the explosion, not a second event
        keep_one = weak[0]
        return [c for c in cands if c.trig.strength != "weak" or c is keep_one]
    return cands


def statement_only_alone(cands: list[Cand], sent: Span) -> list[Cand]:
    """'The minister said on Tuesday the border would stay open' is a statement; in 'Officials said
    rebels shelled the town' the shelling is the event and 'said' only reports it."""
    if any(c.trig.strength != "statement" for c in cands):
        return [c for c in cands if c.trig.strength != "statement"]
    return cands[:1]


def one_per_type(cands: list[Cand], sent: Span) -> list[Cand]:
    """'Fighting raged for a third day as clashes spread to Ardo': one Armed clash per sentence."""
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for c in cands:
        key = (c.subtype, c.plover) if c.subtype else (None, c.plover)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


SENTENCE_RULES: list[Callable[[list[Cand], Span], list[Cand]]] = [
    protests_settled, chemical_wins, suicide_bomb_wins, background_yields, territory_by_actor,
    weapon_names_the_strike, weak_give_way,
    attack_on_armed_is_clash, crowd_violence_is_mob, statement_only_alone, one_per_type,
]


def settle(cands: list[Cand], sent: Span) -> list[Cand]:
    for rule in SENTENCE_RULES:
        cands = rule(cands, sent)
    return cands


__all__ = ["Cand", "CONDITIONS", "KEEP_RULES", "SENTENCE_RULES", "find_triggers", "keep", "settle", "replace"]
