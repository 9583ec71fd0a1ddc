"""The PLOVER type of an event: the lexicon's types, the pentaclass breaking ties, the ``PLOVER_RULES``."""
from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.extract.events.models.classes import _BUILDING, _WITHDRAWING, ENVOYS, FORCES, _obliged, _pentaclass_of
from newsgraph.extract.events.models.features import (_event_words, _verb_of, lexicon, lexicon_hits, noun_use_of_verb,
                                                      plover_list)
from newsgraph.extract.events.models.view import View, view
from newsgraph.extract.events.models.words import PLOVER_TYPES, REPORTING, main_trigger, stem



# With no lexicon word, the type most typical of the predicted pentaclass; a statement has no PLOVER
# type ('The president expressed concern' is neither a demand nor a disapproval): None.
_PLOVER_OF_PENTA = {
    "verbal_cooperation": "AGREE", "material_cooperation": "AID",
    "verbal_conflict": "DISAPPROVE", "material_conflict": "ASSAULT",
}
_FUTURE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
# The manual codes an announced retreat as CONCEDE, but the PLOVER records (from CAMEO's examples: 03
# 'express intent to ...') code it AGREE ('The rebels said they will release the prime minister'):
# tuning half of benchmarks/event_plover_split.py 0.687 -> 0.699 with AGREE.
FUTURE_RETREAT = "AGREE"
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
_FUTURE_HEADS = frozenset(stem(w) for w in ("plan", "intend", "expect", "want", "hope", "decide", "be"))


def _is_future(v: View, i: int) -> bool:
    """'will meet', 'would send', 'plans to visit', 'is to sign': the event is announced, not done."""
    o = v.start
    if any(v.dep[c - o] == "aux" and v.lower[c - o] in _FUTURE_AUX for c in v.kids[i - o]):
        return True
    return v.dep[i - o] == "xcomp" and v.stem[v.head[i - o] - o] in _FUTURE_HEADS


def future_cooperation_is_agree(ptype: str, v: View, i: int) -> str:
    """PLOVER manual: cooperation reported in the future tense is AGREE. 'Russia will send aid to Syria'
    -> AGREE (not AID). A future retreat is ``FUTURE_RETREAT``: 'Israel would withdraw its troops' ->
    AGREE."""
    if _is_future(v, i):
        if ptype in _FUTURE_TO_AGREE:
            return "AGREE"
        if ptype == "RETREAT":
            return FUTURE_RETREAT
    return ptype


_REFUSING_AUX = frozenset({"will", "would", "wo", "shall", "can", "could", "ca"})


def refusal_is_reject(ptype: str, v: View, i: int) -> str:
    """PLOVER manual: refusing to cooperate is REJECT. 'Israel will not release the prisoners' ->
    REJECT (not RETREAT); a plain past negation keeps its type."""
    o = v.start
    kids = [c - o for c in v.kids[_verb_of(v, i) - o]]
    if any(v.dep[k] == "neg" for k in kids) and any(v.dep[k] == "aux" and v.lower[k] in _REFUSING_AUX for k in kids):
        return "REJECT"
    return ptype


def _subject_stems(v: View, i: int) -> set[str]:
    """The stems of the subject of the event word at ``i``: its own, or (a noun) its verb's."""
    o = v.start
    verb = i if v.pos[i - o] in ("VERB", "AUX") else v.head[i - o]
    return {v.stem[c - o] for c in v.kids[verb - o] if v.dep[c - o] in ("nsubj", "nsubjpass")}


_LABOUR = frozenset(stem(w) for w in (
    "worker", "workers", "union", "unions", "employee", "employees", "staff", "teacher", "teachers", "doctor",
    "doctors", "nurse", "nurses", "miner", "miners", "driver", "drivers", "labour", "labor", "general", "hunger",
    "national", "nationwide", "student", "students"))


