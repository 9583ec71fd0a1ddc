"""``newsgraph statements``: one speaker's words across outlets (issue 19), most independent reports
first; ``--id N`` shows one statement's timeline of outlets; ``--disagreements`` lists where sources
disagree; ``--rebuild`` builds statements and copies again from the whole archive."""
from __future__ import annotations

import click

from newsgraph.cli.corpus import DB_OPTION, _date, _emit, _fmt_options, _open, _short
from newsgraph.inert import json_for_terminal


@click.command()
@click.argument("query", required=False)
@DB_OPTION
@click.option("--speaker", help="Speaker name (any spelling, part of it) or id.")
@click.option("--since", callback=_date, help="First seen on or after YYYY[-MM[-DD]].")
@click.option("--until", callback=_date, help="First seen on or before YYYY[-MM[-DD]].")
@click.option("--min-outlets", type=click.IntRange(0, None), help="At least this many independent reports.")
@click.option("--id", "statement_id", type=int, help="One statement with every outlet that carried it.")
@click.option("--disagreements", is_flag=True, help="Where sources disagree (speakers, figures).")
@click.option("--rebuild", is_flag=True, help="Build statements and copies again from the whole archive.")
@_fmt_options
def statements(query, db, speaker, since, until, min_outlets, statement_id, disagreements, rebuild, limit, offset,
               as_json, as_csv) -> None:
    """Statements: quotes by one speaker with the same (or near-identical) words, with the outlets that
    carried them; copies of one report count once. QUERY: words in the statement."""
    from newsgraph.store import statement_queries as SQ

    if rebuild:
        from newsgraph.store import StoreError, connect
        from newsgraph.store.statements import rebuild_statements

        try:
            conn = connect(db)
            counts = rebuild_statements(conn)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{counts['sketched']:,} articles sketched, {counts['assigned']:,} quotes assigned, "
                   f"{counts['recounted']:,} statements counted", err=True)
        return
    conn = _open(db)
    if statement_id is not None:
        s = SQ.get_statement(conn, statement_id)
        if s is None:
            raise click.ClickException(f"no statement {statement_id} in {db}")
        if as_json:
            click.echo(json_for_terminal(s, indent=2))
            return
        rows = [dict(t, first="first" if t["first"] else "", copy_of=t["copy_of"] or "") for t in s["timeline"]]
        _emit(rows, [("published", "date"), ("outlet", "outlet"), ("first", ""), ("copy_of", "copy of"),
                     ("article_id", "article"), ("content", "as quoted")], as_json=False, as_csv=as_csv,
              title=f"“{_short(100)(s['content'])}” — {s['speaker']['name']}: {s['independent_reports']} independent"
                    f" report(s)", empty="", render={"content": _short(120)})
        return
    if disagreements:
        out = {"speakers": SQ.speaker_disagreements(conn), "figures": SQ.figure_disagreements(conn)}
        if as_json or as_csv:
            click.echo(json_for_terminal(out, indent=2))
            return
        rows = [{"kind": "speakers", "what": d["content"],
                 "sources": "; ".join(f"{s['speaker']['name']} ({', '.join(s['outlets'])})" for s in d["statements"])}
                for d in out["speakers"]]
        rows += [{"kind": "figures", "what": f"{d['thing']} · {d['place']} · {d['day']}",
                  "sources": "; ".join(f"{f['number']} ({f['outlet']}, {f['article_id']})" for f in d["sources"])}
                 for d in out["figures"]]
        _emit(rows, [("kind", "kind"), ("what", "what"), ("sources", "sources")], as_json=False, as_csv=False,
              title="disagreements", empty="no disagreements found", render={"what": _short(100)})
        return
    total, rows = SQ.list_statements(conn, SQ.StatementFilter(speaker=speaker, q=query, since=since, until=until,
                                                              min_outlets=min_outlets, limit=limit, offset=offset))
    if not (as_json or as_csv):
        rows = [dict(r, who=r["speaker"]["name"], n_outlets=len(r["outlets"])) for r in rows]
    _emit(rows, [("id", "id"), ("first_seen", "first seen"), ("who", "speaker"), ("content", "statement"),
                 ("independent_reports", "reports"), ("n_outlets", "outlets"), ("first_outlet", "first by")],
          as_json=as_json, as_csv=as_csv, title=f"statements {offset + 1}–{offset + len(rows)} of {total}" if rows else "",
          empty="no statements match", render={"content": _short(140)})
