"""Places resolution: one name is one place per article, and names not taken for places still tell the
region an article is about (extract/places/resolve.py)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from newsgraph.extract.places import resolve
from newsgraph.extract.places.matching import _Match
from newsgraph.gazetteer import Candidate


def _c(pid, name, cc, a1, pop, fcode="PPL", fclass="P"):
    return Candidate(pid=pid, geonameid=pid, name=name, lat=30.0 + pid, lon=-90.0 - pid, country_code=cc,
                     feature_class=fclass, fcode=fcode, admin1=a1, admin1_code=f"{cc}.{a1}", population=pop,
                     is_name=True)


def test_a_narrowed_mention_is_the_town_its_bare_name_was_resolved_to(analyze):
    rec = analyze("The Athens City Council was given a budget update on Wednesday morning. Sales tax revenue "
                  "fell, and the city saved $15,000 to $20,000 on its health insurance. The council discussed "
                  "canceling the May 9 City of Athens general elections. Athens Mayor Randy Daniel said "
                  "caution is advised.")
    athens = [p for p in rec.places if p.text == "Athens"]
    assert len(athens) == 3
    assert len({p.geonameid for p in athens}) == 1  # 'City of Athens' is no other Athens than 'Athens Mayor'
    assert athens[0].country_code == "US"


def test_a_parish_named_inside_an_institution_points_the_town_to_its_state(analyze):
    rec = analyze("Alexandria woman charged in connection with fire. Chiquita Raquel Henry, 19, of 1935 "
                  "Orchard St., Alexandria, was arrested and charged with aggravated arson. Both the Sheriff's "
                  "Office and Rapides Parish Fire District 2 investigated the March 7 fire.")
    alex = [p for p in rec.places if p.text == "Alexandria"]
    assert alex and all(p.country_code == "US" and p.admin1 == "Louisiana" for p in alex)


def test_region_hints_come_from_names_of_one_region_not_from_single_words_or_kept_names():
    parish = _Match(0, 2, "rapides parish", (_c(1, "Rapides Parish", "US", "LA", 74000, "ADM2", "A"),))
    henry = _Match(5, 6, "henry", (_c(2, "Henry", "US", "IL", 2400), _c(3, "Henry", "US", "TN", 500)))
    smith = _Match(8, 9, "smith", (_c(4, "Smith", "US", "TX", 900),))  # one word: too often a person's
    two_states = _Match(10, 12, "grant county", (_c(5, "Grant County", "US", "WV", 11000, "ADM2", "A"),
                                                 _c(6, "Grant County", "US", "WA", 90000, "ADM2", "A")))
    kept = _Match(14, 15, "alexandria", (_c(7, "Alexandria", "US", "LA", 47000),))
    hints = resolve._region_hints([parish, henry, smith, two_states, kept, parish], [kept])
    assert hints == Counter({("US", "US.LA"): 1})  # the parish, counted once


def test_a_name_narrowed_differently_does_not_vote_for_itself():
    town_gr = _c(1, "Athens", "GR", "Attica", 664000, "PPLC")
    town_us = _c(2, "Athens", "US", "GA", 115000)
    region = _c(3, "Athens", "GR", "Attica", 3_000_000, "ADM2", "A")
    bare = _Match(0, 1, "athens", (town_gr, town_us, region))
    narrowed = _Match(5, 6, "athens|town", (town_gr, town_us))
    home = frozenset({"athens"})
    resolve._resolve([bare, narrowed], home, Counter({"US": 0.5}))
    # the paper's own Athens (a US story: dollar amounts), for both mentions
    assert bare.chosen is town_us and narrowed.chosen is town_us


def test_a_big_city_named_in_a_local_story_shows_the_home_towns_country(analyze):
    rec = analyze("Paris police arrested a man from Dallas on Tuesday after a chase through downtown Paris. "
                  "Paris firefighters were called to the scene, and the man was taken back to Dallas.")
    paris = [p for p in rec.places if p.text == "Paris"]
    assert paris and all(p.country_code == "US" for p in paris)


def test_big_city_country_needs_a_city_with_no_rival_abroad():
    from newsgraph.extract.places.support import _big_city_country

    dallas = _c(1, "Dallas", "US", "TX", 1_300_000)
    dallas_ga = _c(2, "Dallas", "US", "GA", 13_000)
    assert _big_city_country((dallas, dallas_ga)) == "US"
    birmingham = _c(3, "Birmingham", "GB", "ENG", 1_100_000)
    birmingham_al = _c(4, "Birmingham", "US", "AL", 200_000)
    assert _big_city_country((birmingham, birmingham_al)) is None  # Alabama's is no small namesake
    assert _big_city_country((dallas_ga,)) is None  # a small town shows no country


def test_a_town_written_with_st_is_matched_by_its_own_full_name(analyze):
    rec = analyze("The Moscow Times reported that the Mariinsky ballet opened its season in St. Petersburg on Friday "
                  "with a new staging.")
    spb = [p for p in rec.places if p.text == "St. Petersburg"]
    assert spb and spb[0].country_code == "RU"


def test_short_and_full_forms_promote_only_towns_named_the_other_way():
    from newsgraph.extract.places.matching import _other_form, _short_and_full_forms

    assert _other_form("st paul") == "saint paul" and _other_form("mount vernon") == "mt vernon"
    assert _other_form("st") is None and _other_form("paris") is None
    saint_paul = replace(_c(1, "Saint Paul", "US", "MN", 300_000), is_name=False)  # 'St. Paul' is an alias
    alberta = _c(2, "St. Paul", "CA", "AB", 5_700)
    parish = Candidate(3, 3, "Saint Thomas", 18.0, -76.0, "JM", "A", "ADM1", "Saint Thomas", "JM.09", 35_000, False)
    out = _short_and_full_forms({"st paul": (saint_paul, alberta), "st thomas": (parish,), "paris": (alberta,)})
    assert [c.is_name for c in out["st paul"]] == [True, True]  # Minnesota's capital by its own name
    assert out["st thomas"][0].is_name is False  # a region keeps its alternate-name status
    assert out["paris"] == (alberta,)
