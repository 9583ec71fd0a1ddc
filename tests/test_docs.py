"""The documentation keeps up with the code: every command and every setting is in the README."""
from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import ROOT
from newsgraph.cli import COMMANDS, main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    missing = [name for name in COMMANDS if f"newsgraph {name}" not in README]
    assert not missing, f"README.md does not mention: {missing}"


def test_every_command_loads_and_has_help():
    runner = CliRunner()
    listed = runner.invoke(main, ["--help"]).output
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\b", listed, re.M), f"`newsgraph {name}` is not available"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, name


def test_every_setting_is_documented():
    from newsgraph.settings import TABLE

    conf = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing = [s.name for s in TABLE if f"`{s.name}`" not in conf or f"`{s.env}`" not in conf]
    assert not missing, f"README.md's Configuration does not document: {missing}"
    starred = {m for m in re.findall(r"^\| `(\w+)` \(`NEWSGRAPH_\w+`\) \*", conf, re.M)}
    assert starred == {s.name for s in TABLE if s.changes_output}


def test_every_environment_setting_is_documented():
    used = set()
    for path in (ROOT / "src" / "newsgraph").rglob("*.py"):
        used |= set(re.findall(r"NEWSGRAPH_[A-Z_]+", path.read_text(encoding="utf-8")))
    missing = sorted(v for v in used if v not in README)
    assert not missing, f"README.md does not document: {missing}"


def test_readme_has_exactly_the_two_setup_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert len(blocks) == 2
    assert "newsgraph demo" in blocks[0] and "pytest" in blocks[1]


def test_ci_runs_the_readme_commands_first_verbatim():
    """CI must run what a new user runs: the README's two commands, exactly, before anything else
    (no pip upgrade first: the pip that `python3 -m venv` brings is what users have)."""
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b.strip() for b in re.findall(r"```bash\n(.*?)```", quick, re.S)]
    lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [ln for ln in lines if ln and not ln.startswith("#") and not ln.startswith(("set ", "cd ", "export "))]
    assert commands[:2] == blocks


def test_architecture_page_names_every_package_and_module():
    """docs/architecture.md has a word on every package and top-level module of src/newsgraph."""
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    pkg = ROOT / "src" / "newsgraph"
    parts = [p.name + "/" for p in pkg.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    parts += [p.name for p in pkg.glob("*.py") if p.name != "__init__.py"]
    missing = sorted(x for x in parts if f"`{x}`" not in page and f"**`{x}`**" not in page)
    assert not missing, f"docs/architecture.md does not mention: {missing}"
