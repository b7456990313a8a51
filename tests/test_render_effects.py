"""The engine resolves every change's final eId in one pass: the same answer as following each change
through every later renumbering, on the real templates, random renumbering edit lists and the benchmark's
synthetic text (read through `effects`, which adds the base provision a change concerns)."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from drafter.amend import Amendment, Change, apply_templates
from drafter.errors import DrafterError
from drafter.load import from_json
from drafter.options import combinations
from drafter.plan.changes import effects
from drafter.template import available, load_options, template_from_text
from render_cases import BASE, random_templates

ROOT = Path(__file__).resolve().parents[1]


def _moves(change: Change) -> dict[str, str]:
    """eId moves a renumber change makes: the provision and everything under it."""
    if change.kind != "renumber" or change.before is None or change.after is None:
        return {}
    return {old.eid: new.eid for old, new in zip(change.before.walk(), change.after.walk()) if old.eid != new.eid}


def quadratic_effects(amendment: Amendment) -> list[tuple]:
    """(index, final eId, base eId, author, option) of each change, written the direct way: each change
    followed through the renumberings of every later edit, the renumberings of one edit applied at once
    (V -> VI and VI -> VII, not V -> VI -> VII)."""
    changes = list(amendment.changes)
    steps: list[tuple[int, tuple[str, int], dict[str, str]]] = []  # (last change, edit, moves)
    for k, change in enumerate(changes):
        moved = _moves(change)
        if not moved:
            continue
        if steps and steps[-1][1] == (change.template, change.edit):
            steps[-1][2].update(moved)
            steps[-1] = (k, steps[-1][1], steps[-1][2])
        else:
            steps.append((k, (change.template, change.edit), dict(moved)))
    options = {t.id: t.option for t in amendment.templates}
    out = []
    for k, change in enumerate(changes):
        eid = None if change.kind == "repeal" else change.eid
        if eid is not None:
            for last, edit, later in steps:
                if last > k and not (change.kind == "renumber" and edit == (change.template, change.edit)):
                    eid = later.get(eid, eid)
            if eid not in amendment.amended:
                eid = None
        base = change.base_eid if change.base_eid and change.base_eid in amendment.base else None
        if base is None and eid is not None:
            base = amendment.base_eid_of(eid) if change.kind in ("substitute", "replace", "renumber") else None
        out.append((k, eid, base, change.template, options.get(change.template, "")))
    return out


def _same(amendment: Amendment) -> None:
    got = [(e.index, e.final_eid, e.base_eid, e.author, e.option) for e in effects(amendment)]
    want = quadratic_effects(amendment)
    assert got == want


def test_effects_of_every_combination_of_the_project_templates_are_unchanged():
    for combo in combinations(load_options(list(available()))):
        _same(apply_templates(BASE, combo))


def test_effects_of_many_edit_lists_that_renumber_are_unchanged():
    rng = random.Random(13)
    renumbering = 0
    for _ in range(150):
        try:
            amendment = apply_templates(BASE, random_templates(rng, n_edits=40))
        except DrafterError:
            continue
        renumbering += any(c.kind == "renumber" for c in amendment.changes)
        _same(amendment)
    assert renumbering >= 20  # the cases that matter: changes moved by later renumberings


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


@pytest.mark.parametrize("factor", [10])
def test_effects_on_the_benchmark_synthetic_text_are_unchanged(factor):
    bench = _bench()
    data = json.loads((ROOT / "constitution" / bench.EDITION / "constitution.json").read_text(encoding="utf-8"))
    big = bench.synthesize(data, factor)
    base = from_json(big, "synthetic", checked=True)
    template = template_from_text(bench.synthetic_template(big, factor), "synthetic.yaml")
    amendment = apply_templates(base, [template])
    assert len(amendment.changes) >= 20 * factor
    _same(amendment)
