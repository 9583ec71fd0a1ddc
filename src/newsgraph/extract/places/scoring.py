"""The trained scorer's verdicts (``extract/place_scorer.py``) and the features it reads.

Vetoed names stay vetoed, and a name inside another kind of name or a prominent place keeps the
rules' verdict; every other match gets the scorer's. ``benchmarks/train_place_scorer.py`` collects
the features (the package's ``COLLECT``) to train it.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.extract.places.cues import _cue, _in_a_county_list, _in_dateline
from newsgraph.extract.places.evidence import MAYBE, _vetoed
from newsgraph.extract.places.guards import _inside_other_name, _prominent_place
from newsgraph.extract.places.matching import _Match, _ner_relation, _of, _prev_words, _Toks
from newsgraph.extract.places.namesakes import _best_prior, _strength
from newsgraph.extract.places.words import (AFTER_CUE, COMMON, INSTITUTION, ORG_SUFFIX, OTHER_NAME_LABELS,
                                            PLACE_NOUNS, REGION_WORDS, TITLES)

_LABEL_FEATS = ("GPE", "LOC", "PERSON", "ORG", "FAC", "NORP", "PRODUCT")


def _scored(tk: _Toks, matches: list[_Match], verdicts: list, ent_of: list, persons: set[str],
            lower_words: set[str], scorer, collect: list | None = None, vetoed: list | None = None) -> list:
    """The trained scorer's verdict for each match, from its features (the rules' verdict among them);
    ``collect``, when a list, receives (start, end, features, rule verdict) per match asked; ``vetoed``:
    ``_vetoed``'s answer per match when the caller has them."""
    mentions = Counter(m.key.split("|")[0] for m in matches)
    rule_keys = {m.key.split("|")[0] for m, v in zip(matches, verdicts) if v is True}
    by_key, article = _countries_by_name(matches, verdicts)
    out = []
    for i, (m, v) in enumerate(zip(matches, verdicts)):
        if vetoed[i] if vetoed is not None else _vetoed(tk, m, ent_of):
            out.append(False)
            continue
        if _inside_other_name(tk, m, ent_of) or _prominent_place(tk, m, ent_of, v) \
                or v is True and _in_a_county_list(tk, m):
            out.append(v)  # the rules decide ('Hitchcock and Hayes counties': the rules' listed county)
            continue
        key = m.key.split("|")[0]
        ccs = article - by_key[key] if key in by_key else article
        f = _features(tk, m, ent_of, persons, lower_words, v, mentions, rule_keys, ccs)
        if collect is not None:
            collect.append((m.cs, m.ce, f, v))
        out.append(scorer.verdict(f) if scorer is not None else v)
    return out


def _countries_by_name(matches: list[_Match], verdicts: list) -> tuple[dict[str, Counter], Counter]:
    """The countries of the names the rules took for places (each name's best-prior namesake), per name
    and for the whole article."""
    by_key: dict[str, Counter] = defaultdict(Counter)
    for m, v in zip(matches, verdicts):
        if v is True:
            c = _of(m, _best_prior)
            if c.country_code:
                by_key[m.key.split("|")[0]][c.country_code] += 1
    article: Counter = Counter()
    for cnt in by_key.values():
        article.update(cnt)
    return by_key, article


def _features(tk: _Toks, m: _Match, ent_of: list, persons: set[str], lower_words: set[str], verdict,
              mentions: Counter, rule_keys: set[str], article_ccs: Counter) -> dict[str, float]:
    """What the scorer knows about one gazetteer match (names are the weights file's feature names)."""
    f: dict[str, float] = {}
    label, rel = _ner_relation(tk, m, ent_of)
    strength = _of(m, _strength)
    _label_features(f, verdict, label, rel, strength)
    _context_features(f, tk, m, persons, lower_words)
    _namesake_features(f, m.cands)
    _article_features(f, m, verdict, label, strength, mentions, rule_keys, article_ccs)
    return f


def _label_features(f: dict[str, float], verdict, label: str | None, rel: str, strength: float) -> None:
    """The rules' verdict, the NER label and how its entity lines up, how well known the name is."""
    f["rule_true"] = float(verdict is True)
    f["rule_maybe"] = float(verdict is MAYBE)
    lab = label if label in _LABEL_FEATS else ("none" if label is None else
                                              "othername" if label in OTHER_NAME_LABELS else "other")
    f["lab_" + lab] = 1.0
    f["rel_" + rel] = 1.0
    f[f"lab_{lab}_{rel}"] = 1.0
    f["strength"] = strength
    f["strength_hi"] = float(strength >= 2.5)


