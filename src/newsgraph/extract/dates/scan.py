"""Finding candidate expressions: one compiled regex tried only just before anchor words (linear in the
text), and the context patterns the readers check around a candidate."""
from __future__ import annotations

import re

from newsgraph.extract.dates.calendar import _MONTHS, _NUMBERS, _WEEKDAYS

_MON_FULL = "|".join(_MONTHS)
_MON_ABBR = r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
_WD = "|".join(_WEEKDAYS)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]|20)\d\d"
_NUMW = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r"|a few|a couple of|several|few"
_UNIT = r"days?|weeks?|months?|years?|decades?"

# Leftmost-first alternation: at one position the more specific alternative is listed first.
_SCAN = re.compile(rf"""
  (?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b)
| (?P<num>\b(?P<num_a>\d{{1,2}})(?P<num_sep>[./])(?P<num_b>\d{{1,2}})(?P=num_sep)(?P<num_y>{_YEAR})\b(?![./]\d))
| (?P<mdy>\b(?:(?:{_WD}),?\s+)?(?P<mdy_m>{_MON_FULL}|{_MON_ABBR})\s+(?P<mdy_d>\d{{1,2}}){_ORD}
     (?:\s*[-\u2013]\s*(?P<mdy_d2>\d{{1,2}}){_ORD})?\b(?!:|\.\d)(?:,?\s+(?P<mdy_y>{_YEAR})\b)?)
| (?P<dmy>\b(?:(?:{_WD}),?\s+)?(?:the\s+)?(?P<dmy_d>\d{{1,2}}){_ORD}
     (?:\s*[-\u2013]\s*(?P<dmy_d2>\d{{1,2}}){_ORD})?\s+(?:of\s+)?(?P<dmy_m>{_MON_FULL}|{_MON_ABBR})(?![A-Za-z])
     (?:,?\s+(?P<dmy_y>{_YEAR})\b)?)
| (?P<my>\b(?P<my_m>{_MON_FULL})(?:\s+of)?\s+(?P<my_y>{_YEAR})\b)
| (?P<ago>\b(?i:(?P<ago_n>{_NUMW})\s+(?P<ago_u>{_UNIT})\s+ago)\b)
| (?P<dur>\b(?i:the\s+(?P<dur_d>past|last|next|coming|previous|following)\s+(?:(?P<dur_n>{_NUMW})\s+)?
     (?P<dur_u>{_UNIT}))\b)
| (?P<vague>\b(?i:recently|lately|in\s+recent\s+(?:days|weeks|months|years)|of\s+late)\b)
| (?P<rel>\b(?i:(?P<rel_d>last|this|next|past|previous|coming|current)\s+(?P<rel_u>weekend|week|month|year|decade))\b)
| (?P<day>\b(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow
     |(?P<day_w>yesterday|today|tonight|tomorrow|last\s+night)(?:\s+(?:morning|afternoon|evening|night))?
     |this\s+(?:morning|afternoon|evening))\b)
| (?P<wend>\b(?i:the\s+weekend)\b)
| (?P<wday>\b(?P<wday_d>(?i:last|next|this)\s+)?(?P<wday_w>{_WD})(?P<wday_pl>s)?\b
     (?:\s+(?i:morning|afternoon|evening|night))?)
| (?P<sea>\b(?i:(?P<sea_d>the|this|last|next|past|coming|previous|that)\s+)?(?P<sea_w>(?i:spring|summer|autumn|fall|winter))\b
     (?:\s+(?:of\s+)?(?P<sea_y>{_YEAR})(?:\s*[-\u2013/]\s*(?P<sea_y2>\d\d(?:\d\d)?))?\b)?)
| (?P<hol>\b(?P<hol_o>Orthodox\s+)?(?P<hol_w>Christmas(?:\s+(?:Eve|Day))?|New\s+Year's\s+(?:Eve|Day)
     |Easter(?:\s+(?:Sunday|Monday))?)(?:\s+(?P<hol_y>{_YEAR})\b)?)
| (?P<dec>\b(?:the\s+)?(?P<dec_y>(?:1[0-9]|20)\d0)s\b|'(?P<dec_s>\d0)s\b)
| (?P<yr>(?<![\d,.$\u00a3\u20ac#/])(?P<yr_y>{_YEAR})(?:\s*[-\u2013/]\s*(?P<yr_y2>{_YEAR}|\d\d))?(?![\d%/]|[,.]\d|-\d))
| (?P<mon>\b(?P<mon_m>{_MON_FULL})\b)
""", re.X)

# Every expression contains one of these words; the scan regex is tried only at the word starts just
# before each of them (a plain finditer of _SCAN costs ~8 s/MB; this ~0.2 s/MB).
_ANCHOR = re.compile(
    r"\b(?=[acdefjlmnorstwy0-9])(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun|to|yester)day|spring|summer|autumn|fall|winter|tonight|christmas|easter|"
    r"tomorrow|recently|lately|late|ago|week(?:end)?|month|year|decade|days?|night|morning|afternoon|"
    r"evening|\d{4}|\d0(?=s))s?\b")
_LOOKBACK = 30  # longest lead before an anchor: "Wednesday, the 25th of " May
_WORD_START = re.compile(r"\b\w+|'(?=\d0s)")
# Words an expression can start with before its anchor ("the past few days", "Tuesday, March 7").
_LEADS = frozenset(["the", "this", "last", "next", "past", "previous", "coming", "current", "that", "few",
                    "several", "in", "of", "'", "orthodox", "new"] + [w.lower() for w in _WEEKDAYS] + list(_NUMBERS))


