"""The papers of adoption: the ballot (questions grouping the Referendum Act's points), the drafting
memorandum (procedure.docx), and the act of every alternative with its add-ons, judged by the ECMA-376
schemas and by LibreOffice."""

from __future__ import annotations

import dataclasses
import io
import json

import docx
import pytest
import yaml

from drafter.amend import apply_options, apply_templates
from drafter.draft import act_frame, draft
from drafter.errors import DrafterError
from drafter.options import combinations
from drafter.procedure import ballot_questions, memorandum, procedure_for
from drafter.render.act import render_act
from drafter.render.ballot import render_ballot
from drafter.render.memo import render_procedure
from drafter.template import available, load_template, template_from_text
from render_cases import BASE, DATE, parts
from support import ooxml, oracle

SUB_96 = {"op": "substitute", "target": "Article 96, part I", "find": "and the Ali Majlis",
          "with": "and the Assembly", "rationale": "one"}
SUB_109 = {"op": "substitute", "target": "Article 109, item 8", "find": "Nakhichevan", "with": "Nakhchivan",
           "rationale": "two"}
PART_144 = {"op": "insert", "into": "Article 144", "provision": {"kind": "part", "text": "Municipalities cooperate."},
            "rationale": "three"}


def template(tid: str = "t-ballot", kind: str = "alternative", *edits: dict, **extra):
    data = {"id": tid, "title": "Ballot test", "option": "A9" if kind == "alternative" else "B9", "kind": kind,
            "edition": BASE.edition.id, "author": "tests", "rationale": "Testing the ballot questions.",
            "argument": "Testing the ballot questions.", "edits": list(edits), **extra}
    return template_from_text(yaml.safe_dump(data, sort_keys=False), f"{tid}.yaml")


# ---- the ballot --------------------------------------------------------------------------

def test_by_default_each_point_of_the_act_is_one_question():
    a = apply_templates(BASE, [template("t-ballot", "alternative", SUB_96, SUB_109, PART_144)])
    questions = ballot_questions(a)
    assert [(q.number, q.id, q.points) for q in questions] == [(1, None, (1,)), (2, None, (2,)), (3, None, (3,))]
    assert questions[0].text == "Do you approve the amendment to Article 96 (point 1 of the Act)?"
    assert questions[2].text == "Do you approve the addition to Article 144 (point 3 of the Act)?"
    assert questions[1].edits == (("t-ballot", 1),)


def test_a_template_groups_its_edits_under_a_named_question():
    t = template("t-ballot", "alternative", dict(SUB_96, question="assembly"), dict(SUB_109, question="assembly"),
                 PART_144, questions={"assembly": "Do you approve renaming the Ali Majlis the Assembly?"})
    questions = ballot_questions(apply_templates(BASE, [t]))
    assert [(q.id, q.points, q.edits) for q in questions] == [
        ("assembly", (1, 2), (("t-ballot", 0), ("t-ballot", 1))), (None, (3,), (("t-ballot", 2),))]
    assert questions[0].text == "Do you approve renaming the Ali Majlis the Assembly? (points 1 and 2 of the Act)"


def test_a_point_holding_edits_of_two_questions_is_an_error_at_the_edit():
    other = {"op": "substitute", "target": "Article 96, part II", "find": "or the Ali Majlis",
             "with": "or the Assembly", "rationale": "four", "question": "second"}
    t = template("t-ballot", "alternative", dict(SUB_96, question="first"), other,
                 questions={"first": "Do you approve the first change?", "second": "Do you approve the second one?"})
    with pytest.raises(DrafterError) as exc:
        ballot_questions(apply_templates(BASE, [t]))
    [problem] = exc.value.problems
    assert problem.path == "edits[1].question" and problem.line
    assert "point 1 of the act holds edits of the questions 'first' and 'second'" in problem.message


def test_a_question_mixing_two_alternatives_is_an_error():
    one = template("alt-one", "alternative", dict(SUB_96, question="status"),
                   questions={"status": "Do you approve the status of the region?"})
    two = template("alt-two", "alternative", dict(PART_144, question="status"),
                   questions={"status": "Do you approve the status of the region?"})
    # The engine refuses two alternatives in one draft; a caller that builds the amendment another way
    # (an add-on relabelled afterwards) still gets a ballot check of its own.
    amendment = apply_templates(BASE, [one, dataclasses.replace(two, kind="add-on")])
    with pytest.raises(DrafterError) as exc:
        ballot_questions(dataclasses.replace(amendment, templates=(one, two)))
    [problem] = exc.value.problems
    assert "question 'status' mixes the alternatives alt-one and alt-two" in problem.message
    assert problem.file == "alt-two.yaml" and problem.path == "edits[0].question"


