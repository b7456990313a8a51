"""drafter draft as a user types it: the folder it writes, what it refuses to overwrite, one-line errors."""

from __future__ import annotations

import json
import os
import zipfile

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.draft import draft, draft_date
from drafter.errors import DrafterError
from drafter.template import available
from render_cases import TEST_TEMPLATE

FILES = ["redline.docx", "amended.docx", "amending-act.docx", "procedure.docx", "ballot.docx", "synoptic.docx",
         "report.json"]


def run(*args: str):
    # test-a.yaml renumbers parts of Article 7, which Article 155 bars: the tests that draft it are
    # about the folder, so they allow its problems (the exit status has tests of its own below).
    allow = ["--allow-problems"] if args[0] == "draft" and str(TEST_TEMPLATE) in args else []
    return CliRunner().invoke(main, list(args) + allow)


def test_draft_writes_the_four_documents_and_the_report(tmp_path):
    out = tmp_path / "new" / "folder"
    result = run("draft", str(TEST_TEMPLATE), "-o", str(out), "--date", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert result.stdout.splitlines() == [str(out / name) for name in FILES]
    report = json.loads((out / "report.json").read_text())
    assert report["options"][0]["id"] == "test-a" and report["scope"] == "affected"
    assert report["edition"]["id"] == "az-1995-rev2009" and report["date"] == "2026-01-01T00:00:00Z"
    first = report["changes"][0]
    assert (first["kind"], first["citation"], first["option"], first["edit"]) == \
        ("substitute", "Article 137, part I", "test-a", 1)
    assert "45 members" in first["before"] and "49 members" in first["after"]
    assert {f["name"] for f in report["files"]} == set(FILES) - {"report.json"}
    assert report["units"] == ["chp_II", "chp_IX", "chp_VIII", "chp_VIII-1"]
    if report["cross_references"] is not None:
        assert report["cross_references"]["summary"]["references"] > 0


def test_existing_files_are_not_overwritten_without_force(tmp_path):
    assert run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "--date", "2026-01-01").exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "--date", "2026-02-02")
    assert result.exit_code == 1
    assert result.output.startswith(f"drafter: {tmp_path}: already holds redline.docx, amended.docx, ")
    assert result.output.endswith("; use --force to overwrite them\n") and result.output.count("\n") == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_force_overwrites(tmp_path):
    assert run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "--date", "2026-01-01").exit_code == 0
    result = run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "--date", "2026-02-02", "--force")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "report.json").read_text())["date"] == "2026-02-02T00:00:00Z"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_an_output_that_is_a_file_is_one_line_and_nothing_is_written(tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder")
    result = run("draft", str(TEST_TEMPLATE), "-o", str(target))
    assert result.exit_code == 1
    assert result.output == f"drafter: {target}: is not a directory\n"
    result = run("draft", str(TEST_TEMPLATE), "-o", str(target / "below"))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_folder_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("draft", str(TEST_TEMPLATE), "-o", str(locked))
        assert result.exit_code == 1 and result.output.count("\n") == 1
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_with_no_option_the_folder_gets_the_current_text(tmp_path):
    result = run("draft", "-o", str(tmp_path), "--date", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["amended.docx", "redline.docx", "report.json"]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["changes"] == [] and "current text" in report["note"]


def test_the_same_date_gives_the_same_documents(tmp_path):
    for name in ("a", "b"):
        assert run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path / name), "--date", "2026-01-01").exit_code == 0
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_source_date_epoch_dates_the_revisions(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path)).exit_code == 0
    with zipfile.ZipFile(tmp_path / "redline.docx") as z:
        assert b'w:date="2026-01-01T00:00:00Z"' in z.read("word/document.xml")


@pytest.mark.parametrize("value, expected", [
    ("2026-01-01", "2026-01-01T00:00:00+00:00"),
    ("2026-03-04T05:06:07Z", "2026-03-04T05:06:07+00:00"),
    ("2026-03-04T07:06:07+02:00", "2026-03-04T05:06:07+00:00"),
])
def test_dates_are_read_as_iso_and_kept_in_utc(value, expected):
    assert draft_date(value).isoformat() == expected


