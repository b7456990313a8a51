"""LibreOffice, a consumer nobody here wrote, judges the drafts: accepting every change in redline.docx gives
the text of amended.docx, rejecting every change gives the current text of the same scope; the act and the
synoptic table open. One LibreOffice instance judges every document of the module."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from drafter.amend import apply_options, apply_templates
from drafter.errors import DrafterError
from render_cases import BASE, TEST_TEMPLATE, random_templates, render_case, template_cases
from support import oracle

pytestmark = pytest.mark.libreoffice

SAMPLE_SEEDS = (3, 11, 29)


OPTIONS = {"test-template": ([str(TEST_TEMPLATE)], "affected"), "test-template-full": ([str(TEST_TEMPLATE)], "full")}
OPTIONS.update({"+".join(p.values[0]): (p.values[0], "affected") for p in template_cases()})
NAMES = list(OPTIONS) + [f"random-{seed}" for seed in SAMPLE_SEEDS]
CASES: dict[str, object] = {}  # name -> Rendered, or why it does not apply


def _render_all() -> None:
    for name, (names, scope) in OPTIONS.items():
        try:
            CASES[name] = render_case(apply_options(names), scope)
        except DrafterError as exc:
            CASES[name] = f"{' + '.join(names)} does not apply: {exc}"
    for seed in SAMPLE_SEEDS:
        CASES[f"random-{seed}"] = f"no random edit list of seed {seed} applied"
        for attempt in range(20):
            try:
                amendment = apply_templates(BASE, random_templates(random.Random(seed * 100 + attempt)))
            except DrafterError:
                continue
            CASES[f"random-{seed}"] = render_case(amendment)
            break


@pytest.fixture(scope="module")
def judged(tmp_path_factory) -> dict[tuple[str, str], dict]:
    ok, reason = oracle.available()
    if not ok:
        pytest.skip(f"LibreOffice cannot judge here: {reason}")
    ok, reason = oracle.comments_supported()
    if not ok:
        pytest.skip(f"this LibreOffice cannot load documents with comments: {reason}")
    _render_all()
    folder = tmp_path_factory.mktemp("lo-drafts")
    jobs: list[tuple[Path, str]] = []
    keys: list[tuple[str, str]] = []
    for name, case in CASES.items():
        if isinstance(case, str):
            continue
        files = {"redline": case.redline, "amended": case.amended, "current": case.current}
        if case.amendment.changes:
            files.update(act=case.act(), synoptic=case.synoptic())
        paths = {}
        for kind, data in files.items():
            paths[kind] = folder / f"{name}-{kind}.docx"
            paths[kind].write_bytes(data)
        for kind, action in (("redline", "accept"), ("redline", "reject"), ("redline", "none"),
                             ("amended", "none"), ("current", "none"), ("act", "none"), ("synoptic", "none")):
            if kind in paths:
                jobs.append((paths[kind], action))
                keys.append((name, f"{kind}:{action}"))
    results = oracle.judge(jobs)
    return dict(zip(keys, results))


def _result(judged, name: str, what: str) -> dict:
    result = judged[(name, what)]
    assert result["error"] is None, result["error"]
    return result


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_accepting_all_gives_the_consolidated_text(judged, name):
    if isinstance(CASES[name], str):
        pytest.skip(CASES[name])
    accepted = _result(judged, name, "redline:accept")
    amended = _result(judged, name, "amended:none")
    assert accepted["redlines_left"] == 0
    assert amended["redlines_before"] == 0, "the consolidated text has tracked changes"
    assert oracle.normalise(accepted["paragraphs"]) == oracle.normalise(amended["paragraphs"])


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_rejecting_all_gives_the_current_text(judged, name):
    if isinstance(CASES[name], str):
        pytest.skip(CASES[name])
    rejected = _result(judged, name, "redline:reject")
    current = _result(judged, name, "current:none")
    assert rejected["redlines_left"] == 0
    assert oracle.normalise(rejected["paragraphs"]) == oracle.normalise(current["paragraphs"])


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_sees_every_revision_and_one_comment_per_change(judged, name):
    case = CASES[name]
    if isinstance(case, str):
        pytest.skip(case)
    opened = _result(judged, name, "redline:none")
    assert (opened["redlines_before"] > 0) == bool(case.amendment.changes)
    assert opened["comments"] == len(case.amendment.changes)


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_opens_the_act_and_the_synoptic_table(judged, name):
    case = CASES[name]
    if isinstance(case, str) or not case.amendment.changes:
        pytest.skip(case if isinstance(case, str) else "no change: no act")
    act = _result(judged, name, "act:none")
    synoptic = _result(judged, name, "synoptic:none")
    assert act["redlines_before"] == 0 and synoptic["redlines_before"] == 0
    paragraphs = act["paragraphs"]
    assert paragraphs[0] in ("Act of the Referendum of the Republic of Azerbaijan",
                             "Constitutional Law of the Republic of Azerbaijan")
    assert paragraphs[1].startswith("On ") and paragraphs[1].endswith("to the Constitution of the Republic of Azerbaijan")
    assert any(p.startswith(("The people of Azerbaijan", "The Milli Majlis")) and "in accordance with" in p
               for p in paragraphs)
    assert any(p.startswith("1.\t") for p in paragraphs)
    assert any(p.startswith("This ") and "enters into force" in p for p in paragraphs)
    assert paragraphs[-4].startswith("President of the Republic of Azerbaijan\t") and paragraphs[-1] == "No. ________"
    assert not any("Procedure" in p or "Per option" in p for p in paragraphs)
    assert "Current text" in synoptic["paragraphs"] and "Rationale" in synoptic["paragraphs"]