def labour_strike_is_protest(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, PROTEST modes: a general, limited or hunger strike is a protest, not a military
    strike. 'Workers went on strike', 'a general strike paralysed the capital', 'miners struck for
    higher pay' -> PROTEST; 'an air strike on the town' stays FIGHT."""
    if ptype not in ("FIGHT", "ASSAULT") or v.stem[i - v.start] != stem("strike"):
        return ptype
    o = v.start
    mods = {v.stem[c - o] for c in v.kids[i - o] if v.dep[c - o] in ("compound", "amod", "nmod", "poss")}
    on_strike = v.dep[i - o] == "pobj" and v.lower[v.head[i - o] - o] == "on"
    if on_strike or mods & _LABOUR or _subject_stems(v, i) & _LABOUR:
        return "PROTEST"
    return ptype


_CROWD = frozenset(stem(w) for w in (
    "protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators", "rioter", "rioters",
    "crowd", "crowds", "mob", "mobs", "marcher", "marchers"))


def crowd_violence_is_protest(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, PROTEST mode riot: violent collective action by protesters is a protest.
    'Demonstrators clashed with police in the capital' -> PROTEST (not FIGHT)."""
    if ptype in ("FIGHT", "ASSAULT") and _subject_stems(v, i) & _CROWD:
        return "PROTEST"
    return ptype


_FORCE = frozenset({"COERCE", "ASSAULT", "FIGHT", "SANCTION", "MOBILIZE", "PROTEST"})


def future_conflict_is_threat(ptype: str, v: View, i: int) -> str:
    """PLOVER manual (THREATEN, and the 'future' context): a conflictual act announced, not done, is a
    threat, as future cooperation is an agreement. 'The government would impose a curfew on the city'
    -> THREATEN (not COERCE); 'The government imposed a curfew' stays COERCE."""
    if ptype not in _FORCE:
        return ptype
    return "THREATEN" if _is_future(v, i) or _is_future(v, _verb_of(v, i)) else ptype


_PASSAGE = frozenset(stem(w) for w in (
    "road", "roads", "street", "streets", "highway", "highways", "entrance", "entrances", "bridge", "bridges",
    "railway", "railways", "route", "routes", "access", "passage", "traffic", "crossing", "crossings", "port",
    "gate", "gates", "junction", "intersection"))


def blocking_passage_is_protest(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, PROTEST mode obstruct: blocking a road or an entrance is a protest; blocking a
    bill stays a rejection. 'Farmers blocked the highway to the capital' -> PROTEST."""
    if ptype != "REJECT" or v.stem[i - v.start] != stem("block"):
        return ptype
    o = v.start
    if any(v.dep[c - o] == "dobj" and v.stem[c - o] in _PASSAGE for c in v.kids[i - o]):
        return "PROTEST"
    return ptype


def reported_obligation_is_demand(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, DEMAND ("all demands and orders"): what another must do, reported, is a demand.
    'The U.S. has said that North Korea must first disarm' -> DEMAND (not RETREAT)."""
    o = v.start
    verb = _verb_of(v, i)
    for _ in range(3):  # 'said forces must ensure security to allow supplies in': from 'allow' up to 'ensure'
        if v.dep[verb - o] in ("ccomp", "parataxis") and v.stem[v.head[verb - o] - o] in REPORTING and _obliged(v, verb):
            return "DEMAND"
        if v.dep[verb - o] not in ("xcomp", "advcl", "conj") or v.head[verb - o] == verb:
            break
        verb = v.head[verb - o]
    return ptype


def withdrawing_envoys_is_sanction(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, SANCTION mode withdraw: 'Qatar withdrew its peacekeepers from the border' -> SANCTION."""
    o = v.start
    if ptype == "RETREAT" and v.stem[i - o] in _WITHDRAWING and any(
            v.dep[c - o] == "dobj" and v.stem[c - o] in ENVOYS for c in v.kids[i - o]):
        return "SANCTION"
    return ptype


def failed_talks_are_sanction(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, SANCTION: "code failed negotiations and walk-outs" here: 'The two sides failed to
    reach agreement' -> SANCTION (not AGREE)."""
    if ptype not in ("AGREE", "CONSULT"):
        return ptype
    o = v.start
    if any(v.dep[cur - o] == "xcomp" and v.stem[v.head[cur - o] - o] == stem("fail") for cur in v.up(i, 3)):
        return "SANCTION"
    return ptype


def building_up_forces_is_mobilize(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, MOBILIZE ("all military or police moves that fall short of the actual use of
    force"): 'Russia has strengthened its forces in Crimea' -> MOBILIZE (not COOPERATE)."""
    o = v.start
    verb = _verb_of(v, i)
    if v.stem[verb - o] in _BUILDING and any(v.dep[c - o] == "dobj" and v.stem[c - o] in FORCES for c in v.kids[verb - o]):
        return "MOBILIZE"
    return ptype


def _objects(v: View, i: int) -> list[int]:
    """The direct objects of the verb at ``i`` (or of a noun's verb), and a particle's object."""
    o = v.start
    return [c for c in v.kids[_verb_of(v, i) - o] if v.dep[c - o] in ("dobj", "nsubjpass")]


def _verb_with_object(v: View, i: int, verbs, objects) -> bool:
    """True when the verb of the word at ``i`` is one of ``verbs`` (stems) and one of its direct objects
    is one of ``objects`` (stems): the shape of the manual's mode rules below."""
    o = v.start
    verb = _verb_of(v, i)
    return v.stem[verb - o] in verbs and any(v.stem[c - o] in objects for c in _objects(v, verb))


def prisoner_exchange_is_retreat(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, RETREAT mode release: "the actual release or exchange of prisoners" is RETREAT.
    'Both sides exchanged prisoners on the bridge' -> RETREAT (not COOPERATE)."""
    return "RETREAT" if _verb_with_object(v, i, plover_list("swapping"), plover_list("captives")) else ptype


def admitting_observers_is_retreat(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, RETREAT mode access: allowing observers, peacekeepers or humanitarian workers in is
    RETREAT. 'The government allowed UN inspectors into the nuclear site' -> RETREAT (not CONCEDE)."""
    return "RETREAT" if _verb_with_object(v, i, plover_list("admitting"), ENVOYS) else ptype


def giving_up_weapons_is_retreat(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, RETREAT mode disarm ("disarm militarily or give up weapons"): 'The militia handed
    over its weapons to the peacekeepers' -> RETREAT (not AID)."""
    return "RETREAT" if _verb_with_object(v, i, plover_list("giving_up"), plover_list("weapons")) else ptype


def cutting_utilities_is_coerce(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, COERCE mode withhold ("shut off power/internet/water/utilities"): 'Authorities cut
    off electricity and water to the besieged town' -> COERCE (not SANCTION)."""
    return "COERCE" if _verb_with_object(v, i, plover_list("withholding"), plover_list("utilities")) else ptype


def suspending_protest_is_concede(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, CONCEDE ("suspending protests"): 'The union suspended its protests after the
    government offered talks' -> CONCEDE (not SANCTION for 'suspend')."""
    return "CONCEDE" if _verb_with_object(v, i, plover_list("suspending"), plover_list("protest_acts")) else ptype


def easing_restrictions_is_concede(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, CONCEDE ("easing of administrative or legal restrictions ... removing curfews"):
    'The court cancelled restrictions on the use of the Russian language' -> CONCEDE (not SANCTION for
    'cancel'). A blockade or a siege lifted is a material retreat and keeps its type. The verbs are
    ``plover_words.tsv``'s easing and suspending lists, the objects its restrictions (but blockade, siege)."""
    o = v.start
    verbs = plover_list("easing") | plover_list("suspending")
    objects = plover_list("restrictions") - _LIFTED_IN_RETREAT
    keep = ("CONCEDE", "RETREAT", "REJECT")  # 'will not remove the sanctions' stays a refusal
    return "CONCEDE" if ptype not in keep and _verb_with_object(v, i, verbs, objects) else ptype


_LIFTED_IN_RETREAT = frozenset(stem(w) for w in ("blockade", "siege"))


def conditional_act_is_threat(ptype: str, v: View, i: int) -> str:
    """PLOVER manual, THREATEN ("coercive or forceful warnings with serious potential repercussions"): an
    act announced on a condition ('unless') is a threat, whatever the act: 'Nigeria announced that it
    will withdraw its force from Chad unless the president arranged a ceasefire' -> THREATEN."""
    o = v.start
    for cur in v.up(i, 4):  # the event word or a word above it carries the condition
        for c in v.kids[cur - o]:
            if v.dep[c - o] == "advcl" and any(v.dep[k - o] == "mark" and v.lower[k - o] == "unless"
                                               for k in v.kids[c - o]):
                return "THREATEN"
    return ptype


def war_weapons_are_fight(ptype: str, v: View, i: int) -> str:
    """CAMEO 19 (FIGHT: conventional military force; 194 artillery and tanks, 195 aerial weapons), as the
    PLOVER records code it, against 18 (ASSAULT: unconventional violence, abduction, bombings by
    individuals): killing done by aircraft, gunships or missiles, or in a gunbattle, is FIGHT. 'Russian aircraft including helicopter gunships killed 46 civilians' -> FIGHT;
    'Serb forces killed three men in a gunbattle' -> FIGHT ('in a bomb attack' stays ASSAULT). The
    weapons and battles are ``plover_words.tsv``'s war_weapons and battles lists."""
    if ptype != "ASSAULT":
        return ptype
    o = v.start
    verb = _verb_of(v, i)
    weapons = plover_list("war_weapons")
    battles = plover_list("battles")
    for c in v.kids[verb - o]:
        if v.dep[c - o] == "nsubj" and (v.stem[c - o] in weapons or any(
                v.dep[k - o] in ("compound", "amod") and v.stem[k - o] in weapons for k in v.kids[c - o])):
            return "FIGHT"
        if v.dep[c - o] == "prep" and v.lower[c - o] == "in":
            for g in v.kids[c - o]:
                if v.dep[g - o] == "pobj" and v.stem[g - o] in battles:
                    return "FIGHT"
    return ptype


PLOVER_RULES = (refusal_is_reject, labour_strike_is_protest,
                crowd_violence_is_protest, blocking_passage_is_protest, reported_obligation_is_demand,
                withdrawing_envoys_is_sanction, failed_talks_are_sanction, building_up_forces_is_mobilize,
                prisoner_exchange_is_retreat, admitting_observers_is_retreat, giving_up_weapons_is_retreat,
                cutting_utilities_is_coerce, suspending_protest_is_concede, easing_restrictions_is_concede,
                war_weapons_are_fight, future_cooperation_is_agree, future_conflict_is_threat,
                conditional_act_is_threat)

# PLOVER codes the verbal act, not what it is about: a threat to arrest is THREATEN, a demand for a
# release DEMAND, an agreement to withdraw AGREE (PLOVER manual, DEMAND, REJECT, THREATEN); and cutting
# what was given is SANCTION: 'suspended military aid' (SANCTION: "decrease or terminate provision of aid").
VERBAL_ACTS = frozenset({"AGREE", "SUPPORT", "CONCEDE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "SANCTION"})


def verbal_act_wins(choices: list[tuple[str, str, int]], t: int, pc: str | None) -> tuple[str, str, int] | None:
    """The trigger's own lexicon type when it names a verbal act: 'The army threatened to arrest the
    protest leaders' -> THREATEN (not COERCE for 'arrest'); None otherwise (the next pick rule decides)."""
    own = next((c for c in choices if c[2] == t), None)
    return own if own is not None and own[0] in VERBAL_ACTS else None


def pentaclass_agrees(choices: list[tuple[str, str, int]], t: int, pc: str | None) -> tuple[str, str, int] | None:
    """The first choice whose lexicon pentaclass is the predicted one, else the first."""
    return next((c for c in choices if c[1] == pc), choices[0])


def light_verb_object_wins(choices: list[tuple[str, str, int]], t: int, pc: str | None,
                           v: View | None = None) -> tuple[str, str, int] | None:
    """A light verb's object names the act (PLOVER codes the act, not the verb that carries it):
    'Prosecutors opened an investigation into the minister' -> INVESTIGATE (not RETREAT for 'open');
    'The army gave the militants an ultimatum' -> THREATEN; 'The governor granted amnesty' -> CONCEDE.
    The light verbs are ``plover_words.tsv``'s light_verbs; None when the trigger is none of them or
    its object has no lexicon type."""
    if v is None:
        return None
    o = v.start
    if v.stem[t - o] not in plover_list("light_verbs"):
        return None
    objs = {c for c in v.kids[t - o] if v.dep[c - o] == "dobj"}
    return next((c for c in choices if c[2] != t and (c[2] in objs or c[2] + 1 in objs)), None) if objs else None


# How the PLOVER type is picked among the lexicon's choices, in order (the first that picks wins).
PICK_RULES = (light_verb_object_wins, verbal_act_wins, pentaclass_agrees)


def _pick(rule, choices, t, pc, v):
    """A pick rule's choice; the rules that read the parse take the sentence's View too."""
    return rule(choices, t, pc, v) if rule is light_verb_object_wins else rule(choices, t, pc)


def plover_type(sent: Span, trigger: Token | None = None) -> str | None:
    """One of the 18 PLOVER types. The lexicon's types for the trigger and its complements, then for
    any other event word in the sentence, are the choices; the first whose pentaclass agrees with the
    predicted pentaclass wins (else the first); ``PLOVER_RULES`` then adjust it. With no lexicon word,
    the type most typical of the predicted pentaclass (None for a statement).
    'Rebels shelled the town' -> FIGHT."""
    try:
        if trigger is None:
            trigger = main_trigger(sent)
        if trigger is None:
            return None
        v = view(sent)
        t = trigger.i
        o = v.start
        choices = [(h[2], h[3], h[4]) for h in lexicon_hits(v, t) if h[2] in PLOVER_TYPES]
        seen = {i for _rel, i in _event_words(v, t)}
        lex = lexicon()
        for i in range(v.start, v.end):
            if i not in seen and v.pos[i - o] in ("VERB", "NOUN"):
                e = lex.get(v.stem[i - o])
                if e and e[0] in PLOVER_TYPES and not noun_use_of_verb(v, i, v.stem[i - o]):
                    choices.append((e[0], e[1], i))
        pc = _pentaclass_of(v, t)
        if not choices:
            return _PLOVER_OF_PENTA.get(pc) if pc else None
        pick = next(p for p in (_pick(rule, choices, t, pc, v) for rule in PICK_RULES) if p is not None)
        ptype = pick[0]
        for rule in PLOVER_RULES:
            ptype = rule(ptype, v, pick[2])
        return ptype
    except Exception:
        return None
