"""The amending act, read literally, gives exactly the amended text.

`support/act_reader.py` reads the rendered amending-act.docx back, carries out every
instruction on the current text and the result is compared with the amended text line
by line: over every template alone, every alternative with all the add-ons it admits,
and seeded random templates (a failure names its seed).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from drafter.amend import apply_options, apply_templates
from drafter.draft import draft
from drafter.errors import DrafterError
from drafter.render import render_act
from drafter.template import available, load_template
from render_cases import BASE, DATE, random_templates
from support.act_reader import ActError, execute, printed, tree_of

RANDOM_CASES = 200


def mismatch(amendment, act: bytes | None = None) -> str | None:
    """None if the act (rendered from `amendment` unless given) executes to the amended text, else
    what went wrong first."""
    act = act if act is not None else render_act(amendment, date=DATE)
    skipped: list[str] = []
    try:
        got = printed(execute(act, amendment.base, skipped))
    except ActError as exc:
        return f"cannot be carried out: {exc}"
    want = printed(tree_of(amendment.amended))
    if got == want:
        return None
    k = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return (f"line {k}: the act gives {got[k] if k < len(got) else '(end)'!r}\n"
            f"          amended text {want[k] if k < len(want) else '(end)'!r}"
            + "".join(f"\n          skipped {s}" for s in skipped))


def real_cases() -> list[list[str]]:
    """Every template alone (an add-on with the first alternative it admits), and every
    alternative with all the add-ons it admits."""
    loaded = {name: load_template(path) for name, path in available().items()}
    alternatives = [t for t in loaded.values() if t.kind == "alternative"]
    addons = [t for t in loaded.values() if t.kind != "alternative"]
    ok = lambda t, chosen: all(set(need) & chosen for need in t.requires) and \
        not any(c in t.excludes for c in chosen)
    cases = [[t.id] for t in alternatives]
    for t in addons:
        partner = next((a for a in alternatives if ok(t, {a.id, t.id})), None)
        cases.append([partner.id, t.id] if partner else [t.id])
    for alt in alternatives:
        chosen = [alt.id] + [t.id for t in addons if ok(t, {alt.id, t.id})]
        if len(chosen) > 1:
            cases.append(chosen)
    return cases


@pytest.mark.parametrize("names", real_cases(), ids="+".join)
def test_the_act_of_a_real_draft_executes_to_the_amended_text(names, tmp_path):
    written = draft(names, tmp_path / "draft", date=DATE)  # the amending-act.docx a user gets
    act = (tmp_path / "draft" / "amending-act.docx").read_bytes()
    assert "amending-act.docx" in [Path(f).name for f in written.files]
    problem = mismatch(apply_options(names), act)
    assert problem is None, problem


def test_the_act_of_random_templates_executes_to_the_amended_text():
    started, ran, failures = time.monotonic(), 0, []
    for seed in range(RANDOM_CASES):
        try:
            amendment = apply_templates(BASE, random_templates(random.Random(seed), wording=True))
        except DrafterError:
            continue  # random edits that do not apply are the engine tests' business
        ran += 1
        problem = mismatch(amendment)
        if problem:
            failures.append(f"seed {seed}: {problem}")
    print(f"\nexecutable act: {ran} random drafts applied of {RANDOM_CASES} seeds, {len(failures)} mismatches, "
          f"{time.monotonic() - started:.1f} s")
    assert ran >= RANDOM_CASES * 0.8
    assert not failures, "\n".join(failures[:10])


def test_the_reader_catches_an_act_that_says_something_else():
    amendment = apply_options(["municipal"])
    act = render_act(amendment, date=DATE)
    root = execute(act, amendment.base)
    root.children[-1].children.pop()  # as if the act had forgotten its last addition
    assert printed(root) != printed(tree_of(amendment.amended))


@pytest.mark.parametrize("instruction, problem", [
    ("In part III of Article 25, the word \u201cnational\u201d shall be replaced by the word \u201cethnic\u201d.",
     "as whole words"),
    ("In part III of Article 25, the word \u201creligion\u201d shall be replaced by the word \u201cfaith\u201d.",
     "occurs 2 times and the act does not say which"),
    ("In part IX of Article 25, the word \u201crace\u201d shall be deleted.", "no part IX"),
])
def test_the_reader_refuses_an_instruction_that_cannot_be_carried_out_literally(instruction, problem):
    from support.act_reader import carry_out
    with pytest.raises(ActError, match=problem):
        carry_out(tree_of(BASE), "1.", instruction, [])


def test_the_reader_carries_out_each_word_form_literally():
    from support.act_reader import carry_out
    root = tree_of(BASE)
    for instruction in (
            "In the first sentence of part III of Article 25, the word \u201csex\u201d shall be replaced by the word "
            "\u201cgender\u201d.",
            "In part III of Article 25, the word \u201creligion\u201d (where it occurs for the second time) shall be "
            "deleted.",
            "In part III of Article 25, after the word \u201cgender\u201d, the words \u201c, age\u201d shall be added.",
            "In part III of Article 25, before the word \u201cconvictions\u201d (where it occurs for the first time), "
            "the word \u201cpolitical\u201d shall be added."):
        carry_out(root, "1.", instruction, [])
    text = next(line for line in printed(root) if line.startswith("III.\tEveryone has equal rights"))
    assert "religion, gender, age, origin, property status, social position, political convictions," in text
    assert text.endswith("language, origin, convictions and are prohibited.")
