"""Quotes: direct, partial and reported speech, each with its cue and its speaker.

The stages, one module each, run in this order by ``extract_quotes``:

- ``marks``: the quotation marks of the original text, paired into quoted spans (per paragraph);
- ``direct``: each quoted span's cue and speaker (an attribution right after the quote, the
  dependency path up to a speech verb, a colon-ended lead-in, a dash signature, the quote before it)
  and its links to the quote before it, by two ordered tables of rules (``CUE_RULES``, ``LINK_RULES``);
- ``reported``: reported speech from the parse (``X said that …``, ``…, officials said``,
  parentheticals, ``according to X``, noun and preposition cues) by the ordered ``TOKEN_RULES``,
  with the content readers of ``readers`` and the span rules of ``clauses``;
- ``grouping``: direct and reported quotes become the article's records (covered partial quotes and
  nested contents dropped, a lead-in clause joined with the quotation it runs into);
- ``speaker``: who a cue's subject is, and unnamed sources named as the article introduced them.

Word lists are data (``words.tsv``, ``prep_cues.tsv``, read by ``words``); the one setting,
quote_grouping, comes from ``ctx.settings`` (newsgraph.settings). One pass over the quoted spans and one over the
tokens: linear in the article length.
"""
from __future__ import annotations

from newsgraph.extract import Context, extractor
from newsgraph.extract.quotes.base import _Doc, _QuoteIndex
from newsgraph.extract.quotes.direct import _colon_lines, _direct_quotes
from newsgraph.extract.quotes.headlines import headline_quotes
from newsgraph.extract.quotes.learned import learned_quotes
from newsgraph.extract.quotes.grouping import _drop_covered_partials, _drop_nested, _join_lead_ins, _quoted_words_only
from newsgraph.extract.quotes.marks import Quoted, find_quoted
from newsgraph.extract.quotes.reported import _reported
from newsgraph.extract.quotes.speaker import _link_introduced_sources, _Namer
from newsgraph.extract.quotes.words import PREP_LEXICON, STANCE
from newsgraph.extract.speakers import Coref

__all__ = ["PREP_LEXICON", "STANCE", "Quoted", "extract_quotes", "find_quoted"]


@extractor("quotes", needs=("parser", "ner"), requires=("entities", "quoted", "coref"), produces=("quotes",))
def extract_quotes(ctx: Context) -> None:
    text, doc = ctx.record.text, ctx.doc
    if not len(doc):
        return
    quoted = ctx.quoted if ctx.quoted is not None else find_quoted(text)
    coref = ctx.coref or Coref()
    d = _Doc(doc, text)
    namer = _Namer(d, ctx.record.entities, coref)
    namer.in_quote = _QuoteIndex(quoted)
    direct = _direct_quotes(d, quoted, namer, ctx.settings.quote_grouping)
    reported = _reported(d, quoted, direct, namer)
    reported += _colon_lines(d, direct, namer, reported)
    direct = _drop_covered_partials(text, direct, reported)
    reported = _drop_nested(reported)
    quotes = [q for q in direct if q is not None] + reported
    quotes.sort(key=lambda q: (q.start, q.end))
    quotes = headline_quotes(d, quotes, namer)
    if ctx.settings.attributions == "all":
        # the objects of acts, hedges, noun and adjective cues: attributions, not reported speech
        quotes = learned_quotes(d, quotes, namer, namer.in_quote)
    _link_introduced_sources(quotes, ctx.record.entities)
    quotes = _join_lead_ins(text, quotes)
    if ctx.settings.partial_quotes == "words":
        quotes = _quoted_words_only(text, quotes, quoted)
    ctx.record.quotes = quotes
