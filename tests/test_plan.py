"""One change plan per amendment: the analysis a draft's writers read is made once, not once per writer."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

import drafter.draft  # noqa: F401  (every module that holds the functions counted below)
import drafter.procedure.ballot  # noqa: F401
import drafter.plan.blocks as blocks
import drafter.plan.changes as changes
import drafter.plan.statements as statements
import drafter.render.synoptic  # noqa: F401  (its row alignment is counted apart)
from drafter.amend import apply_templates
from drafter.draft import draft
from drafter.load import load_edition
from drafter.plan import plan_of
from drafter.template import load_options

OPTIONS = ["enhanced-local", "antiquities-authority"]


@pytest.fixture
def calls(monkeypatch) -> Counter:
    """How often each step of the analysis runs, wherever in drafter it is called from. The alignment
    of a synoptic row's few blocks is counted apart from that of whole texts (`align@synoptic`)."""
    counted = Counter()

    def counting(name, fn):
        def wrapper(*args, **kwargs):
            counted[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    steps = {"effects": changes.effects, "text_blocks": blocks.text_blocks, "align": blocks.align,
             "plan_statements": statements.plan_statements}
    for modname, module in list(sys.modules.items()):
        if not modname.startswith("drafter") or module is None:
            continue
        for name, fn in steps.items():
            if getattr(module, name, None) is fn:
                label = "align@synoptic" if modname == "drafter.render.synoptic" else name
                monkeypatch.setattr(module, name, counting(label, fn))
    return counted


def test_a_draft_makes_each_step_of_the_analysis_once_per_amendment_and_scope(tmp_path, calls):
    draft(OPTIONS, tmp_path, date="2026-01-01")
    # The affected chapters and the whole text (where the act and the table place their points):
    # the blocks of both texts and their alignment once for each.
    assert (calls["effects"], calls["plan_statements"]) == (1, 1)
    assert (calls["text_blocks"], calls["align"]) == (4, 2)


def test_a_full_draft_shows_the_whole_text_so_blocks_and_alignment_are_made_once(tmp_path, calls):
    draft(OPTIONS, tmp_path, date="2026-01-01", scope="full")
    assert (calls["effects"], calls["plan_statements"], calls["text_blocks"], calls["align"]) == (1, 1, 2, 1)


def test_a_draft_comparing_alternatives_makes_one_plan_for_each(tmp_path, calls):
    draft(["enhanced-local", "municipal", "antiquities-authority"], tmp_path, date="2026-01-01", compare=True)
    assert (calls["effects"], calls["text_blocks"], calls["align"]) == (2, 8, 4)


def test_a_plan_shown_for_other_units_shares_the_analysis_already_made(calls):
    amendment = apply_templates(load_edition(), load_options(OPTIONS))
    whole = plan_of(amendment)
    units = whole.affected_units
    part = whole.scoped(units)
    assert part.effects is whole.effects and part.attribution is whole.attribution
    assert part.whole_pairs is whole.pairs and part.units == units
    assert part.statements() is whole.statements()
    assert (calls["effects"], calls["plan_statements"]) == (1, 1)


def test_the_plan_gives_what_each_step_gives_alone():
    amendment = apply_templates(load_edition(), load_options(OPTIONS))
    plan = plan_of(amendment)
    units = plan.affected_units
    scoped = plan.scoped(units)
    assert [e.final_eid for e in plan.effects] == [e.final_eid for e in changes.effects(amendment)]
    assert scoped.base_blocks == blocks.text_blocks(amendment.base, units)
    assert scoped.pairs == blocks.align(blocks.text_blocks(amendment.base, units),
                                        blocks.text_blocks(amendment.amended, units), amendment.renumbered)
    assert [[s.text for s in p] for p in plan.statements()] == \
        [[s.text for s in p] for p in statements.plan_statements(plan_of(amendment))]


def test_the_plan_is_pure_importing_it_loads_neither_python_docx_nor_lxml():
    code = ("import importlib, pkgutil, sys, drafter.plan\n"
            "for m in pkgutil.iter_modules(drafter.plan.__path__): importlib.import_module('drafter.plan.' + m.name)\n"
            "assert not any(m.startswith(('docx', 'lxml')) for m in sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