def test_a_bad_date_is_one_line(tmp_path):
    result = run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "--date", "next tuesday")
    assert result.exit_code == 1
    assert result.output == "drafter: --date 'next tuesday' is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)\n"
    assert list(tmp_path.iterdir()) == []


def test_author_and_full_scope(tmp_path):
    result = run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "--scope", "full", "--author", "Legal Dept",
                 "--date", "2026-01-01")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "redline.docx") as z:
        xml = z.read("word/document.xml")
    assert b'w:author="Legal Dept"' in xml and b'w:author="test-a"' not in xml
    assert json.loads((tmp_path / "report.json").read_text())["units"] is None


def test_a_bad_parameter_is_a_usage_error(tmp_path):
    result = run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "-p", "region")
    assert result.exit_code == 2 and "name=value" in result.output


def test_a_parameter_reaches_the_template(tmp_path):
    result = run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path), "-p", "region=Karabakh", "--date", "2026-01-01")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "amended.docx") as z:
        assert b"policing in Karabakh;" in z.read("word/document.xml")


def test_compare_writes_one_set_per_alternative_and_one_table(tmp_path):
    alternatives = [n for n in ("enhanced-local", "municipal") if n in available()]
    if len(alternatives) < 2:
        pytest.skip("needs two alternatives in templates/")
    result = run("draft", *alternatives, "-o", str(tmp_path), "--compare", "--date", "2026-01-01")
    if result.exit_code != 0 and "does not" in result.output:
        pytest.skip(result.output.strip())
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    for alt in alternatives:
        assert f"redline-{alt}.docx" in names and f"amending-act-{alt}.docx" in names
    assert "synoptic.docx" in names
    report = json.loads((tmp_path / "report.json").read_text())
    assert [a["alternative"] for a in report["alternatives"]] == alternatives


def test_compare_needs_two_alternatives(tmp_path):
    with pytest.raises(DrafterError, match="--compare needs two or more alternatives"):
        draft([str(TEST_TEMPLATE)], tmp_path, compare=True, date="2026-01-01")


def test_two_exclusive_alternatives_without_compare_are_refused(tmp_path):
    alternatives = [n for n in ("enhanced-local", "municipal") if n in available()]
    if len(alternatives) < 2:
        pytest.skip("needs two alternatives in templates/")
    result = run("draft", *alternatives, "-o", str(tmp_path))
    assert result.exit_code == 1 and "at most one alternative" in result.output and "--compare" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_write_permission_is_one_line(tmp_path, monkeypatch):
    import drafter.draft as module

    monkeypatch.setattr(module.os, "access", lambda path, mode: False)
    result = run("draft", str(TEST_TEMPLATE), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output == f"drafter: {tmp_path}: cannot write here: permission denied\n"
    assert list(tmp_path.iterdir()) == []


# ---- report.json as an interface ------------------------------------------------------------

def _report_problems(report: dict) -> list[str]:
    import jsonschema

    from drafter.schemas import schema

    validator = jsonschema.Draft202012Validator(schema("report"))
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(report)]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_the_report_of_a_draft_follows_its_schema_and_numbers_edits_from_1_throughout(tmp_path):
    options = [n for n in ("enhanced-local", "antiquities-authority") if n in available()]
    if len(options) < 2:
        pytest.skip("needs enhanced-local and antiquities-authority in templates/")
    report = draft(options, tmp_path, date="2026-01-01").report
    assert report["format"] == "drafter-draft-report/2"
    assert _report_problems(json.loads((tmp_path / "report.json").read_text())) == []
    assert report["drafter"]["version"] and len(report["edition"]["sha256"]) == 64
    changes = {c["number"]: c for c in report["changes"]}
    assert sorted(changes) == list(range(1, len(changes) + 1))
    stated = [c for i in report["procedure"]["instruments"] for c in i["changes"]]
    assert stated and all((c["option"], c["edit"], c["kind"]) == (changes[c["number"]]["option"],
                          changes[c["number"]]["edit"], changes[c["number"]]["kind"]) for c in stated)
    assert min(c["edit"] for c in stated) == 1
    assert [(lim["option"], lim["edit"], lim["path"]) for lim in report["procedure"]["limits"]] == [
        ("antiquities-authority", 1, "edits[0]")]
    machine = [s for s in _strings(report) if s.startswith("/") or str(tmp_path) in s or os.getcwd() in s]
    assert machine == [], "absolute paths in report.json"


