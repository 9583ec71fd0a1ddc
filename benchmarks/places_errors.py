#!/usr/bin/env python3
"""Places errors by class on the geoparsing corpora (issue 17's error breakdown), on a split of
``places_dev`` (tune on ``train``, report ``dev``): every missed gold place, every false positive and
every resolution miss (> 161 km) gets one class, so a change shows which class it moved.

Missed gold places (FN):
  demonym        a people's adjective or plural ('Syrian', 'Russians'; the project does not count them)
  state_abbrev   a US state's abbreviation ('Ga.', 'Calif.', 'N.Y.')
  facility       a street, building or facility (by its last word or the gold feature code)
  boundary       a predicted place overlaps the gold span (a multi-word name split or merged)
  rejected       the gazetteer matched exactly this span and the rules, the scorer or a guard dropped it
  unmatched_gaz  the gazetteer knows the name but no match had this span (lower case, inside a longer match)
  below_gaz_ner  no gazetteer entry; the NER model tagged it GPE/LOC/FAC
  below_gaz      no gazetteer entry and no place label
False positives (FP):
  boundary       overlaps a gold span with other bounds
  organisation   the NER entity over it is an ORG (or it opens an organisation's name)
  person         the NER entity over it is a PERSON
  demonym        a people's name (only with the demonyms setting)
  gold_gap       a country, first-level region or city over 100,000 the gold leaves out (annotation gap)
  other
Resolution misses (WRONG, > 161 km):
  level          country / region given for a town or the reverse
  namesake       another place of the same kind and name

    python benchmarks/places_errors.py [--split train|dev|all] [--corpora lgl,trnews,geovirus] [--out errs.tsv]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import places_dev  # noqa: E402

FACILITY_WORDS = {
    "street", "st", "st.", "road", "rd", "rd.", "avenue", "ave", "ave.", "boulevard", "blvd", "blvd.", "drive",
    "dr.", "lane", "ln.", "highway", "hwy", "hwy.", "parkway", "pkwy", "way", "court", "ct.", "place", "pl.",
    "school", "hospital", "center", "centre", "airport", "bridge", "hall", "building", "mall", "plaza", "station",
    "university", "college", "stadium", "church", "park", "square", "interstate", "route", "pike", "trail",
    "library", "museum", "prison", "jail", "base", "field", "arena", "hotel", "market", "tower", "terminal",
    "cemetery", "campus", "academy", "courthouse", "office", "house", "club", "plant", "mine", "port", "dam",
}
FACILITY_FCODES = {"BLDG", "RD", "ST", "SCH", "HSP", "AIRP", "AIRF", "BDG", "PRK", "CH", "STDM", "MALL", "RSTN",
                   "UNIV", "HTL", "MUS", "LIBR", "PRN", "CMTY", "CTRCM", "MKT", "TOWR", "PO", "AIRB", "MILB",
                   "INSM", "FT", "CSNO", "RECG", "GDN", "ZOO", "SQR", "OILR", "PS", "MFG", "DAM", "PRT"}
STATE_ABBREV = re.compile(r"^(?:[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.?|[A-Z]\.\s?[A-Z][a-z]\.?|[A-Z]{2})$")
LEVEL_BIG = {"PCLI", "PCLH", "PCL", "PCLD", "PCLF", "PCLS", "TERR", "ADM1", "CONT", "RGN"}


def run(name: str, split: str):
    """(docs, per doc: (Article, kept spans, predicted places)) with the extractor's own stages."""
    from newsgraph.extract import Context
    from newsgraph.extract.places import STAGES
    from newsgraph.extract.places.matching import _Article, _find_matches, _Toks
    from newsgraph.extract.places.outlet import outlet_country
    from newsgraph.gazetteer import get_gazetteer
    from newsgraph.record import Record
    from newsgraph.settings import Settings

    docs = places_dev.load(name, split)
    all_docs = places_dev.load(name, "all")
    sdocs, norms = places_dev.parsed(name, all_docs)
    idx = {d["id"]: i for i, d in enumerate(all_docs)}
    gaz = get_gazetteer()
    out = []
    for d in docs:
        sd = sdocs[idx[d["id"]]]
        ctx = Context(record=Record(id=d["id"], text=d["text"]), doc=sd, norm=norms[idx[d["id"]]])
        tk = _Toks(sd)
        a = _Article(tk, sd, gaz, ctx.settings if hasattr(ctx, "settings") else Settings(), _find_matches(tk, gaz))
        a.outlet_cc = outlet_country(d.get("url"))
        for stage in STAGES:
            stage(a)
        out.append((d, a))
    return out


