"""Property-based tests of the JSON API against its own OpenAPI schema (schemathesis, in-process over
ASGI): no 500 for any generated input, responses conform to the documented status codes, content
types and schemas. Bounded examples per operation, so it runs in well under a minute."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from newsgraph.web import create_app  # noqa: E402
from newsgraph.web.samples import build_sample_db  # noqa: E402

EXAMPLES = 30


def _build_app():
    # Built at import: schemathesis.pytest.from_fixture does not work with this pytest (9.x).
    tmp = Path(tempfile.mkdtemp(prefix="newsgraph-st-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    return create_app(build_sample_db(tmp / "st.db"))


schema = schemathesis.openapi.from_asgi("/api/openapi.json", _build_app())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
