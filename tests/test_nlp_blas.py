"""The models multiply with numpy's BLAS (newsgraph.nlp.use_numpy_blas), on one thread while parsing."""
from __future__ import annotations

import numpy
import pytest
import spacy
from threadpoolctl import threadpool_info

from newsgraph.nlp import DEFAULT_MODELS, _numpy_blas, load_model, one_blas_thread, use_numpy_blas

needs_optimised_blas = pytest.mark.skipif(_numpy_blas() is None, reason="numpy's BLAS is not OpenBLAS or MKL")


def _blas_threads() -> list[int]:
    """Threads of numpy's own BLAS (another library loaded later, e.g. scipy's copy, is not ours to limit)."""
    ours = {c.filepath for c in _numpy_blas().lib_controllers}
    return [lib["num_threads"] for lib in threadpool_info() if lib["filepath"] in ours]


@needs_optimised_blas
def test_loaded_models_multiply_with_numpy_blas():
    nlp = load_model()
    for name in ("tok2vec", "tagger", "parser", "ner"):
        ops = [node.ops for node in nlp.get_pipe(name).model.walk()]
        assert ops and all(getattr(o, "use_blis", True) is False for o in ops), name


@needs_optimised_blas
def test_one_blas_thread_inside_and_restored_after():
    before = _blas_threads()
    assert before
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


@needs_optimised_blas
def test_same_parse_with_either_blas():
    """The stock pipeline (BLIS) and the same pipeline on numpy's BLAS read a dateline sentence alike."""
    text = ("KYIV, March 14 (Reuters) - Ukraine's foreign minister Dmytro Kuleba said on Tuesday that "
            "Russian forces had shelled the southern city of Kherson overnight, killing two civilians.")
    name = next(n for n in DEFAULT_MODELS if spacy.util.is_package(n))
    stock, ours = spacy.load(name), spacy.load(name)
    assert use_numpy_blas(ours)
    a = stock(text)
    with one_blas_thread():
        b = ours(text)
    assert [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in a] == \
        [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in b]
    assert numpy.allclose(a.tensor, b.tensor, atol=1e-4)


def test_without_threadpoolctl_the_models_keep_blis(monkeypatch):
    """An environment made before threadpoolctl became a dependency still analyses (with BLIS)."""
    import sys

    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # import fails
    _numpy_blas.cache_clear()
    try:
        name = next(n for n in DEFAULT_MODELS if spacy.util.is_package(n))
        nlp = spacy.load(name)
        assert use_numpy_blas(nlp) is False
        assert all(getattr(node.ops, "use_blis", True) for node in nlp.get_pipe("tok2vec").model.walk())
        with one_blas_thread():
            assert nlp("Kyiv said on Tuesday.")[0].tag_ == "NNP"
    finally:
        monkeypatch.undo()
        _numpy_blas.cache_clear()