def _matches(text: str):
    """The _SCAN matches of ``text``, left to right, non-overlapping, found from the anchors."""
    lower = text.lower()
    last_end = 0
    for a in _ANCHOR.finditer(lower):
        if a.end() <= last_end:
            continue
        for c in _WORD_START.finditer(lower, max(last_end, a.start() - _LOOKBACK), a.start() + 1):
            w = c.group()
            if c.start() != a.start() and w not in _LEADS and not w[0].isdigit():
                continue
            m = _SCAN.match(text, c.start())
            if m and m.end() > a.start():
                last_end = m.end()
                yield m
                break


# Modifiers kept inside the span, found just before a candidate.
_PRE_MOD = re.compile(r"""(?i:(?:the\s+(?:very\s+)?(?:end|beginning|start|middle|turn|first\s+half|second\s+half
    |first\s+days|last\s+days|first\s+week|last\s+week|rest|remainder|height|depths?)\s+of\s+(?:the\s+)?)?
    (?:early|late|mid-|mid\s|earlier|later)?\s*)$""", re.X)
_MOD_KEYS = ("earl", "late", "mid", " of ")
# Prepositions that license a bare month or year (left out of the span).
_PRE_CTX = re.compile(r"(?i:\b(?:in|on|since|until|till|by|from|during|through|throughout|before|after|of|"
                      r"between|at|to|and|or|last|next|this|early|late|mid|earlier|later|circa|as\s+of|"
                      r"end\s+of|start\s+of|beginning\s+of|middle\s+of|summer\s+of|year|the|that)[\s-]+)$")
# "May" is also a modal and a surname: accept it only after these.
_PRE_MAY = re.compile(r"(?i:\b(?:in|since|until|till|from|during|through|throughout|before|after|last|next|"
                      r"this|early|late|mid|earlier|later|end\s+of|start\s+of|beginning\s+of|middle\s+of|"
                      r"half\s+of|day\s+of)[\s-]+)$")
_COUNT_AFTER = re.compile(r"\s*(?i:people|persons|troops|soldiers|civilians|residents|refugees|men|women|children|"
                          r"fighters|casualties|deaths|dead|killed|wounded|injured|prisoners|hours|hrs|gmt|utc|"
                          r"km|kilometres|kilometers|miles|metres|meters|feet|tonnes|tons|dollars|euros|pounds|"
                          r"rubles|roubles|hryvnias|votes|cases|homes|houses|buildings|shells|missiles|drones|"
                          r"rockets|tanks|vehicles|members|workers|employees|students|jobs|points|units|rounds|"
                          r"times|km/h|mph|m|kg|mm)\b")
_QUANT_BEFORE = re.compile(r"(?i:\b(?:about|around|some|nearly|almost|over|than|least|to|up\s+to|roughly|"
                           r"approximately|only|just|another|at|number|no\.|killed|lost|fired)\s+)$")
# Capitalised words after a weekday that make it a name ("Sunday Times", "Saturday Night Live").
_WD_NAME_AFTER = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|People|Sport|Star|World|"
                            r"Independent|Tribune|Night|Service|School|Bloody|Best|Politics|Briefing)\b")
_HOLIDAY_BEFORE = re.compile(r"\b(?:Good|Black|Super|Bloody|Easter|Ash|Palm|Holy|Maundy|Cyber|Man|Girl|Shrove|"
                             r"Whit|Low|Mad|Blue|Orthodox|Trinity)\s+$")
_SEASON_NOUN_AFTER = re.compile(
    r"\s+(?i:offensives?|counteroffensives?|campaigns?|clothing|clothes|conditions|months|season|weather|time|"
    r"olympics|games|holidays?|break|session|term|solstice|equinox|storms?|sun|coats?|gear|uniforms?|"
    r"equipment|fuel|heating|supplies|stalemate|lull|fighting|push|assault|palace|school|camps?|wheat|"
    r"crops?|harvest|temperatures?|cold|frosts?|tyres|tires|quarters|trip|vacation|fashion|collection|"
    r"sales?|house|garden|festival|schedule|semester|training|exercises?|rains|floods|heat|heatwave|"
    r"rolls|roll|onion|squash|wear|sports?)\b")
_HOLIDAY_NOUN_AFTER = re.compile(r"\s+(?:Island|(?i:trees?|cards?|presents?|gifts?|markets?|lights|decorations|"
                                 r"carols?|songs?|shopping|jumpers?|pudding|crackers?|eggs?|bunny|lil(?:y|ies)))\b")
_REL_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?(?i:(this|last|next)\s+year)\b")
_REL_K = {"this": 0, "last": -1, "next": 1}
_RANGE_YEAR = re.compile(rf"\s*(?:and|to|through|until|or|-|\u2013)\s+(?:{_MON_FULL})(?:\s+\d{{1,2}}{_ORD})?,?\s+({_YEAR})\b")
_OF_NONYEAR = re.compile(r"\s+of\s+(?!\d)")


def _prev_word_cap(norm: str, start: int) -> bool:
    """A capitalised word directly before ``start`` that does not begin a sentence ("Good Friday")."""
    m = re.search(r"([A-Z][A-Za-z]+)\s+$", norm[max(0, start - 30):start])
    if not m:
        return False
    w = m.group(1)
    if w.lower() in ("on", "by", "since", "until", "till", "last", "next", "this", "early", "late", "from",
                     "before", "after", "every", "each", "through", "and", "or", "but", "the", "that",
                     "until", "as", "in", "of", "at", "over", "during", "between", "to"):
        return False
    head = norm[max(0, start - 32):start - len(m.group(0))].rstrip()
    return bool(head) and head[-1] not in ".!?\"'\n:;"
