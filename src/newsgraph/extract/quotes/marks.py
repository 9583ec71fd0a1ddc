"""Quotation marks in the original text: pairing them into quoted spans, paragraph by paragraph.

Works on ``record.text`` (the original), because the normalised text has lost the difference
between “ and ”. Rules:
- openers “ „ « ‹ ‟ and straight ``"``; closers ” “ » › and ``"``. Single marks (‘ ’ ') nest inside
  a double quote; in a paragraph without double marks they are British-style quotes, paired
  strictly so that ``Ukraine‘s``, ``Rights’`` or ``soldiers' families`` never open or close anything.
- a paragraph (a line) that ends inside a quote closes it there; if the next paragraph opens with
  a quote mark, that quote is a continuation (same speaker, journalistic convention).
One pass over the text, linear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d\u201c\"", "\u201e": "\u201c\u201d\"", "\u00ab": "\u00bb", "\u2039": "\u203a",
           "\u201f": "\u201d\"", '"': '"\u201d', "''": "''\"\u201d"}
# two apostrophes are a double quote in some archives (''like this,'' he said)
_MARKS = re.compile("''|" + '["\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]|\n')
_LETTER = re.compile(r"\w")


@dataclass
class Quoted:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the paragraph end when unclosed
    closed: bool
    continues: bool = False  # continuation of the previous paragraph's unclosed quote
    width: int = 1  # length of the opening mark

    @property
    def start(self) -> int:
        return self.open + self.width

    @property
    def end(self) -> int:
        return self.close


def find_quoted(text: str) -> list[Quoted]:
    out: list[Quoted] = []
    opener: str | None = None
    open_at = -1
    nested = 0  # curly quotes open inside a straight-quoted stretch
    carry = False  # previous paragraph ended inside a quote
    para_start = 0
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "\n":
            if opener is not None:
                if i - open_at > len(opener):
                    out.append(Quoted(open_at, i, False, carry, len(opener)))
                carry = True
                opener = None
            elif text[para_start:i].strip():
                carry = False
            para_start = i + 1
            continue
        if opener is None:
            if ch in OPENERS:
                # a straight or curly mark glued to a word on its left and followed by space closes
                # nothing here: it is a stray closer (or inches); skip it
                prev = text[i - 1] if i else " "
                nxt = text[i + 1] if i + 1 < len(text) else " "
                nxt = text[i + len(ch)] if i + len(ch) < len(text) else " "
                if ch in ('"', "''") and prev.isalnum() and not nxt.isalnum():
                    continue
                if nxt in " \n" and ch != "\u00ab":
                    continue
                if carry and text[para_start:i].strip():
                    carry = False
                opener, open_at, nested = ch, i, 0
            continue
        if opener in ('"', "''") and ch in ("\u201c", "\u201d"):
            # curly marks inside a straight-quoted stretch pair with each other (a nested quote, or a
            # stray straight mark at a paragraph's start): '"WALLACE: … as “The Wall Street Journal”
            # wrote, …' is not closed by the ”
            if ch == "\u201c":
                nested += 1
                continue
            if nested:
                nested -= 1
                continue
        if ch in OPENERS[opener]:
            # “ used again inside a “-quote: a closer only when it is glued to the preceding word
            if ch == opener and ch not in ('"', "''") and (i + 1 < len(text) and text[i + 1].isalnum()):
                out.append(Quoted(open_at, i, False, carry, len(opener)))
                opener, open_at = ch, i
                carry = False
                continue
            if _LETTER.search(text, open_at + len(opener), i) is not None:
                out.append(Quoted(open_at, i, True, carry, len(opener)))
            opener = None
            carry = False
    if opener is not None and len(text) - open_at > len(opener):
        out.append(Quoted(open_at, len(text), False, carry, len(opener)))
    out += _single_quoted(text, out)
    out.sort(key=lambda q: q.open)
    # only quotes with a letter inside
    return [q for q in out if _LETTER.search(text, q.start, q.end) is not None]


# British style quotes with single marks ('We will not trade our land,' he said.), in a paragraph
# without double marks. An opener follows a space or the line start and precedes a letter ('90s,
# 'em are elisions); a closer follows end punctuation (,' .' ?') or precedes punctuation or the line
# end, so an apostrophe ('soldiers' families', Ukraine‘s) opens and closes nothing.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013:]))['\u2018](?=[^\W\d_]|\d(?!\ds\b))(?!(?:em|til|cause|n)\b)", re.M)
_SINGLE_CLOSE = re.compile(r"(?<=[,.!?;:\w)\u2026])['\u2019](?=[\s,.;:!?)\u2014\u2013]|$)", re.M)


def _single_quoted(text: str, doubles: list[Quoted]) -> list[Quoted]:
    if "'" not in text and "\u2018" not in text:
        return []
    spans = sorted((q.open, q.close) for q in doubles)
    found: list[Quoted] = []
    pos, k = 0, 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        while k < len(spans) and spans[k][1] < a:
            k += 1
        if k < len(spans) and spans[k][0] <= b or ("'" not in line and "\u2018" not in line):
            continue  # a paragraph with double marks: its single marks only nest
        i = a
        while True:
            m = _SINGLE_OPEN.search(text, i, b)
            if m is None:
                break
            o = m.start()
            close = None
            for c in _SINGLE_CLOSE.finditer(text, o + 2, b):
                j = c.start()
                if text[j - 1] in ",.!?;:\u2026" or j + 1 >= b or text[j + 1] in ",.;:!?)\u2014\u2013" \
                        or (text[o] == "\u2018" and text[j] == "\u2019" and not text[j - 1].isalpha()):
                    close = j
                    break
                if text[j - 1] != "s":  # 'soldiers' families': a plural possessive, not a closer
                    close = j
                    break
            if close is None:
                break
            found.append(Quoted(o, close, True, False, 1))
            i = close + 1
    return found
