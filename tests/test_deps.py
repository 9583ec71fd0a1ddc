"""A broken install stops newsgraph with the package and the fix; it never becomes per-document
failures (issue 15: with pip 23.2, lxml_html_clean was never installed and every HTML page was
recorded as bad input)."""
from __future__ import annotations

import pickle
import re
import sys
import tomllib

import pytest
from click.testing import CliRunner

from newsgraph import deps
from newsgraph.deps import Dep, MissingDependency

from conftest import ROOT

PAGE = ("<html><head><title>Bridge reopens</title></head><body><article>"
        "<p>The mayor of Kharkiv said on Monday that the bridge over the river would reopen next week.</p>"
        "<p>\u201cWe are ready,\u201d she told reporters in the city.</p></article></body></html>")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_required_table_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_norm(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    table = {_norm(d.package) for d in deps.REQUIRED}
    if sys.platform != "win32":
        assert table == declared
    assert "lxml-html-clean" in declared  # what pip 23.2 does not bring through lxml[html_clean]


def test_installed_here():
    assert deps.missing_required() == []
    deps.check_installed()


def test_missing_module_names_package_and_fix(monkeypatch):
    monkeypatch.setattr(deps, "REQUIRED", deps.REQUIRED + (Dep("no_such_module_xyz", "no-such-pkg", "a test"),))
    with pytest.raises(MissingDependency) as ei:
        deps.check_installed()
    msg = str(ei.value)
    assert "'no-such-pkg'" in msg and "pip install 'no-such-pkg'" in msg and "not installed" in msg


def test_cli_stops_at_start_up(monkeypatch, tmp_path):
    from newsgraph.cli import main

    monkeypatch.setattr(deps, "REQUIRED", deps.REQUIRED + (Dep("no_such_module_xyz", "no-such-pkg", "a test"),))
    f = tmp_path / "a.txt"
    f.write_text("The mayor said the bridge would reopen.")
    r = CliRunner().invoke(main, ["analyze", str(f)])
    assert r.exit_code == 1
    assert "no-such-pkg" in r.output and "pip install" in r.output
    assert '"quotes"' not in r.output  # nothing was analysed


def test_lxml_split_is_named_from_the_import_error():
    exc = ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\n"
                      "Install lxml[html-clean] or lxml_html_clean directly.")
    err = MissingDependency.from_import_error(exc)
    assert err.package == "lxml_html_clean"
    assert "pip install 'lxml_html_clean'" in str(err) and "\n" not in str(err)


def test_error_crosses_process_boundary_intact():
    err = MissingDependency("lxml_html_clean", "HTML cleaning", "lxml.html.clean moved")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is MissingDependency and str(back) == str(err) and back.package == "lxml_html_clean"


def _break_trafilatura(monkeypatch):
    # a package whose import fails the way trafilatura's did when lxml_html_clean was missing
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_broken_html_stack_is_not_a_bad_page(monkeypatch, tmp_path):
    from newsgraph.ingest import read_inputs

    good = tmp_path / "a.html"
    good.write_text(PAGE)
    _break_trafilatura(monkeypatch)
    with pytest.raises(MissingDependency, match="lxml_html_clean"):
        list(read_inputs([str(tmp_path)]))


def test_html_page_is_read_when_installed(tmp_path):
    from newsgraph.ingest import read_inputs
    from newsgraph.record import Article

    (tmp_path / "a.html").write_text(PAGE)
    items = list(read_inputs([str(tmp_path)]))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert "bridge over the river" in items[0].text


def test_doctor_reports_every_part():
    from newsgraph.cli import main

    r = CliRunner().invoke(main, ["doctor"])
    assert r.exit_code == 0, r.output
    for part in ("lxml_html_clean", "HTML extraction", "spaCy model", "gazetteer index", "ray", "chromium"):
        assert part in r.output
