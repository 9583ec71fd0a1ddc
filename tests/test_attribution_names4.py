"""Who is speaking, session 12 rules (extract/attribution/): one test per rule, on invented articles
with the structures of the real dev set's wrong names, each also checking what the rule must leave."""
from __future__ import annotations

from newsgraph.extract import attribution as A
from newsgraph.extract.attribution.article import _ends_sentence
from newsgraph.extract.attribution.bodies import _sentence_start
from newsgraph.extract.attribution.roles import _military_rank
from newsgraph.record import UNNAMED
from record_lookup import quote, speaker


def test_the_rules_are_in_the_tables():
    names = [n for n, _ in A.RULES]
    for n in ("same_document_as_quote_before", "document_issuer_opens_sentence", "role_then_adjacent_name",
              "group_known_as", "group_is_subject_before", "pronoun_opens_paragraph_after_speaker",
              "sources_quoted_before", "surname_typed_as_body"):
        assert n in names
    assert names.index("role_then_adjacent_name") < names.index("role_then_name")
    assert names.index("group_is_subject_before") < names.index("group_is_last_body")
    mentions = [n for n, _ in A.MENTION_RULES]
    assert "pronoun_cut_from_name" in mentions and "role_then_apposed_name" in mentions
    assert "coordinated_speakers" in mentions


# -- (b) documents and bodies --------------------------------------------------------------------------

def test_a_statement_is_the_subject_who_issued_it_and_stays_so(analyze):
    rec = analyze(
        "BAGHDAD (AP) \u2014 An intelligence official says militants have attacked a militia post north of Samarra.\n\n"
        "IS claimed responsibility for the night attack in a statement posted by its Amaq news agency. The "
        "statement said the fighters had destroyed three armoured vehicles.\n\n"
        "The statement also said that the fighters blew up the post's headquarters.")
    assert speaker(rec, "destroyed three armoured vehicles").name == "IS"  # not the agency that posted it
    assert speaker(rec, "blew up the post").name == "IS"  # the same statement
    assert speaker(rec, "militants have attacked").name == "An intelligence official"


def test_a_statement_with_no_issuer_in_the_sentence_before_stays_unnamed(analyze):
    rec = analyze(
        "Fighting went on near the dam through the night, residents said.\n\n"
        "A statement was read on local radio at noon. The statement said the dam had not been hit.")
    assert speaker(rec, "the dam had not been hit").name == UNNAMED


def test_the_sources_are_the_unnamed_sources_quoted_before(analyze):
    rec = analyze(
        "Gunmen killed nine farmers near the village of Dalori on Thursday, militia leaders said.\n"
        "Late Thursday, the gunmen came on motorcycles and burned the granary, according to the sources.")
    assert speaker(rec, "came on motorcycles").name == "militia leaders"


def test_the_sources_after_a_named_person_stay_as_written(analyze):
    rec = analyze(
        "Gunmen killed nine farmers near the village of Dalori on Thursday, district chief Musa Adamu said.\n"
        "Late Thursday, the gunmen came on motorcycles and burned the granary, according to the sources.")
    assert speaker(rec, "came on motorcycles").name != "Musa Adamu"


def test_a_body_named_with_known_as_is_the_description_before_and_after(analyze):
    rec = analyze(
        "BAGHDAD (AP) \u2014 A powerful Iraqi Shiite militia said Tuesday that at least 40 of its fighters were "
        "killed in an attack near the border.\n"
        "The deputy head of the militia, known as Kataib Imam Ali, accused foreign forces of the assault.\n"
        "The militia vowed \"this act will not pass without punishment.\"")
    assert speaker(rec, "at least 40 of its fighters").name == "Kataib Imam Ali"
    assert speaker(rec, "this act will not pass").name == "Kataib Imam Ali"


def test_the_group_is_the_body_that_spoke_in_the_sentence_before(analyze):
    rec = analyze(
        "The Popular Mobilization Forces said 12 of their fighters were killed near Qaim.\n\n"
        "In an online statement, IS said it staged the attack with three suicide bombers. The group added "
        "that one of its fighters was captured.")
    assert speaker(rec, "one of its fighters was captured").name == "IS"


def test_the_group_after_a_person_speaks_is_not_that_person(analyze):
    rec = analyze(
        "The Popular Mobilization Forces said 12 of their fighters were killed near Qaim.\n\n"
        "Later, Hadi al-Amiri said the attack came from the desert. The group added that one attacker "
        "was captured.")
    assert speaker(rec, "one attacker was captured").name != "Hadi al-Amiri"


def test_an_acronym_after_the_article_is_the_body_named_in_full(analyze):
    rec = analyze(
        "Gunmen killed six employees of the International Committee of the Red Cross (ICRC) in the north.\n\n"
        "The team was ambushed near Sheberghan, the ICRC said on Wednesday.")
    assert speaker(rec, "The team was ambushed").name.startswith("International Committee of the Red Cross")


def test_a_sentence_ends_at_a_stop_but_not_at_a_title():
    assert _ends_sentence("Syria.") and _ends_sentence("Iraq.")
    assert not _ends_sentence("U.S.") and not _ends_sentence("Brig.") and not _ends_sentence("Gen.")
    text = "The spokesman, Army Col. Ryan Dillon, spoke. The group added more."
    assert _sentence_start(text, text.index("The group")) == text.index("The group")
    assert _sentence_start(text, text.index("Ryan")) == 0


