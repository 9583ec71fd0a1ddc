"""The learned parts of event extraction: who acted on whom, and what kind of event it was.

Four functions, each reading only the parse ``analyze`` already made (no second spaCy pass, no
lemmatizer, no tensor, no network), each linear in the sentence's tokens:

- ``main_trigger(sent)``: the sentence's main event word (the token whose event the sentence reports).
- ``find_actors(doc, sent, trigger)``: the (start, end) character spans of the event's source and
  target, or None for either.
- ``pentaclass(sent, trigger=None)``: statement | verbal_cooperation | material_cooperation |
  verbal_conflict | material_conflict.
- ``plover_type(sent, trigger=None)``: one of the 18 PLOVER types of the gold-standard records.

Actors are chosen among candidate noun-phrase spans (for each nominal head: its left part, its whole
subtree, the subtree cut before a relative clause, the head with its first prepositional phrase, with
or without the leading article, and each named entity) by a multinomial logistic regression over named
features of the span and of its place in the parse relative to the trigger (dependency path, governor,
preposition, position, span shape). The best-scoring source above a threshold, then the best target
not overlapping it, are returned. Classes come from a second logistic regression over the trigger's
word, its object and complement, and the hits of a verb and noun lexicon written from PLOVER's own
type definitions (``model_lexicon.tsv``); the PLOVER type is the lexicon's, with the regression's
pentaclass breaking ties. Weights ship as JSON beside this module (``model_actors.json``,
``model_classes.json``), trained by ``benchmarks/train_event_models.py`` on Multi-CoPED train only;
numpy and scikit-learn are not needed to run them.

Words are compared through ``stem``, a small suffix stripper (the fast annotator runs no lemmatizer):
'agreed', 'agrees' and 'agreeing' all become 'agre'; training and inference use the same function.
A sentence is read once into a ``View`` (plain lists from one ``Doc.to_array`` per doc), shared by the
four functions while the same sentence is asked about.

Measured (benchmarks/score_event_models.py with ../shared/tools/score_events.py; one event a line):
Multi-CoPED test actor exact F1 0.706 (source 0.851, target 0.560; overlap 0.776), pentaclass
macro-F1 0.721; PLOVER gold records type accuracy 0.606 (never trained on). Cross-validation on
Multi-CoPED train: actors 0.735; pentaclass 0.867, and 0.783 when every trigger word of a fold is
unseen in training. Cost: about 0.13 of `analyze`'s CPU when all four run on every sentence of the war
set (benchmarks/bench_event_models.py).

Session 11 (class features ``CLASS_FEATURE_RULES``, balanced class weights, CAMEO words added to the
lexicon, retrained; the pentaclass rules ``classes.PENTACLASS_RULES`` and the PLOVER rules
``plover.PLOVER_RULES`` / ``PICK_RULES`` written from the CAMEO and PLOVER codebooks): cross-validation
on train actors 0.734, pentaclass 0.888 (every trigger word unseen: 0.805), with the pentaclass rules
0.905 (0.870; rules designed on train errors, so optimistic); through ``newsgraph eval events``
Multi-CoPED test actor F1 0.694, pentaclass 0.752, PLOVER records 0.680.

Session 13 (actor features crossing the trigger's lexicon PLOVER type with the path and the
preposition; partitive nouns; PLOVER rules and lexicon rows from the manual's modes, word lists in
``plover_words.tsv``; retrained with ``python benchmarks/train_event_models.py --C-actors 0.3``): model
CV actors 0.740, pentaclass unseen-trigger 0.805; whole-pipeline CV on train (``cv_event_pipeline.py``)
actor F1 0.715 -> 0.727, pentaclass 0.897 -> 0.902; Multi-CoPED test actor F1 0.701, pentaclass 0.753,
PLOVER records 0.686.

The package holds one module per part: ``words`` (stem, reporting verbs, ``main_trigger``), ``view``
(``View``), ``linear`` (``Linear`` and the weights' paths), ``features`` (the lexicon and its hits),
``actors``, ``classes`` (pentaclass) and ``plover``; every public name is re-exported here.
"""
from __future__ import annotations

# The modules, one per part (their public names are re-exported here, as before the split):
#   words (stem, reporting verbs, main_trigger), view (View), linear (Linear, weights' paths),
#   features (the lexicon and its hits), actors (candidates, features, find_actors),
#   classes (pentaclass), plover (plover_type).
from newsgraph.extract.events.models.actors import *  # noqa: F401,F403
from newsgraph.extract.events.models.actors import ActorSpan, _clause_path, _path_up  # noqa: F401
from newsgraph.extract.events.models.classes import *  # noqa: F401,F403
from newsgraph.extract.events.models.classes import _pentaclass_of  # noqa: F401
from newsgraph.extract.events.models.features import *  # noqa: F401,F403
from newsgraph.extract.events.models.features import _CHAIN_DEPS, _MODAL, _NEG, _event_words  # noqa: F401
from newsgraph.extract.events.models.linear import *  # noqa: F401,F403
from newsgraph.extract.events.models.linear import _load  # noqa: F401
from newsgraph.extract.events.models.plover import *  # noqa: F401,F403
from newsgraph.extract.events.models.plover import _PLOVER_OF_PENTA, _is_future  # noqa: F401
from newsgraph.extract.events.models.view import *  # noqa: F401,F403
from newsgraph.extract.events.models.view import _doc_lists  # noqa: F401
from newsgraph.extract.events.models.words import *  # noqa: F401,F403
from newsgraph.extract.events.models.words import _is_reporting  # noqa: F401
