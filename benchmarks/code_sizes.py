#!/usr/bin/env python3
"""The largest functions and modules, by lines, read with ``ast`` (no import, no execution).

    python benchmarks/code_sizes.py [PATH ...] [--top 15] [--max-function 80] [--max-module 700]

PATH defaults to the quote, date and entity extractors (src/newsgraph/extract/quotes*, dates*,
entities*). A function's size is its source lines from ``def`` (decorators excluded) to its last
line, nested functions included in their parent and also listed on their own. Prints the largest
functions and modules and how many exceed the limits; exits 0 (a report, not a gate) unless
``--strict`` is given.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "src" / "newsgraph" / "extract"
DEFAULT = [EXTRACT / "quotes", EXTRACT / "quotes.py", EXTRACT / "quotemarks.py", EXTRACT / "cues.py",
           EXTRACT / "dates.py", EXTRACT / "dates", EXTRACT / "entities.py", EXTRACT / "entities"]


def files(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(p.rglob("*.py"))
        elif p.suffix == ".py" and p.exists():
            out.append(p)
    return out


def functions(path: Path) -> list[tuple[int, str]]:
    """(lines, 'file:qualified.name') of every function and method in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[tuple[int, str]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                out.append((child.end_lineno - child.lineno + 1, name))
                walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")
            else:
                walk(child, prefix)

    walk(tree, "")
    return out


def rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--max-function", type=int, default=80)
    ap.add_argument("--max-module", type=int, default=700)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a limit is exceeded")
    args = ap.parse_args()
    paths = files(args.paths or DEFAULT)
    mods = sorted(((len(p.read_text(encoding="utf-8").splitlines()), rel(p)) for p in paths), reverse=True)
    funcs = sorted(((n, f"{rel(p)}:{name}") for p in paths for n, name in functions(p)), reverse=True)
    print(f"modules: {len(mods)}, {sum(n for n, _ in mods)} lines; functions: {len(funcs)}")
    print(f"\nlargest modules (limit {args.max_module}):")
    for n, name in mods[:args.top]:
        print(f"  {n:5d}  {name}")
    print(f"\nlargest functions (limit {args.max_function}):")
    for n, name in funcs[:args.top]:
        print(f"  {n:5d}  {name}")
    big_f = [x for x in funcs if x[0] > args.max_function]
    big_m = [x for x in mods if x[0] > args.max_module]
    print(f"\nover the limits: {len(big_f)} functions > {args.max_function} lines, "
          f"{len(big_m)} modules > {args.max_module} lines")
    return 1 if args.strict and (big_f or big_m) else 0


if __name__ == "__main__":
    sys.exit(main())
