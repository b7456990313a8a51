"""The review loop with a real reviewer: LibreOffice opens the redline, accepts some changes, rejects others,
types tracked edits and comments, saves .docx; `drafter review` reads it back; drafting the templates it
wrote gives exactly the reviewed text with every change accepted, as LibreOffice itself reads both files."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.draft import draft
from drafter.options import check_templates
from drafter.review import review
from drafter.review.wordfile import read_docx
from render_cases import TEST_TEMPLATE
from support import oracle
from support.reviewer import review_with_libreoffice

pytestmark = pytest.mark.libreoffice

DATE = "2026-01-01"

#: name -> (options, reviewer, steps, what the review must find)
SCENARIOS = {
    "test-template": ([str(TEST_TEMPLATE)], "Leyla Aliyeva", [
        {"do": "accept", "find": "4549"},
        {"do": "reject", "find": "policing", "paragraph": True},
        {"do": "delete", "find": " and settlements"},
        {"do": "insert", "after": "the approval of regulations", "text": " of the municipality"},
        {"do": "comment", "find": "Municipalities are formed", "text": "Check against the Law on Municipalities."},
        {"do": "paragraph", "after": "rules of elections to municipalities by law.",
         "text": "IV.\tMunicipalities shall cooperate with one another."},
    ]),
    "untouched": ([str(TEST_TEMPLATE)], "Nobody", []),
    "enhanced-local": (["enhanced-local", "armenian-language"], "Rashad Mammadov", [
        {"do": "accept", "find": "In Nagorno-Karabakh the Armenian language may be used", "paragraph": True},
        {"do": "reject", "find": "During a transitional period of ten years", "paragraph": True},
        {"do": "insert", "after": "shall be held within six months", "text": " at the latest"},
        {"do": "delete", "find": "permanent and other commissions."},
        {"do": "insert", "after": "by meetings, ", "text": "standing commissions."},
        {"do": "comment", "find": "Local Self-Government in Nagorno-Karabakh", "text": "Is 'Council' the right name?"},
        {"do": "comment", "find": "standing commissions", "text": "The word the Law on Municipalities uses."},
    ]),
}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> dict[str, dict]:
    ok, reason = oracle.available()
    if not ok:
        pytest.skip(f"LibreOffice cannot review here: {reason}")
    root = tmp_path_factory.mktemp("lo-review")
    jobs, out = [], {}
    for name, (options, author, steps) in SCENARIOS.items():
        folder = root / name
        draft(options, folder / "draft", date=DATE)
        jobs.append({"input": str(folder / "draft" / "redline.docx"), "output": str(folder / "reviewed.docx"),
                     "author": author, "steps": steps})
        out[name] = {"folder": folder, "options": options}
    print(f"LibreOffice reviews {len(jobs)} redlines", flush=True)
    review_with_libreoffice(jobs)
    judge_jobs = []
    for name, case in out.items():
        folder = case["folder"]
        case["review"] = review(folder / "reviewed.docx", folder / "draft", folder / "out")
        templates = [str(folder / "out" / f) for f in case["review"].report["files"] if f.endswith(".yaml")]
        draft(templates, folder / "redraft", date=DATE)
        judge_jobs += [(folder / "reviewed.docx", "accept"), (folder / "redraft" / "amended.docx", "none")]
    print("LibreOffice reads the reviews and the new drafts", flush=True)
    results = oracle.judge(judge_jobs)
    for k, name in enumerate(out):
        out[name]["accepted"], out[name]["redrafted"] = results[2 * k], results[2 * k + 1]
    return out


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_drafting_the_templates_gives_the_reviewed_text_with_every_change_accepted(reviewed, name):
    case = reviewed[name]
    assert case["accepted"]["error"] is None and case["redrafted"]["error"] is None
    assert case["review"].report["not_converted"] == []
    assert oracle.normalise(case["redrafted"]["paragraphs"]) == oracle.normalise(case["accepted"]["paragraphs"])


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_templates_the_review_writes_pass_drafter_check(reviewed, name):
    folder = reviewed[name]["folder"] / "out"
    files = [folder / f for f in reviewed[name]["review"].report["files"] if f.endswith(".yaml")]
    results = check_templates(files)
    # the test template edits Article 7 on purpose: Article 155 findings are its own, not the review's
    assert [str(p) for r in results for p in r.problems if "Article 155" not in str(p)] == []


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_what_the_reviewer_left_pending_is_pending_in_the_new_redline(reviewed, name):
    case = reviewed[name]
    options = {r.author for r in read_docx(str(case["folder"] / "draft" / "redline.docx")).revisions}

    def revisions(path: Path) -> list[tuple[str, str, str]]:
        """(author, kind, words) of each stretch under the options' revisions (split where the file splits
        runs or another author's revision interrupts)."""
        doc = read_docx(str(path))
        out: list[list] = []
        for i, c in enumerate(doc.text):
            rev = doc.revisions[doc.ins[i]] if doc.ins[i] >= 0 else doc.revisions[doc.dele[i]] if doc.dele[i] >= 0 else None
            key = (rev.author, rev.kind) if rev is not None and rev.author in options else None
            if key and out and out[-1][:2] == list(key) and out[-1][3] == i:
                out[-1][2] += c
                out[-1][3] = i + 1
            elif key:
                out.append([*key, c, i + 1])
        return [(a, k, t) for a, k, t, _ in out if t.strip()]

    pending = revisions(case["folder"] / "reviewed.docx")
    again = revisions(case["folder"] / "redraft" / "redline.docx")
    assert pending
    for author, kind, words in pending:
        assert any(a == author and k == kind and words in w for a, k, w in again), (author, kind, words)


