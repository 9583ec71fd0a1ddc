"""Words and the sentence's main event word: the crude stem shared by training and inference, the
reporting verbs, and ``main_trigger``."""
from __future__ import annotations

import functools

from spacy.tokens import Span, Token

PENTACLASSES = ("statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
PLOVER_TYPES = ("AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "DEMAND", "DISAPPROVE",
                "FIGHT", "INVESTIGATE", "MOBILIZE", "PROTEST", "REJECT", "RETREAT", "SANCTION", "SUPPORT", "THREATEN")

ActorSpan = tuple[int, int]

# --- words ---------------------------------------------------------------------------------------

_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "met": "meet", "held": "hold", "fought": "fight", "struck": "strike",
    "stricken": "strike", "sought": "seek", "brought": "bring", "began": "begin", "begun": "begin",
    "won": "win", "threw": "throw", "thrown": "throw", "shot": "shoot", "led": "lead", "left": "leave",
    "sent": "send", "stole": "steal", "stolen": "steal", "withdrew": "withdraw", "withdrawn": "withdraw",
    "made": "make", "broke": "break", "broken": "break", "spoke": "speak", "spoken": "speak",
    "hit": "hit", "set": "set", "put": "put", "cut": "cut", "let": "let", "bore": "bear", "born": "bear",
    "overran": "overrun", "flew": "fly", "flown": "fly", "drove": "drive", "driven": "drive", "rose": "rise", "risen": "rise", "forbade": "forbid",
    "forbidden": "forbid", "overthrew": "overthrow", "overthrown": "overthrow", "froze": "freeze",
    "frozen": "freeze", "sold": "sell", "bought": "buy", "paid": "pay", "kept": "keep", "fled": "flee",
    "sought": "seek", "undertook": "undertake", "undertaken": "undertake", "ran": "run",
    "went": "go", "gone": "go", "came": "come", "saw": "see", "seen": "see", "knew": "know",
    "known": "know", "thought": "think", "found": "find", "wrote": "write", "written": "write",
    "chose": "choose", "chosen": "choose", "laid": "lay", "lay": "lie", "hid": "hide", "hidden": "hide",
    "shut": "shut", "swore": "swear", "sworn": "swear", "beat": "beat", "beaten": "beat",
    "blew": "blow", "blown": "blow", "fell": "fall", "fallen": "fall", "stood": "stand", "understood": "understand",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "am": "be", "'s": "be",
    "has": "have", "had": "have", "does": "do", "did": "do", "done": "do",
}
_VOWELS = set("aeiou")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, consistent stem: 'attacked' -> 'attack', 'agrees' -> 'agre', 'denied' -> 'deni'.

    >>> stem("Killed") == stem("kill") == stem("kills") == stem("killing")
    True
    """
    w = word.lower()
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    past = False
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "i"
    elif len(w) > 4 and w.endswith("ied"):
        w = w[:-3] + "i"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w, past = w[:-2], True
    elif len(w) > 4 and w.endswith("es") and w[-3] in "sxzh":
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if not past and len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("y"):
        w = w[:-1] + "i"
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _VOWELS:
        w = w[:-1]
    return w


# --- the main trigger ----------------------------------------------------------------------------

REPORTING = frozenset(stem(w) for w in (
    "say", "tell", "report", "add", "state", "claim", "announce", "note", "write", "quote", "confirm",
    "reveal", "explain", "insist", "believe", "think", "according"))
_VERBAL_POS = frozenset({"VERB", "AUX"})


def _is_reporting(tok: Token) -> bool:
    return stem(tok.text) in REPORTING


is_reporting = _is_reporting


def main_trigger(sent: Span) -> Token | None:
    """The sentence's main event word: its root verb, or, when the root is a reporting verb placed
    after what it reports ('Rebels shelled the town, officials said'), the reported clause's verb.

    A sentence with no verb (a headline 'Clashes in Kherson') gives its root noun; an empty span None.
    """
    if len(sent) == 0:
        return None
    root = sent.root
    if _is_reporting(root):
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and child.i < root.i and child.pos_ in _VERBAL_POS:
                return child
    if root.pos_ in _VERBAL_POS or root.pos_ in ("NOUN", "PROPN"):
        return root
    for tok in sent:
        if tok.pos_ == "VERB":
            return tok
    return root