def classify(name: str, d: dict, a, gaz, peoples) -> list[tuple]:
    from newsgraph.evaluate import km
    from newsgraph.gazetteer import name_key

    text = d["text"]
    gold = {(t["start"], t["end"]): t for t in d.get("toponyms") or d.get("places") or []}
    kept = {(m.cs, m.ce): m for m in a.kept if m.chosen is not None}
    matches = {(m.cs, m.ce): (m, v) for m, v in zip(a.matches, a.verdicts)}
    ent_at = {}
    for e in a.ents:
        ent_at[(a.tk.idx[e.start], a.tk.end(e.end - 1))] = e.label_
    tok_of = {}
    for i, s in enumerate(a.tk.idx):
        tok_of[s] = i

    def ent_over(s, e):
        i = tok_of.get(s)
        if i is None:
            # the first token starting inside
            i = next((j for j, x in enumerate(a.tk.idx) if s <= x < e), None)
        if i is None:
            return None
        en = a.ent_of[i]
        return en.label_ if en is not None else None

    def context(s, e):
        return (text[max(0, s - 40):s] + "[" + text[s:e] + "]" + text[e:e + 40]).replace("\n", " ").replace("\t", " ")

    rows = []
    for (s, e), g in gold.items():
        if (s, e) in kept:
            m = kept[(s, e)]
            c = m.chosen
            if g.get("lat") is None or (g.get("geonameid") and g.get("geonameid") == c.geonameid):
                continue
            dist = km(g["lat"], g["lon"], c.lat, c.lon)
            if dist <= 161:
                continue
            gbig, pbig = (g.get("fcode") or "") in LEVEL_BIG, c.fcode in LEVEL_BIG
            cls = "level" if gbig != pbig else "namesake"
            rows.append((name, d["id"], "WRONG", cls, s, e, text[s:e], context(s, e),
                         f"{c.name} {c.country_code} {c.fcode} vs {g.get('gaz_name')} {g.get('fcode')} {dist:.0f}km"))
            continue
        t = text[s:e]
        last = t.split()[-1].lower() if t.split() else ""
        lab = ent_over(s, e)
        if t in peoples or t.rstrip("s") in peoples or re.search(r"(ian|ean|ese|ish|ic|ans|ians|i)$", t) \
                and not gaz.lookup(t) and lab in ("NORP", None):
            cls = "demonym"
        elif STATE_ABBREV.match(t) and (g.get("fcode") in ("ADM1", None)):
            cls = "state_abbrev"
        elif last in FACILITY_WORDS or (g.get("fcode") or "") in FACILITY_FCODES:
            cls = "facility"
        elif any(ps < e and s < pe for (ps, pe) in kept):
            cls = "boundary"
        elif (s, e) in matches:
            m, v = matches[(s, e)]
            cls = "rejected"
            detail = f"verdict={v} lab={lab}"
            rows.append((name, d["id"], "FN", cls, s, e, t, context(s, e), detail))
            continue
        elif gaz.lookup(t) or gaz.lookup(name_key(t)):
            cls = "unmatched_gaz"
        elif lab in ("GPE", "LOC", "FAC"):
            cls = "below_gaz_ner"
        else:
            cls = "below_gaz"
        rows.append((name, d["id"], "FN", cls, s, e, t, context(s, e), f"lab={lab} fcode={g.get('fcode')}"))
    for (s, e), m in kept.items():
        if (s, e) in gold:
            continue
        t = text[s:e]
        lab = ent_over(s, e)
        c = m.chosen
        if any(gs < e and s < ge for (gs, ge) in gold):
            cls = "boundary"
        elif m in a.demonyms:
            cls = "demonym"
        elif lab == "ORG":
            cls = "organisation"
        elif lab == "PERSON":
            cls = "person"
        elif c.fcode in LEVEL_BIG or c.population >= 100_000:
            cls = "gold_gap"
        else:
            cls = "other"
        rows.append((name, d["id"], "FP", cls, s, e, t, context(s, e), f"{c.name} {c.country_code} {c.fcode} lab={lab}"))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train", choices=["all", "train", "dev"])
    ap.add_argument("--corpora", default="lgl,trnews,geovirus")
    ap.add_argument("--out")
    ap.add_argument("--json")
    args = ap.parse_args()
    from newsgraph.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    peoples = gaz.demonyms()
    rows = []
    for name in args.corpora.split(","):
        for d, a in run(name, args.split):
            rows += classify(name, d, a, gaz, peoples)
    counts = Counter((r[0], r[2], r[3]) for r in rows)
    table: dict = {}
    for (corpus, kind, cls), n in sorted(counts.items()):
        table.setdefault(corpus, {}).setdefault(kind, {})[cls] = n
    pooled = Counter((r[2], r[3]) for r in rows)
    table["pooled"] = {}
    for (kind, cls), n in sorted(pooled.items()):
        table["pooled"].setdefault(kind, {})[cls] = n
    for corpus, kinds in table.items():
        for kind, cls in kinds.items():
            print(f"{corpus:9} {kind:5} " + "  ".join(f"{k}={v}" for k, v in sorted(cls.items(), key=lambda x: -x[1])))
    if args.out:
        with open(args.out, "w") as f:
            for r in rows:
                f.write("\t".join(map(str, r)) + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
