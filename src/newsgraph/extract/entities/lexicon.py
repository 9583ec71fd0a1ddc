"""The words the entity pass types names and finds descriptors by."""
from __future__ import annotations

import re

from newsgraph.extract.speakers import PERSON_NOUNS

TYPE_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC"}
TITLES = {"mr", "mrs", "ms", "dr", "president", "sen", "senator", "gov", "governor", "rep", "representative",
          "gen", "general", "col", "colonel", "lt", "sgt", "capt", "captain", "prof", "professor", "judge",
          "justice", "rev", "secretary", "minister", "prime", "chancellor", "vice", "speaker", "mayor", "sir",
          "lady", "lord", "pope", "king", "queen", "prince", "princess", "former", "candidate", "nominee",
          "commander", "chief", "ambassador", "spokesman", "spokeswoman", "sergeant", "lieutenant", "major",
          "private", "corporal", "lt.", "maj", "adm", "admiral", "attorney", "reverend", "father", "sister",
          "the", "a", "an", "president-elect"}
# titles written before a person's surname alone ('General Mbuyi', 'Mr. Bahati')
PERSON_TITLES = TITLES - {"the", "a", "an", "former", "prime", "vice", "candidate", "nominee", "chief", "private"}
# titles that say what a person does (not 'Mr', 'Dr'): a descriptor when written before the name
RANKS = (TITLES - {"mr", "mrs", "ms", "dr", "sir", "lady", "lord", "the", "a", "an", "former", "prime", "vice",
                   "father", "sister", "rev", "reverend", "candidate", "nominee"}) \
    | {"mp", "mep", "lawmaker", "deputy", "envoy", "prosecutor", "ombudsman", "premier"}
# verbs of a relative clause that give a role: 'who commands a drone unit', 'who heads the council'
ROLE_VERBS = {"command", "lead", "head", "run", "chair", "oversee", "represent", "direct", "manage", "found"}
UNIT_WORDS = re.compile(r"\b(Brigade|Battalion|Regiment|Division|Corps|Squadron|Platoon|Company|Legion|Army|"
                        r"Guard|Fleet|Battery)\b")
# the last word of a name that makes it an institution's or a building's, not a person's
FACILITY_WORDS = {"hospital", "clinic", "school", "university", "college", "academy", "institute", "airport",
                  "station", "stadium", "mosque", "church", "cathedral", "synagogue", "bridge", "plant", "centre",
                  "center", "museum", "library", "prison", "foundation", "hotel", "market", "dam", "port"}
TIME_ZONES = {"GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "MSK", "EST", "EDT", "PST", "PDT", "CST", "CDT"}
STOP_NAME_PARTS = {"The", "A", "An", "New", "North", "South", "East", "West", "Jr", "Jr.", "Sr", "Sr.", "II",
                   "III", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr."}
COPULA = {"is", "was", "are", "were", "'s", "remains", "remained", "became", "becomes"}
# head nouns of a description that make a one-word 'person' an organisation
ORG_NOUNS = {"operator", "company", "agency", "ministry", "group", "network", "service", "firm", "provider",
             "utility", "broadcaster", "committee", "council", "office", "department", "organisation",
             "organization", "monitor", "watchdog", "body", "authority", "regulator", "manufacturer", "producer",
             "bank", "party", "union", "movement", "institute", "outlet", "newspaper", "channel", "airline",
             "carrier", "maker", "giant", "conglomerate", "charity", "ngo", "militia", "faction"}
AS_VERBS = {"serves", "served", "serving", "works", "worked", "working", "acts", "acted", "acting"}

# nouns that make an apposition describe a person ("Oksana, a teacher from Kramatorsk,")
_PERSON_NOUNS = PERSON_NOUNS | RANKS
_PLACE_PREPS = {"in", "near", "outside", "into", "across", "towards", "toward", "around"}
_PLACE_NOUNS = {"town", "city", "village", "region", "province", "capital", "oblast", "district", "port"}
_INITIALS_SKIP = {"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "al", "el"}