def _context_features(f: dict[str, float], tk: _Toks, m: _Match, persons: set[str], lower_words: set[str]) -> None:
    """The cue, the name's form and the words around it."""
    cue = _cue(tk, m)
    f[f"cue{cue}"] = 1.0
    single = m.end - m.start == 1
    f["single"] = float(single)
    f["ntok"] = float(min(m.end - m.start, 4))
    text = tk.text[m.cs:m.ce]
    f["common"] = float(m.key in COMMON or m.key in lower_words)
    f["in_persons"] = float(text in persons)
    prev = _prev_words(tk, m.start, 1)
    f["title_before"] = float(bool(prev) and prev[0].rstrip(".") in TITLES and m.start > 0 and tk.cap[m.start - 1])
    f["sent_start"] = float(tk.sent[m.start])
    f["upper"] = float(text.isupper() and len(text) > 2)
    f["dateline"] = float(_in_dateline(tk, m))
    n = len(tk.texts)
    f["prev_cap"] = float(m.start > 0 and tk.cap[m.start - 1] and not tk.sent[m.start]
                          and tk.lower[m.start - 1] not in STOP_WORDS)
    f["next_cap"] = float(m.end < n and tk.cap[m.end] and tk.idx[m.end] == tk.end(m.end - 1) + 1)
    nxt = tk.lower[m.end].rstrip(".") if m.end < n else ""
    f["next_inst"] = float(nxt in INSTITUTION)
    f["next_org"] = float(nxt in ORG_SUFFIX)
    f["next_place_noun"] = float(nxt in PLACE_NOUNS or nxt in REGION_WORDS)
    f["next_after_cue"] = float(nxt in AFTER_CUE)
    f["next_comma"] = float(nxt == ",")
    prev2 = _prev_words(tk, m.start, 2)
    f["prev_of_place_noun"] = float(len(prev2) == 2 and prev2[0] == "of" and prev2[1] in PLACE_NOUNS)
    f["pair"] = float(m.pair_with is not None or bool(m.contained_by))
    f["list_cue"] = float(m.list_cue > 0)


def _namesake_features(f: dict[str, float], cands: tuple) -> None:
    """The gazetteer's namesakes: their kinds, how many, how large."""
    f["has_country"] = float(any(c.fcode in ("PCLI", "PCLH") for c in cands))
    f["has_adm1"] = float(any(c.fcode == "ADM1" for c in cands))
    f["has_adm2"] = float(any(c.fcode == "ADM2" for c in cands))
    f["has_water"] = float(any(c.feature_class == "H" for c in cands))
    f["has_area"] = float(any(c.feature_class in ("L", "T") or c.fcode == "CONT" for c in cands))
    f["only_alias"] = float(not any(c.is_name for c in cands))
    f["curated"] = float(any(c.curated for c in cands))
    f["log_cands"] = math.log1p(len(cands))
    f["log_pop"] = math.log10(max((c.population for c in cands), default=0) + 10) / 7.0


def _article_features(f: dict[str, float], m: _Match, verdict, label: str | None, strength: float,
                      mentions: Counter, rule_keys: set[str], article_ccs: Counter) -> None:
    """The rest of the article: the name's other mentions, and whether it names places in the name's
    countries (a name whose every namesake lies in a country the article does not otherwise name: an
    obscure namesake is unlikely — a company named after a person is no town in Brazil —, a capital is not)."""
    key = m.key.split("|")[0]
    f["log_mentions"] = math.log1p(mentions[key] - 1)
    f["rule_true_elsewhere"] = float(key in rule_keys and verdict is not True)
    total = sum(article_ccs.values())
    share = 0.0
    if total:
        ccs = {c.country_code for c in m.cands if c.country_code}
        share = max((article_ccs[cc] for cc in ccs), default=0) / total
    f["country_share"] = share
    alone = total >= 2 and share == 0.0
    f["alone_weak"] = float(alone and strength < 2.0)
    f["alone_strong"] = float(alone and strength >= 2.0)
    f["strength_x_person"] = strength * float(label == "PERSON")
    f["strength_x_org"] = strength * float(label in ("ORG", "FAC", "PRODUCT"))
