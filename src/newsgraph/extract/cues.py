"""Cue lexicon: the verbs (and a few phrases) that introduce a quote or an attribution.

Matching is on the lower-cased surface form, never on spaCy lemmas, so the extractors work without
the tagger/lemmatizer (the pipeline may switch those off for speed). Every lemma below is expanded
into its inflected forms once, at import.

Two strengths:
- ``SPEECH``: verbs that attribute words to someone (said, told, insisted, tweeted, ...). They make a
  quote's cue wherever they sit next to a quotation.
- ``REPORT``: verbs that attribute a belief, finding or claim when they govern a clause
  (believe, show, find, hope, ...). They only count with a clausal complement.
The lists were drawn from verbs that introduce attributions in political and war reporting, checked
against how often, with a clausal complement, they really did (a derived list of lemmas only).
"""
from __future__ import annotations

SPEECH_LEMMAS = """
say tell add explain insist warn claim predict argue note state announce write tweet post report
reveal confirm deny acknowledge admit suggest recall declare assert maintain contend stress
emphasize emphasise underline underscore observe remark reply respond answer ask complain concede conclude estimate
promise vow pledge threaten boast joke quip testify allege charge accuse caution mention
counter retort reiterate repeat urge demand propose recommend disclose assure inform remind
describe speculate imply continue lament scoff shout cry yell whisper mutter muse marvel
brag proclaim affirm predict comment explain concede grumble fume snap tout signal hint
write blog text email message posit theorize theorise reason suggest clarify elaborate
summarize summarise relate recount recite quote cite agree disagree object protest plead beg
order instruct advise warn wonder question challenge dispute reject rebut refute dismiss read
""".split()

# Attribution of a thought, finding or prediction: only with a clausal complement.
REPORT_LEMMAS = """
believe think feel know fear hope expect worry doubt guess assume understand learn hear show
find indicate forecast project suspect reckon figure decide determine realize realise recognize
recognise acknowledge notice discover prove demonstrate conclude imagine insist want
consider presume suppose trust bet predict read suggest point
""".split()

# Forms that inflection rules get wrong.
IRREGULAR = {
    "say": ("said", "says", "saying"), "tell": ("told",), "write": ("wrote", "written", "writing"),
    "think": ("thought",), "know": ("knew", "known"), "see": ("saw", "seen", "sees", "seeing"),
    "find": ("found",), "hear": ("heard",), "feel": ("felt",), "mean": ("meant",), "read": ("read",),
    "understand": ("understood",), "bet": ("bet", "bets", "betting"), "forecast": ("forecast",),
    "learn": ("learnt", "learned"), "cry": ("cried", "cries"), "reply": ("replied", "replies"),
    "deny": ("denied", "denies"), "testify": ("testified", "testifies"), "clarify": ("clarified", "clarifies"),
    "imply": ("implied", "implies"), "worry": ("worried", "worries"), "theorize": (), "quip": ("quipped", "quipping"),
    "snap": ("snapped", "snapping"), "brag": ("bragged", "bragging"), "plead": ("pleaded", "pled"),
    "beg": ("begged", "begging"), "prove": ("proven",), "show": ("shown",), "rebut": ("rebutted",),
    "admit": ("admitted", "admitting"), "regret": ("regretted",), "blog": ("blogged", "blogging"),
    "text": ("texted", "texts"), "fume": ("fumed",), "scoff": ("scoffed",),
    "speak": ("spoke", "spoken"), "rip": ("ripped", "ripping"), "slam": ("slammed", "slamming"),
    "cast": ("cast",), "pin": ("pinned", "pinning"), "nod": ("nodded",),
}


# verbs stressed on a last syllable of consonant-vowel-consonant double it: referred, admitting
_DOUBLING = {"refer", "prefer", "confer", "defer", "infer", "admit", "commit", "submit", "omit", "permit",
             "regret", "occur", "compel", "rebut", "control", "patrol", "abet", "allot", "equip", "kidnap"}


def inflect(lemma: str) -> set[str]:
    """The regular -s / -ed / -ing forms of a verb (plus the irregular ones listed above)."""
    forms = {lemma, *IRREGULAR.get(lemma, ())}
    if lemma in _DOUBLING:
        return forms | {lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    else:
        forms.add(lemma + "s")
    if lemma.endswith("ee"):  # agreed, agreeing; 'see' has its own past forms
        forms.update({lemma + "ing"} if lemma in IRREGULAR else {lemma + "d", lemma + "ing"})
    elif lemma.endswith("e"):
        forms.update({lemma + "d", lemma[:-1] + "ing"})
    else:
        forms.update({lemma + "ed", lemma + "ing"})
    return forms


def _table(lemmas: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lemma in lemmas:
        for f in inflect(lemma):
            out.setdefault(f, lemma)
    return out


SPEECH: dict[str, str] = _table(SPEECH_LEMMAS)  # form -> lemma
REPORT: dict[str, str] = _table(REPORT_LEMMAS)
for _f, _l in SPEECH.items():
    REPORT.setdefault(_f, _l)

# Speech verbs that are too often something else when they stand alone next to a quote.
WEAK_SPEECH = {"continue", "order", "question", "challenge", "read", "charge", "object", "cite", "quote",
               "describe", "dismiss", "reject", "signal", "relate", "reason"}


# Forms that, in political news, introduce an attribution most of the times they occur (measured
# on an attribution corpus as share of occurrences annotated as a cue; only forms at >= 50% and
# seen often enough are kept). With them, the attributed content may also be an object
# ("cited the figure"), an infinitive ("refused to comment") or a prepositional object
# ("railed against the deal"), not only a clause.
STRONG_FORMS = frozenset("""
    accused accuses accusing acknowledge acknowledged acknowledging added adding adds admits admitted
    agreed alleging announce announced announcing applauded argue argued argues arguing asked asking
    asks assailed asserted assured attacked bemoaned blamed blasted blasting blasts boasted called
    calling cautioned challenged championed cited cites citing claimed claiming complained conceded
    concluded condemned confirmed criticized criticizing declare declared declaring declined decried
    defended denied denounced denouncing described describes describing disclosed discussing dismissed
    dismissing echoed emphasized endorsed endorses explained explaining explains express expressed
    hints hoped implied indicate indicated insist insisted insisting insists joked lamented mention
    mentioned mentioning mocking noted notes noting pleaded pledging pointed pointing praised praises
    praising predicted predicting promised promising proposing questioned questioning railed recalled
    recalling recommended referred referring refused refuses refusing reiterated rejected remarked
    remarking reminded reminding repeating replied reported responded retweeted reveal revealed reveals
    said saying says shouted signaled slammed slamming slams stated stating stressed suggest suggested
    suggesting suggests telling tells told touted touting tweeted tweeting urged urging vowed vowing
    vows warn warned warning wondered writes wrote
""".split())