def test_a_body_name_does_not_run_over_a_sentence_end(analyze):
    rec = analyze(
        "A Shiite militia said 40 of its fighters were killed in Syria. The militia blamed the coalition.\n"
        "The militia vowed revenge, saying the attack would be answered.")
    assert all(not (q.speaker and "Syria. " in q.speaker.name) for q in rec.quotes)


# -- (a) roles -------------------------------------------------------------------------------------------

def test_a_role_with_the_name_straight_after_is_that_name(analyze):
    rec = analyze(
        "Speaking to Radio Tamazuj on Tuesday, army spokesperson Major General Peter Lual Deng claimed the "
        "rebels were repulsed.\n"
        "However, the rebel spokesperson Simon Okello refuted the claims and said there were no clashes.")
    sp = speaker(rec, "there were no clashes")
    assert sp.name == "Simon Okello"  # not the army's spokesperson named before


def test_a_role_named_at_the_next_attribution_ignores_a_rank(analyze):
    rec = analyze(
        "JOS, Nigeria (AP) \u2014 The army is fighting a tribal militia in central Nigeria and denies accusations "
        "its troops killed civilians, the Defense Ministry spokesman said Monday.\n\n"
        "Maj. Gen. Chris Alade said 32 suspected militants were killed in weekend raids.")
    assert speaker(rec, "The army is fighting").name == "Chris Alade"


def test_a_rank_is_no_other_role():
    assert _military_rank("Maj. Gen.") and _military_rank("Brigadier General") and _military_rank("Army Col.")
    assert not _military_rank("spokesman") and not _military_rank("Traditional ruler Chief")


def test_a_role_with_the_name_in_apposition_has_the_name_as_mention(analyze):
    rec = analyze(
        "Intense fighting around the state capital claimed about 56 lives, the army spokesperson, Paul Malong "
        "Awan said Sunday.")
    sp = speaker(rec, "claimed about 56 lives")
    assert sp.text == "Paul Malong Awan" and sp.name == "Paul Malong Awan"


# -- (c) spellings ---------------------------------------------------------------------------------------

def test_a_surname_typed_as_a_body_is_the_one_person_with_it(analyze):
    rec = analyze(
        "MAPUTO (Xinhua) -- PRM spokesman, Orlando Mudumane said at a press conference that the attack "
        "occurred at dawn.\n\n"
        "Modumane said that insurgents set up barricades at the main entrances to the village.")
    assert speaker(rec, "insurgents set up barricades").name == "Orlando Mudumane"


# -- (d) pronouns and mentions ---------------------------------------------------------------------------

def test_he_opening_a_paragraph_is_the_person_quoted_at_the_end_of_the_one_before(analyze):
    rec = analyze(
        "The coalition's spokesman, Col. Ryan Dillon, dismissed the allegation, saying on Twitter that no "
        "airstrikes took place.\n"
        "According to the militia's deputy, Ahmed al-Maksousi, they were hit by artillery fire near the border.\n"
        "He said the attack was launched from around Mosul.")
    assert speaker(rec, "launched from around Mosul").name == "Ahmed al-Maksousi"


def test_he_after_a_quote_that_names_another_man_is_not_moved(analyze):
    rec = analyze(
        "The coalition's spokesman, Col. Ryan Dillon, said no airstrikes took place.\n"
        "According to the militia's deputy, Ahmed al-Maksousi, the shells killed their commander, Karim Jaber.\n"
        "He said the attack was launched from around Mosul.")
    from newsgraph.extract.attribution.pronouns import rule_pronoun_opens_paragraph_after_speaker
    q = quote(rec, "launched from around Mosul")
    assert q.speaker.text == "He"
    assert rule_pronoun_opens_paragraph_after_speaker(A.Article(rec), q, rec.quotes) is None


def test_a_pronoun_cut_from_the_first_word_is_the_name_after_it(analyze):
    rec = analyze(
        "he South Sudan People\u2019s Defense Forces (SSPDF) says it clashed with rebel forces on Christmas Day "
        "and killed five rebels.\n")
    sp = speaker(rec, "clashed with rebel forces")
    assert sp.text != "he" and "South Sudan People" in sp.name


def test_two_people_speaking_together_are_both_the_speaker(analyze):
    rec = analyze(
        "Army spokesman Brigadier General Lul Deng said the rebels stole cattle near the camp.\n\n"
        "Rebel spokesman Major Dickson Gatluak said government troops attacked first.\n\n"
        "Both Deng and Gatluak said both sides suffered losses, but neither gave a number.")
    sp = speaker(rec, "both sides suffered losses")
    assert sp.name == "Deng and Gatluak" and sp.text == "Both Deng and Gatluak"
    solo = analyze("Army spokesman Brigadier General Lul Deng said the rebels stole cattle near the camp.\n\n"
                   "Deng and his deputies said both sides suffered losses.")
    assert speaker(solo, "both sides suffered losses").name != "Deng and his deputies"
