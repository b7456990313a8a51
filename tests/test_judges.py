"""Three judges nobody here wrote read the redline of every template, every admitted combination and a
seeded sample of random edit lists: LibreOffice (accept-all gives the consolidated text, reject-all the
current text), pandoc (the same through ``--track-changes``) and the Open XML SDK's rules (openxml-audit:
no error). LibreOffice judges the whole batch with one instance; pandoc and openxml-audit run one process
per file. DRAFTER_JUDGE_SEED picks another sample (the failing seed is in every message)."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from drafter.amend import Amendment, apply_options, apply_templates
from drafter.errors import DrafterError
from drafter.options import combinations
from drafter.template import Repeal, Replace, available, load_template
from render_cases import BASE, _template, part, random_amendments, render_case, template_cases
from support import openxml_audit, oracle, pandoc_judge
from support.ooxml import accept_all

SEED = int(os.environ.get("DRAFTER_JUDGE_SEED", "14"))
LIBREOFFICE, PANDOC, AUDIT = 100, 150, 50  # random edit lists per judge: 300 a run, 100 through LibreOffice


def _progress(message: str) -> None:
    print(f"[judges] {message}", file=sys.__stderr__, flush=True)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, tuple[Path, list[str], list[str], Path, Path]]:
    """name -> (redline, amended text, current text, consolidated .docx, current .docx), written to disk."""
    folder = tmp_path_factory.mktemp("judged")
    out = {}
    cases = [("+".join(p.values[0]), None) for p in template_cases()]
    cases += [("+".join(t.id for t in combo), None) for combo in _admitted_combinations()]
    cases = list(dict(cases).items()) + list(_regressions().items())
    cases += [(f"random-{seed}", amendment)
              for seed, amendment in random_amendments(SEED, max(LIBREOFFICE, PANDOC, AUDIT))]
    started = time.monotonic()
    for name, amendment in cases:
        if amendment is None:
            try:
                amendment = apply_options(name.split("+"))
            except DrafterError:
                continue  # the template tests say why
        r = render_case(amendment)
        paths = [folder / f"{name}-{kind}.docx" for kind in ("redline", "amended", "current")]
        for path, data in zip(paths, (r.redline, r.amended, r.current)):
            path.write_bytes(data)
        out[name] = (paths[0], accept_all(part(r.amended)), accept_all(part(r.current)), paths[1], paths[2])
    _progress(f"rendered {len(out)} drafts in {time.monotonic() - started:.0f} s")
    return out


def _regressions() -> dict:
    """Edit lists a judge once read wrongly, smallest first."""
    def one(edits) -> Amendment:
        return apply_templates(BASE, [_template("regression", "alternative", "A9", edits)])

    return {
        # LibreOffice joined the inserted ":" and the inserted item: rejecting glued Article 64 to Article 65.
        "colon-and-item": one([Replace("Article 64", "No one shall", {
            "text": "No one shall be convicted repeatedly for the same crime, except:",
            "items": ["in cases of new evidence."]}, "r")]),
        # The same on the accepting side: words struck at the end of a part, then its items repealed.
        "struck-end-and-items": one([
            Replace("Article 144, part I", "the municipalities", {"text": BASE.get("art_144__part_I").text.rsplit(
                " at the meetings", 1)[0]}, "r"),
            Repeal("Article 144, part I, item 1", "the recognition of the authority", "r")]),
    }


def _admitted_combinations() -> list:
    """Each alternative with every add-on it admits (what `drafter check` applies together)."""
    loaded = []
    for path in available().values():
        try:
            loaded.append(load_template(path))
        except DrafterError:
            continue  # the template tests say why
    return combinations([t for t in loaded if t.kind in ("alternative", "add-on")])


def _pick(drafts: dict, n: int) -> list[str]:
    """Every real template and combination, and the first `n` random edit lists."""
    real = [k for k in drafts if not k.startswith("random-")]
    return real + [k for k in drafts if k.startswith("random-")][:n]


def _failures(names: list[str], verdict) -> list[str]:
    """`verdict` of each draft, two at a time (the judges are subprocesses; CI machines have two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        problems = list(pool.map(verdict, names))
    return [f"{name}: {problem}" for name, problem in zip(names, problems) if problem]


@pytest.mark.libreoffice
def test_libreoffice_accepts_to_the_amended_text_and_rejects_to_the_current_text(drafts):
    ok, reason = oracle.comments_supported()
    if not ok:
        pytest.skip(f"LibreOffice cannot judge here: {reason}")
    names = _pick(drafts, LIBREOFFICE)
    started = time.monotonic()
    jobs = [(drafts[n][0], action) for n in names for action in ("accept", "reject")]
    results = dict(zip([(n, a) for n in names for a in ("accept", "reject")], oracle.judge(jobs)))
    _progress(f"LibreOffice: {len(jobs)} documents in {time.monotonic() - started:.0f} s")

    def verdict(name: str) -> str | None:
        _, amended, current, _, _ = drafts[name]
        for action, expected in (("accept", amended), ("reject", current)):
            got = results[(name, action)]
            if got["error"]:
                return f"{action}: {got['error']}"
            if got["redlines_left"]:
                return f"{action}: {got['redlines_left']} revisions left"
            if oracle.normalise(got["paragraphs"]) != oracle.normalise(expected):
                return f"{action}-all differs: {_first_difference(oracle.normalise(expected), oracle.normalise(got['paragraphs']))}"
        return None

    assert _failures(names, verdict) == []


def test_pandoc_accepts_to_the_amended_text_and_rejects_to_the_current_text(drafts):
    ok, reason = pandoc_judge.available()
    if not ok:
        pytest.skip(reason)
    names = _pick(drafts, PANDOC)
    started = time.monotonic()

    def verdict(name: str) -> str | None:
        redline, _, _, amended, current = drafts[name]
        for action, plain in (("accept", amended), ("reject", current)):
            expected = pandoc_judge.paragraphs(plain, "accept")
            got = pandoc_judge.paragraphs(redline, action)
            if got != expected:
                return f"{action}-all differs: {_first_difference(expected, got)}"
        return None

    failures = _failures(names, verdict)
    _progress(f"pandoc: {len(names)} redlines in {time.monotonic() - started:.0f} s")
    assert failures == []


def test_the_open_xml_sdk_rules_find_no_error(drafts):
    ok, reason = openxml_audit.available()
    if not ok:
        pytest.skip(reason)
    names = _pick(drafts, AUDIT)
    started = time.monotonic()
    failures = _failures(names, lambda name: "; ".join(openxml_audit.errors(drafts[name][0])[:3]))
    _progress(f"openxml-audit: {len(names)} redlines in {time.monotonic() - started:.0f} s")
    assert failures == []


def _first_difference(expected: list[str], got: list[str]) -> str:
    for k, (a, b) in enumerate(zip(expected, got)):
        if a != b:
            return f"paragraph {k + 1}: expected {a[:90]!r}, got {b[:90]!r}"
    return f"{len(expected)} paragraphs expected, {len(got)} read"