def test_an_add_on_may_share_a_question_with_its_alternative():
    alt = template("alt-one", "alternative", dict(SUB_96, question="status"),
                   questions={"status": "Do you approve the status of the region?"})
    add = template("add-one", "add-on", dict(PART_144, question="status"),
                   questions={"status": "Do you approve the status of the region?"})
    [q] = ballot_questions(apply_templates(BASE, [alt, add]))
    assert q.points == (1, 2) and q.edits == (("alt-one", 0), ("add-one", 0))


@pytest.mark.parametrize("extra, edit, path, words", [
    ({}, {"question": "nowhere"}, "edits[0].question", "no question 'nowhere' (questions: none declared)"),
    ({"questions": {"unused": "Do you approve nothing at all?"}}, {}, "questions.unused",
     "question 'unused' carries no edit"),
    ({"questions": {"Bad Id": "Do you approve a bad id?"}}, {"question": "Bad Id"}, "questions", "does not match"),
])
def test_the_question_fields_are_checked_when_the_template_loads(extra, edit, path, words):
    with pytest.raises(DrafterError) as exc:
        template("t-q", "alternative", dict(SUB_96, **edit), **extra)
    assert any(p.path == path and words in p.message and p.line for p in exc.value.problems), exc.value.problems


def test_the_draft_writes_the_ballot_of_a_referendum_and_maps_questions_in_report_json(tmp_path):
    draft(["nakhchivan-level", "armenian-language"], tmp_path, date="2026-11-25")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    questions = report["ballot"]["questions"]
    points = [n for q in questions for n in q["points"]]
    assert points == list(range(1, len(points) + 1))  # every point in exactly one question
    assert {(e["option"], e["edit"]) for q in questions for e in q["edits"]} == {
        (c["option"], c["edit"]) for c in report["changes"] if c["kind"] != "renumber"}
    text = [p.text for p in docx.Document(str(tmp_path / "ballot.docx")).paragraphs]
    assert text[0] == "Referendum ballot" and f"Question {len(questions)}" in text
    assert text.count("\u2610 For\t\t\u2610 Against") == len(questions)


def test_a_constitutional_law_has_no_ballot(tmp_path):
    draft(["municipal", "armenian-language"], tmp_path, date="2026-11-25")
    assert not (tmp_path / "ballot.docx").exists() and (tmp_path / "procedure.docx").exists()
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["ballot"] is None


def test_a_forced_route_that_is_closed_writes_nothing(tmp_path):
    with pytest.raises(DrafterError) as exc:
        draft(["nakhchivan-level"], tmp_path / "out", date="2026-11-25", route="constitutional-law")
    assert exc.value.problems[0].message.startswith("Article 152: Article 96, part I")
    assert not (tmp_path / "out").exists()


# ---- the memorandum ----------------------------------------------------------------------

def test_the_memorandum_is_prose_and_a_table_of_steps_for_a_lawyer():
    proc = procedure_for(apply_options(["municipal", "consociational-veto", "antiquities-authority"]))
    data = render_procedure(memorandum(proc), date=DATE, author="tests", header="DRAFT")
    d = docx.Document(io.BytesIO(data))
    text = [p.text for p in d.paragraphs]
    for heading in ("The instrument", "Routes", "Steps", "Limits checked", "Derogations (Article 156, part V)",
                    "Warnings and notes"):
        assert heading in text
    assert any(t.startswith("The draft makes 4 additions. It is to be adopted as one instrument, the Act of the "
                            "Referendum") for t in text)
    assert any(t.startswith("Adoption by Constitutional Law is closed, by Article 156, part V") for t in text)
    [table] = d.tables
    assert [c.text for c in table.rows[0].cells] == ["No.", "Who acts", "What", "Votes", "When", "Provision"]
    steps = proc.instruments[0].steps
    assert [r.cells[5].text for r in table.rows[1:]] == [
        s.cite if s.basis == "text" else f"{s.cite} (practice: {s.source})" for s in steps]
    assert "practice" in {s.basis for s in steps}
    assert not any("->" in t or "Per option" in t for t in text)