def test_the_first_review_decides_each_change_and_reads_the_reviewers_edits(reviewed):
    report = reviewed["test-template"]["review"].report
    decisions = {(c["option"], c["edit"]): c["decision"] for c in report["changes"]}
    assert decisions[("test-a", 1)] == "accepted" and decisions[("test-a", 2)] == "rejected"
    assert decisions[("test-a", 3)] == "pending"
    assert report["removed_edits"] == [{"option": "test-a", "edit": 2, "citation": "Article 144, part I, item 10"}]
    edits = {(e["op"], e["target"] if "target" in e else e.get("after")) for e in report["reviewer_edits"]}
    assert edits == {("substitute", "Article 142, part I"), ("substitute", "Article 144, part I, item 2"),
                     ("insert", "Article 142, part III")}
    assert report["reviewers"] == ["Leyla Aliyeva"]
    [comment] = report["comments"]
    assert (comment["author"], comment["citation"]) == ("Leyla Aliyeva", "Article 142, part II")
    assert all("Leyla Aliyeva" in e["rationale"] for e in report["reviewer_edits"])


def test_an_edit_inside_an_options_insertion_marks_it_modified_and_a_comment_finds_its_change(reviewed):
    report = reviewed["enhanced-local"]["review"].report
    decisions = {(c["option"], c["edit"]): c["decision"] for c in report["changes"]}
    assert decisions[("armenian-language", 1)] == "accepted"
    assert decisions[("armenian-language", 2)] == "rejected"
    assert decisions[("enhanced-local", 6)] == "modified"
    assert decisions[("enhanced-local", 3)] == "pending"
    by_text = {c["text"]: c for c in report["comments"]}
    on_change, on_edit = by_text["Is 'Council' the right name?"], by_text["The word the Law on Municipalities uses."]
    assert on_change["change"] == 3 and on_change["citation"] == "Article 144-1"
    assert on_edit["change"] is None and on_edit["citation"] == "Article 143, part I"
    edit = report["reviewer_edits"][on_edit["reviewer_edit"]]
    assert edit["target"] == "Article 143, part I" and "The word the Law on Municipalities uses." in edit["rationale"]
    assert {e["target"] for e in report["reviewer_edits"]} == {"Article 143, part I"}, report["reviewer_edits"]
    [written] = report["edits_updated"]  # inside the option's own words: the option's edit is updated
    assert (written["option"], written["edit"], written["citation"]) == \
        ("enhanced-local", 6, "Transitional Provisions, item 13")
    assert "at the latest" in written["with"]


def test_a_redline_libreoffice_only_opened_and_saved_gives_the_options_back_and_no_reviewer_template(reviewed):
    report = reviewed["untouched"]["review"].report
    assert {c["decision"] for c in report["changes"]} == {"pending"}
    assert report["files"] == ["test-a.yaml", "review.json"] and report["reviewer_template"] is None
    assert report["not_converted"] == [] and report["comments"] == [] and report["reviewer_revisions"] == []