def test_the_report_lists_the_cross_references_as_drafter_xrefs_does():
    from drafter.xref import load_known

    if not load_known("az-1995-rev2009"):
        pytest.skip("no known defects recorded for the edition")
    options = ["enhanced-local"]
    xrefs = run("xrefs", *options, "--format", "json")
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        report = draft(options, out, date="2026-01-01").report
    assert report["cross_references"] == json.loads(xrefs.stdout)
    assert report["cross_references"]["known"]  # the source's known defect is not counted as broken


def test_the_report_of_a_compare_draft_follows_its_own_shape(tmp_path):
    alternatives = [n for n in ("enhanced-local", "municipal") if n in available()]
    if len(alternatives) < 2:
        pytest.skip("needs two alternatives in templates/")
    report = draft(alternatives, tmp_path, compare=True, date="2026-01-01").report
    assert report["format"] == "drafter-compare-report/1"
    assert _report_problems(json.loads((tmp_path / "report.json").read_text())) == []
    assert [a["alternative"] for a in report["alternatives"]] == alternatives
    assert [a["options"] for a in report["alternatives"]] == [[alt] for alt in alternatives]
    assert _report_problems({**report, "changes": []})  # an ordinary draft's keys are not allowed here


BARRED_AND_DANGLING = """\
id: barred
title: A change to an entrenched article and a citation of a missing one
option: B9
kind: add-on
edition: az-1995-rev2009
author: tests
rationale: a test rationale
argument: a test argument
edits:
  - op: substitute
    target: Article 8, part I
    find: Head of the Republic
    with: Head of State of the Republic
    rationale: touch an entrenched article
  - op: insert
    into: Article 144
    provision:
      kind: part
      text: As provided in Article 200.
    rationale: cite a missing article
"""


def test_a_draft_breaking_a_hard_limit_is_written_but_exits_3_with_one_line_per_problem(tmp_path):
    path = tmp_path / "barred.yaml"
    path.write_text(BARRED_AND_DANGLING)
    result = CliRunner().invoke(main, ["draft", str(path), "-o", str(tmp_path / "out"), "--date", "2026-01-01"])
    assert result.exit_code == 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(FILES)
    err = result.stderr.splitlines()
    assert len(err) == 2 and all(line.startswith(f"drafter: {path}:") for line in err)
    assert "Article 155" in err[0] and "dangling reference 'Article 200'" in err[1]
    allowed = CliRunner().invoke(main, ["draft", str(path), "-o", str(tmp_path / "out"), "--date", "2026-01-01",
                                        "--force", "--allow-problems"])
    assert allowed.exit_code == 0 and len(allowed.stderr.splitlines()) == 2


def test_a_sound_draft_exits_0_and_the_exit_codes_are_in_the_help(tmp_path):
    assert run("draft", "enhanced-local", "-o", str(tmp_path), "--date", "2026-01-01").exit_code == 0
    assert "3    draft: the files were written" in run("--help").output
    assert "--allow-problems" in run("draft", "--help").output


def test_a_measure_needing_no_text_is_answered_in_one_line_and_nothing_is_written(tmp_path):
    result = run("draft", "reconciliation-commission", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0 and result.output.count("\n") == 1
    assert result.output.startswith("reconciliation-commission needs no constitutional text: ")
    assert not (tmp_path / "out").exists()


def test_two_alternatives_that_do_not_exclude_each_other_are_still_refused(tmp_path):
    other = TEST_TEMPLATE.read_text()
    assert "kind: alternative" in other and "excludes" not in other
    second = tmp_path / "second.yaml"
    second.write_text(other.replace("id: test-a", "id: test-b"))
    result = run("draft", str(TEST_TEMPLATE), str(second), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "at most one alternative" in result.output and "--compare" in result.output