def test_the_memorandum_names_each_warning_by_option_and_edit_not_by_a_path_of_the_drafting_machine():
    proc = procedure_for(apply_options(["nakhchivan-level", "antiquities-authority"]))
    assert proc.warnings and all(lim.file for lim in proc.warnings)  # the limits know their file
    warnings = memorandum(proc).sections[-1].paragraphs
    assert any("(inserted; option antiquities-authority, edit 1)" in w for w in warnings)
    assert not any(".yaml" in w or "/" in w for w in warnings)


# ---- every alternative with its add-ons: schema-valid, and LibreOffice opens them -----------

def _combos() -> list[list[str]]:
    """Every alternative with every add-on it admits (alone when it admits none)."""
    templates = [load_template(p) for p in available().values()]
    combos = [[t.id for t in combo] for combo in combinations(templates)]
    return combos + [[t.id] for t in templates if t.kind == "alternative" and not any(c[0] == t.id for c in combos)]


def _papers(ids: list[str]) -> dict[str, bytes]:
    amendment = apply_options(ids)
    proc = procedure_for(amendment)
    act = proc.instruments[0]
    out = {"act": render_act(amendment, date=DATE, frame=act_frame(proc)),
           "procedure": render_procedure(memorandum(proc), date=DATE, author="tests", header="DRAFT")}
    if act.ballot:
        out["ballot"] = render_ballot(ballot_questions(amendment, act.changes), kind=act.kind, heading=act.heading,
                                      date=DATE, author="tests", header="DRAFT")
    return out


@pytest.fixture(scope="module")
def papers() -> dict[str, dict[str, bytes]]:
    out = {}
    for ids in _combos():
        try:
            out["+".join(ids)] = _papers(ids)
        except DrafterError as exc:
            out["+".join(ids)] = {"skip": str(exc).encode()}
    return out


def test_the_act_memorandum_and_ballot_validate_against_ecma_376(papers):
    ok, reason = ooxml.schema_available()
    if not ok:
        pytest.skip(f"ECMA-376 schemas not available: {reason}")
    assert papers
    for name, docs in papers.items():
        for kind, data in docs.items():
            if kind == "skip":
                continue
            print(f"validating {name} {kind}", flush=True)
            for part_name, xml in sorted(parts(data).items()):
                if ooxml.WML_PART.match(part_name):
                    assert ooxml.validate_part(xml) == [], f"{name} {kind}: {part_name}"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_act_of_every_alternative_with_its_add_ons(papers, tmp_path):
    ok, reason = oracle.available()
    if not ok:
        pytest.skip(f"LibreOffice cannot judge here: {reason}")
    jobs, keys = [], []
    for name, docs in papers.items():
        for kind, data in docs.items():
            if kind == "skip":
                continue
            path = tmp_path / f"{name}-{kind}.docx"
            path.write_bytes(data)
            jobs.append((path, "none"))
            keys.append((name, kind))
    print(f"LibreOffice opens {len(jobs)} documents", flush=True)
    results = dict(zip(keys, oracle.judge(jobs)))
    assert {name for name, _ in keys} == {"+".join(ids) for ids in _combos()}
    assert len({name.split("+")[0] for name, _ in keys}) == len([p for p in available() if
                                                                 load_template(available()[p]).kind == "alternative"])
    for (name, kind), result in results.items():
        assert result["error"] is None, (name, kind, result["error"])
        assert result["filter"] == "MS Word 2007 XML", (name, kind)
        paragraphs = oracle.normalise(result["paragraphs"])
        if kind == "act":
            assert paragraphs[0] in ("Act of the Referendum of the Republic of Azerbaijan",
                                     "Constitutional Law of the Republic of Azerbaijan"), name
            assert paragraphs[1].startswith("On ") and "Constitution of the Republic of Azerbaijan" in paragraphs[1]
            assert any("in accordance with" in p and "Article" in p for p in paragraphs[2:4]), name
            assert any(p.startswith("1.\t") for p in paragraphs), name
            assert any("enters into force" in p for p in paragraphs[-6:]), name
            assert paragraphs[-4] == "President of the Republic of Azerbaijan\t____________________", name
            assert paragraphs[-1] == "No. ________", name
        elif kind == "procedure":
            assert paragraphs[0] == "Adoption of the draft: drafting memorandum" and "Who acts" in paragraphs
        else:
            assert paragraphs[0] == "Referendum ballot" and "Question 1" in paragraphs
