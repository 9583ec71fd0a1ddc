"""``newsgraph eval quotes|places|events GOLD.jsonl``: score the pipeline (or saved predictions) against gold."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click


def _load(gold: str, pred: str | None, save: str | None):
    from newsgraph.evaluate import load_jsonl, predict

    try:
        gold_docs = load_jsonl(gold)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{gold}: cannot read gold JSONL ({exc})")
    if pred:
        try:
            pred_docs = load_jsonl(pred)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{pred}: cannot read predictions JSONL ({exc})")
    else:
        from newsgraph.cli import run_settings

        pred_docs = predict(gold_docs, progress=True, settings=run_settings())
        if save:
            Path(save).write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in pred_docs),
                                  encoding="utf-8")
    return gold_docs, pred_docs


_common = [
    click.argument("gold", type=click.Path(exists=True, dir_okay=False)),
    click.option("--pred", type=click.Path(exists=True, dir_okay=False),
                 help="Score these predictions (newsgraph JSONL) instead of running the pipeline."),
    click.option("--save", type=click.Path(dir_okay=False), help="Write the pipeline's predictions here."),
    click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON."),
]


def common(fn):
    for deco in reversed(_common):
        fn = deco(fn)
    return fn


@click.group("eval")
def eval_group() -> None:
    """Score extraction against gold data (same metrics as the shared reference scorer)."""


@eval_group.command("quotes")
@common
@click.option("--subset", type=click.Choice(["all", "direct", "indirect", "mixed"]), default="all", show_default=True)
@click.option("--speech-cues", is_flag=True, help="Only gold quotes whose cue is a plain speech verb.")
def eval_quotes(gold, pred, save, as_json, subset, speech_cues):
    """Quote content P/R/F1 (lenient, exact), speaker mention and resolved-name accuracy."""
    from newsgraph.evaluate import score_quotes

    gold_docs, pred_docs = _load(gold, pred, save)
    s = score_quotes(gold_docs, pred_docs, subset=subset, speech_cues=speech_cues)
    if as_json:
        click.echo(json.dumps(asdict(s)))
        return
    click.echo(f"docs={s.docs} missing_pred_docs={s.missing_docs} gold_quotes={s.gold} pred_quotes={s.pred}")
    click.echo(f"content lenient P/R/F1 = {s.lenient_p:.3f} / {s.lenient_r:.3f} / {s.lenient_f1:.3f}")
    click.echo(f"content exact   F1 = {s.exact_f1:.3f}")
    click.echo(f"speaker mention accuracy on matched = {s.speaker_acc:.3f} (n={s.speaker_n})")
    click.echo(f"resolved speaker name accuracy on matched = {s.name_acc:.3f} (n={s.name_n})")
    click.echo(s.summary(subset))


@eval_group.command("places")
@common
def eval_places(gold, pred, save, as_json):
    """Toponym recognition P/R/F1 (exact and overlap spans) and resolution Acc@161 km."""
    from newsgraph.evaluate import score_places

    gold_docs, pred_docs = _load(gold, pred, save)
    s = score_places(gold_docs, pred_docs)
    if as_json:
        click.echo(json.dumps(asdict(s)))
        return
    click.echo(f"docs={s.docs} missing_pred_docs={s.missing_docs} gold_toponyms={s.gold} pred_places={s.pred}")
    click.echo(f"recognition exact P/R/F1 = {s.exact_p:.3f} / {s.exact_r:.3f} / {s.exact_f1:.3f}")
    click.echo(f"recognition overlap F1 = {s.overlap_f1:.3f}")
    click.echo(f"resolution Acc@161 on recognised = {s.acc161:.3f} (n={s.resolved_n})")
    click.echo(s.summary())


@eval_group.command("events")
@common
@click.option("--out", "out", type=click.Path(dir_okay=False),
              help="Write the pipeline's predictions here (same as --save).")
def eval_events(gold, pred, save, as_json, out):
    """Event actors (exact and overlap F1), pentaclass macro-F1, PLOVER accuracy, ACLED sub-event
    type weighted F1 and false alarms (Multi-CoPED, PLOVER records, or an ACLED-typed gold set)."""
    from newsgraph.evaluate import score_events

    gold_docs, pred_docs = _load(gold, pred, save or out)
    s = score_events(gold_docs, pred_docs)
    if as_json:
        click.echo(json.dumps(asdict(s)))
        return
    click.echo(f"docs={s.docs} missing_pred_docs={s.missing_docs}")
    if s.actor_f1 is not None:
        click.echo(f"source exact P/R/F1 = {s.src_p:.3f} / {s.src_r:.3f} / {s.src_f1:.3f}")
        click.echo(f"target exact P/R/F1 = {s.tgt_p:.3f} / {s.tgt_r:.3f} / {s.tgt_f1:.3f}")
    if s.penta_f1 is not None:
        click.echo(f"pentaclass macro-F1 = {s.penta_f1:.3f} over {s.penta_n} sentences")
    if s.plover_acc is not None:
        click.echo(f"PLOVER type accuracy = {s.plover_acc:.3f} over {s.plover_n} sentences")
    if s.acled_wf1 is not None:
        click.echo(f"ACLED sub-event type weighted F1 = {s.acled_wf1:.3f}, accuracy {s.acled_acc:.3f} "
                   f"over {s.acled_n} lines")
    if s.other_n:
        click.echo(f"lines with no ACLED type that got one: {s.other_alarm}/{s.other_n}")
    click.echo(s.summary())
