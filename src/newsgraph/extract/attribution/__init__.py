"""Who is speaking: a pass after the quotes that settles the name behind every quote.

The quote extractor finds each quote's speaker mention and a first name for it (the entity the
mention belongs to, a pronoun's antecedent, or the unnamed-source phrase). Real reporting names
its speakers in ways one mention cannot settle: the role first and the name a paragraph later,
'the agency' for the body named a sentence before, 'it said' of a ministry, 'a statement' as if
paper spoke, two spellings of one name. This pass looks at the whole article and, for each quote,
tries the rules of ``RULES`` in order; the first that is sure decides. Then every speaker gets its
``kind`` (person | organisation | group | unnamed), ``role`` and ``affiliation`` when the article
gives them, and every quote its ``content`` (record.quote_content).

Trust rule: a rule that is not sure leaves the mention's own descriptor ('the agency's director')
rather than guess a person: a wrong name is worse than none. A pronoun is never a name: one that
nothing resolves is named ``record.UNNAMED``.

The modules, by what they hold:

- ``phrases``: the word lists (data: ``extract/speaker_words.tsv``) and the helpers that read a
  phrase with them;
- ``article``: the ``Article`` view of one record the rules read, ``Resolution``, shared helpers;
- ``mentions``: the mention rules of ``MENTION_RULES``, run first, that correct the mention itself;
- the classes of ``RULES``: ``roles`` (a) the role first and the name later, ``bodies`` (b) bodies,
  groups and documents, ``spellings`` (c) aliases and spelling variants, ``pronouns`` (d);
- ``describe``: the settled speaker's kind, role and affiliation.

Both tables are assembled here, in their order. Everything is one pass over the article's mentions
per quote: linear in quotes x mentions, small.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from newsgraph.extract import Context, extractor
from newsgraph.extract.attribution.article import Article, Named, Resolution, _body_before
from newsgraph.extract.attribution.bodies import (
    _abbreviates,
    rule_body_in_named_country,
    rule_body_is_not_its_place,
    rule_body_named_before,
    rule_body_phrase_is_no_person,
    rule_document_is_no_speaker,
    rule_document_issued_by_sentence_subject,
    rule_document_issuer_opens_sentence,
    rule_document_of_named_issuer,
    rule_group_is_last_body,
    rule_group_is_subject_before,
    rule_group_takes_up_unnamed_group,
    rule_group_known_as,
    rule_same_document_as_quote_before,
    rule_sources_quoted_before,
    rule_same_sources,
    rule_short_form,
)
from newsgraph.extract.attribution.describe import _describe
from newsgraph.extract.attribution.epithets import rule_epithet_introduced_before, rule_epithet_is_previous_speaker
from newsgraph.extract.attribution.mentions import (
    mention_body_in_place,
    mention_coordinated_speakers,
    mention_date_is_no_speaker,
    mention_dateline_is_no_speaker,
    mention_document_is_setting,
    mention_name_closes_quote,
    mention_name_in_apposition,
    mention_outlet_relays_source,
    mention_pronoun_cut_from_name,
    mention_role_then_apposed_name,
    mention_subject_of_reported_clause,
    mention_quoted_as_saying,
    mention_relative_clause_source,
    mention_role_then_untyped_name,
    mention_subject_after_but,
    mention_title_is_no_name,
    mention_with_source_saying,
)
from newsgraph.extract.attribution.phrases import (
    BODY_REACH,
    PERSON_WORDS,
    PRONOUN_REACH,
    PRONOUNS,
    ROLE_REACH,
    SOURCE_GENDER,
    Words,
    _is_pronoun,
    words,
)
from newsgraph.extract.attribution.pronouns import (
    rule_pronoun_after_other_person,
    rule_pronoun_after_unnamed_source,
    rule_pronoun_continues_previous_paragraph,
    rule_pronoun_continues_previous_quote,
    rule_pronoun_follows_renamed_antecedent,
    rule_pronoun_gender_disagrees,
    rule_pronoun_is_no_place,
    rule_pronoun_is_no_thing,
    rule_pronoun_is_not_named_in_own_quote,
    rule_pronoun_opens_paragraph_after_speaker,
    rule_pronoun_takes_lone_name,
    rule_pronoun_is_never_a_name,
    rule_pronoun_takes_previous_speaker,
    rule_pronoun_takes_sentence_subject,
    rule_same_mention_as_quote_before,
)
from newsgraph.extract.attribution.roles import (
    _name_after_role,
    rule_gives_name,
    rule_indefinite_role_named_later,
    rule_name_after_title,
    rule_named_in_apposition_later,
    rule_name_closes_role_phrase,
    rule_named_right_after,
    rule_role_then_adjacent_name,
    rule_role_then_name,
    rule_role_then_next_speaker,
    rule_title_initials,
)
from newsgraph.extract.attribution.spellings import (
    _name_key,
    _same_word,
    rule_alias,
    rule_one_spelling,
    rule_surname_typed_as_body,
)
from newsgraph.extract.quotes.acts import speech_only
from newsgraph.extract.quotes.base import _Doc
from newsgraph.record import UNNAMED, Quote, Record, quote_content

__all__ = [
    "BODY_REACH", "MENTION_RULES", "PERSON_WORDS", "PRONOUNS", "PRONOUN_REACH", "ROLE_REACH", "RULES",
    "SOURCE_GENDER", "Article", "Named", "Resolution", "Rule", "Words", "extract_attribution", "resolve",
    "words",
    # helpers with tests of their own
    "_abbreviates", "_body_before", "_is_pronoun", "_name_after_role", "_name_key", "_same_word",
]

# Mention rules, in order: they run first and correct the speaker mention (and, for a dateline, the
# quote); the first that changes it ends the table.
MENTION_RULES: list[tuple[str, Callable[[Article, Quote, list[Quote]], bool]]] = [
    ("dateline_is_no_speaker", mention_dateline_is_no_speaker),
    ("date_is_no_speaker", mention_date_is_no_speaker),
    ("name_closes_quote", mention_name_closes_quote),
    ("pronoun_cut_from_name", mention_pronoun_cut_from_name),
    ("quoted_as_saying", mention_quoted_as_saying),
    ("outlet_relays_source", mention_outlet_relays_source),
    ("with_source_saying", mention_with_source_saying),
    ("subject_after_but", mention_subject_after_but),
    ("role_then_untyped_name", mention_role_then_untyped_name),
    ("relative_clause_source", mention_relative_clause_source),
    ("title_is_no_name", mention_title_is_no_name),
    ("body_in_place", mention_body_in_place),
    ("name_in_apposition", mention_name_in_apposition),
    ("role_then_apposed_name", mention_role_then_apposed_name),
    ("coordinated_speakers", mention_coordinated_speakers),
    ("document_is_setting", mention_document_is_setting),
    ("subject_of_reported_clause", mention_subject_of_reported_clause),
]


Rule = Callable[[Article, Quote, list[Quote]], Resolution | None]
# In order; the first rule that is sure decides.
RULES: list[tuple[str, Rule]] = [
    ("same_mention_as_quote_before", rule_same_mention_as_quote_before),  # (d)
    ("same_document_as_quote_before", rule_same_document_as_quote_before),  # (b)
    ("document_issuer_opens_sentence", rule_document_issuer_opens_sentence),  # (b)
    ("document_of_named_issuer", rule_document_of_named_issuer),      # (b)
    ("document_issued_by_sentence_subject", rule_document_issued_by_sentence_subject),  # (b)
    ("document_is_no_speaker", rule_document_is_no_speaker),          # (b)
    ("body_is_not_its_place", rule_body_is_not_its_place),            # (b)
    ("body_phrase_is_no_person", rule_body_phrase_is_no_person),      # (b)
    ("name_closes_role_phrase", rule_name_closes_role_phrase),        # (a)
    ("role_then_adjacent_name", rule_role_then_adjacent_name),        # (a)
    ("group_known_as", rule_group_known_as),                          # (b)
    ("group_takes_up_unnamed_group", rule_group_takes_up_unnamed_group),  # (b)
    ("group_is_subject_before", rule_group_is_subject_before),        # (b)
    ("group_is_last_body", rule_group_is_last_body),                  # (b)
    ("pronoun_is_no_place", rule_pronoun_is_no_place),                # (d)
    ("pronoun_is_not_named_in_own_quote", rule_pronoun_is_not_named_in_own_quote),  # (d)
    ("pronoun_gender_disagrees", rule_pronoun_gender_disagrees),      # (d)
    ("pronoun_continues_previous_quote", rule_pronoun_continues_previous_quote),  # (d)
    ("pronoun_after_unnamed_source", rule_pronoun_after_unnamed_source),  # (d)
    ("pronoun_takes_sentence_subject", rule_pronoun_takes_sentence_subject),  # (d)
    ("pronoun_continues_previous_paragraph", rule_pronoun_continues_previous_paragraph),  # (d)
    ("pronoun_opens_paragraph_after_speaker", rule_pronoun_opens_paragraph_after_speaker),  # (d)
    ("pronoun_is_no_thing", rule_pronoun_is_no_thing),                # (d)
    ("pronoun_after_other_person", rule_pronoun_after_other_person),  # (d)
    ("pronoun_takes_previous_speaker", rule_pronoun_takes_previous_speaker),  # (d)
    ("pronoun_follows_renamed_antecedent", rule_pronoun_follows_renamed_antecedent),  # (d)
    ("pronoun_takes_lone_name", rule_pronoun_takes_lone_name),        # (d)
    ("pronoun_is_never_a_name", rule_pronoun_is_never_a_name),        # (d)
    ("gives_name", rule_gives_name),                                  # (a)
    ("name_after_title", rule_name_after_title),                      # (a)
    ("named_right_after", rule_named_right_after),                    # (a)
    ("named_in_apposition_later", rule_named_in_apposition_later),    # (a)
    ("role_then_name", rule_role_then_name),                          # (a)
    ("role_then_next_speaker", rule_role_then_next_speaker),          # (a)
    ("title_initials", rule_title_initials),                          # (a)
    ("indefinite_role_named_later", rule_indefinite_role_named_later),  # (a)
    ("epithet_is_previous_speaker", rule_epithet_is_previous_speaker),  # (a)
    ("epithet_introduced_before", rule_epithet_introduced_before),    # (a)
    ("same_sources", rule_same_sources),                              # (b)
    ("sources_quoted_before", rule_sources_quoted_before),            # (b)
    ("body_in_named_country", rule_body_in_named_country),            # (b)
    ("body_named_before", rule_body_named_before),                    # (b)
    ("short_form", rule_short_form),                                  # (b)
    ("alias", rule_alias),                                            # (c)
    ("one_spelling", rule_one_spelling),                              # (c)
    ("surname_typed_as_body", rule_surname_typed_as_body),            # (c)
]


# -- the pass -----------------------------------------------------------------------------------------

def resolve(record: Record, off: frozenset[str] = frozenset()) -> None:
    """Settle every quote's speaker name, kind, role and affiliation, and every quote's content.
    ``off``: rule names switched off, for measuring each rule's effect (the setting
    speaker_rules_off; "all" for every one)."""
    all_off = "all" in off
    art = Article(record)
    quotes = record.quotes
    for q in quotes:
        if q.speaker is None:
            q.content = quote_content(record.text, q)
            continue
        for name, fix in MENTION_RULES:
            if not all_off and name not in off and fix(art, q, quotes):
                break
        q.content = quote_content(record.text, q)
        for name, rule in RULES:
            if all_off or name in off:
                continue
            res = rule(art, q, quotes)
            if res is not None:
                q.speaker = replace(q.speaker, name=res.name, entity=res.entity if res.name != UNNAMED else None,
                                    kind=res.kind)
                break
    for q in quotes:
        if q.speaker is not None:
            q.speaker = _describe(art, q.speaker)


@extractor("attribution", requires=("entities",), refines=("quotes",))
def extract_attribution(ctx: Context) -> None:
    resolve(ctx.record, frozenset(filter(None, ctx.settings.speaker_rules_off.split(","))))
    if ctx.settings.attributions == "speech" and ctx.record.quotes:
        # after the names are settled: an act's quote ('described the situation to EFE') still
        # introduced the source a later 'she' stands for
        ctx.record.quotes = speech_only(_Doc(ctx.doc, ctx.record.text), ctx.record.quotes)
