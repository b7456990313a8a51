"""The option commands as a user runs them: list, check, diff, schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from drafter.cli import main

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").glob("*.yaml"))
GOOD = """\
id: seats
title: More seats in the Ali Majlis
option: A2
kind: alternative
edition: az-1995-rev2009
author: tests
rationale: a test rationale
argument: a test argument
parameters:
  seats: {default: 51, description: seats in the Ali Majlis}
edits:
  - op: substitute
    target: Article 137, part I
    find: "45 members"
    with: "{{seats}} members"
    rationale: more seats
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "seats.yaml"
    path.write_text(GOOD)
    return path


def test_list_shows_every_option_and_says_which_need_no_text():
    result = run("list")
    assert result.exit_code == 0
    for option in ("south-tyrol", "nakhchivan-level", "municipal", "enhanced-local", "armenian-language"):
        assert option in result.output
    assert "reconciliation-commission" in result.output
    assert "needs no constitutional text" in result.output


def test_list_json_names_what_each_template_touches():
    rows = {r["id"]: r for r in json.loads(run("list", "--format", "json").output)}
    assert rows["reconciliation-commission"]["needs_text"] is False
    for row in rows.values():
        if row["template"] and "error" not in row:
            assert row["touches"], row["id"]


def test_check_passes_a_good_template(good):
    result = run("check", str(good))
    assert result.exit_code == 0 and result.output.startswith(f"ok: {good} (1 change)")


def test_check_reports_a_bad_target_with_file_line_and_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("Article 137, part I", "Article 137, part IV"))
    result = run("check", str(bad))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"drafter: {bad}:13 edits[0].target: 'Article 137, part IV' does not exist "
        "(Article 137 has parts I-III; no part IV)")


def test_check_reports_conflicts_between_files(tmp_path, good):
    other = tmp_path / "other.yaml"
    other.write_text(GOOD.replace("id: seats", "id: other").replace("kind: alternative", "kind: add-on")
                     .replace('find: "45 members"', 'find: "members"'))
    result = run("check", str(good), str(other))
    assert result.exit_code == 1
    assert "Article 137, part I is also changed by seats (edit 1, substitute)" in result.output


def test_check_of_a_missing_file_is_one_line():
    result = run("check", "no/such.yaml")
    assert result.exit_code == 1 and result.output.strip() == "drafter: no/such.yaml: cannot read: No such file or directory"


def test_diff_shows_the_changed_words_only(good):
    result = run("diff", str(good), "--no-color")
    assert result.exit_code == 0
    assert "consists of [-45-]{+51+} members." in result.output
    assert "why: more seats" in result.output


def test_diff_takes_parameters(good):
    assert "{+60+}" in run("diff", str(good), "--no-color", "-p", "seats=60").output
    bad = run("diff", str(good), "-p", "seats")
    assert bad.exit_code == 2 and "write -p name=value" in bad.output


def test_diff_of_an_unknown_option_lists_the_options():
    result = run("diff", "no-such-option")
    assert result.exit_code == 1 and "no option 'no-such-option' (options: " in result.output


def test_schema_is_valid_json_schema_and_accepts_the_templates():
    schema = json.loads(run("schema").output)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in TEMPLATES:
        jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text()))


@pytest.mark.skipif(not TEMPLATES, reason="no templates yet")
def test_check_passes_every_template_in_the_project():
    result = run("check", *map(str, TEMPLATES))
    assert result.exit_code == 0, result.output


def test_check_fails_on_a_hard_limit_of_the_adoption_procedure(tmp_path):
    art8 = tmp_path / "art8.yaml"
    art8.write_text(GOOD.replace("Article 137, part I", "Article 8, part I")
                    .replace('find: "45 members"', 'find: "home and foreign policies"'))
    result = run("check", str(art8))
    assert result.exit_code == 1
    assert "Article 155" in result.output and "cannot be put to referendum" in result.output


def test_check_warns_of_a_derogation_with_file_line_and_path_and_says_it_is_referendum_only(tmp_path):
    path = tmp_path / "derog.yaml"
    path.write_text(GOOD.replace('with: "{{seats}} members"',
                                 'with: "{{seats}} members; notwithstanding Article 149, laws do not apply to it"'))
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert f"drafter: warning: {path}:12 edits[0]: Article 156, part V: " in result.stderr
    assert "may derogate from Article 149" in result.stderr and "so the draft is referendum-only" in result.stderr


def test_check_notes_a_declared_derogation_and_does_not_warn_of_it():
    result = run("check", str(ROOT / "templates" / "consociational-veto.yaml"))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "Article 156, part V" in line]
    assert notes and all(line.startswith("drafter: note: ") and "referendum-only" in line for line in notes)
    assert "warning:" not in result.stderr


SEATS_QUESTION = """\
    question: seats
questions:
  seats: Do you approve more seats in the Ali Majlis?
"""
TERM = """\
id: term
title: A shorter term for the Ali Majlis
option: B2
kind: add-on
edition: az-1995-rev2009
author: tests
rationale: a test rationale
argument: a test argument
edits:
  - op: substitute
    target: Article 137, part II
    find: "five years"
    with: "four years"
    rationale: a shorter term
    question: term
questions:
  term: Do you approve a shorter term for the Ali Majlis?
"""
#: Two edits of Article 137 (one point of the act) under two ballot questions: the ballot cannot be drafted.
TWO_QUESTIONS = GOOD + """\
    question: seats
  - op: substitute
    target: Article 137, part II
    find: "five years"
    with: "four years"
    rationale: a shorter term
    question: term
questions:
  seats: Do you approve more seats in the Ali Majlis?
  term: Do you approve a shorter term for the Ali Majlis?
"""


def test_check_fails_on_a_ballot_question_draft_refuses_with_the_same_one_line_message(tmp_path):
    path = tmp_path / "two-questions.yaml"
    path.write_text(TWO_QUESTIONS)
    checked = run("check", str(path))
    drafted = run("draft", str(path), "-o", str(tmp_path / "out"), "--date", "2024-01-01")
    line = TWO_QUESTIONS.splitlines().index("    question: term") + 1
    message = (f"drafter: {path}:{line} edits[1].question: point 1 of the act holds edits of the questions "
               "'seats' and 'term': a point goes in exactly one")
    assert checked.exit_code == drafted.exit_code == 1
    assert checked.stderr.splitlines() == drafted.stderr.splitlines() == [message]
    assert "Traceback" not in checked.output + drafted.output and not (tmp_path / "out").exists()


def test_check_fails_on_a_ballot_question_that_only_the_templates_together_break(tmp_path):
    seats, term = tmp_path / "seats.yaml", tmp_path / "term.yaml"
    seats.write_text(GOOD + SEATS_QUESTION)
    term.write_text(TERM)
    assert run("check", str(seats)).exit_code == 0 and run("check", str(term)).exit_code == 0
    result = run("check", str(seats), str(term))
    assert result.exit_code == 1 and "ok: seats + term" not in result.output
    line = TERM.splitlines().index("    question: term") + 1
    assert result.stderr.splitlines() == [f"drafter: {term}:{line} edits[0].question: point 1 of the act holds edits "
                                          "of the questions 'seats' and 'term': a point goes in exactly one"]


def test_check_makes_no_ballot_when_no_edit_names_a_question(monkeypatch):
    import drafter.procedure.ballot as ballot

    def unexpected(*args):
        raise AssertionError("the act's points were made to check a ballot that cannot be wrong")

    monkeypatch.setattr(ballot, "_points", unexpected)
    result = run("check", *map(str, TEMPLATES))
    assert result.exit_code == 0, result.output


REPEAL = """\
id: rep
title: Repeal a cited item
option: A1
kind: alternative
edition: az-1995-rev2009
author: tests
rationale: a test rationale
argument: a test argument
edits:
  - op: repeal
    target: Article 130, part III, item 7
    expect: "conformity of the Constitution and the laws"
    rationale: gone
"""


def test_check_fails_when_a_repeal_leaves_a_citation_pointing_into_repealed_text(tmp_path):
    path = tmp_path / "rep.yaml"
    path.write_text(REPEAL)
    result = run("check", str(path))
    assert result.exit_code == 1
    assert (f"drafter: {path}:10 edits[0]: Transitional Provisions, item 11: repealed reference "
            "'item 7 paragraph III of Article 130': Article 130, part III, item 7 has been repealed") in result.output


def test_check_fails_when_new_text_cites_an_article_that_does_not_exist(tmp_path):
    path = tmp_path / "cite.yaml"
    path.write_text(GOOD.replace('with: "{{seats}} members"', 'with: "members elected under Article 190"'))
    result = run("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:12 edits[0]: Article 137, part I: dangling reference 'Article 190'" in result.output


# ---- options by id, add-ons on their own, measures needing no text (issue 16) -----------------

def test_check_takes_option_ids_and_parameters_like_the_other_commands():
    result = run("check", "enhanced-local", "boundaries", "-p", "region=Karabakh")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2][0].startswith("ok: enhanced-local (")
    assert "no template given declares parameter 'nope'" in run("check", "enhanced-local", "-p", "nope=1").output


def test_list_says_which_add_ons_each_alternative_admits_and_what_each_add_on_requires():
    rows = {r["id"]: r for r in json.loads(run("list", "--format", "json").output)}
    add_ons = [i for i, r in rows.items() if r["kind"] == "add-on" and "error" not in r]
    assert set(rows["enhanced-local"]["admits"]) == set(add_ons)
    for add_on in add_ons:
        for need in rows[add_on]["requires"]:
            assert all(add_on in rows[alt]["admits"] for alt in need)
    text = run("list").output
    assert "admits " in text and "requires " in text


@pytest.mark.parametrize("command", ["diff", "procedure"])
def test_an_add_on_alone_shows_its_own_changes_beside_the_first_alternative_it_admits(command):
    rows = {r["id"]: r for r in json.loads(run("list", "--format", "json").output)}
    add_on = next(i for i, r in rows.items() if r["kind"] == "add-on" and r.get("requires"))
    first = rows[add_on]["requires"][0][0]
    result = CliRunner().invoke(main, [command, add_on, "--no-color"] if command == "diff" else [command, add_on])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"drafter: {add_on} applied beside {first} ({rows[first]['code']}), the first "
                             f"alternative it admits; shown: its own changes\n")
    if command == "diff":
        headings = [line for line in result.stdout.splitlines() if "  [" in line and line.endswith("]")]
        assert headings and all(f"; {add_on}, edit " in h for h in headings)


@pytest.mark.parametrize("command", [["diff"], ["procedure"], ["check"], ["xrefs"], ["draft", "-o", "unused"]])
def test_a_measure_needing_no_text_is_answered_as_such(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(command[0], "reconciliation-commission", *command[1:])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("reconciliation-commission needs no constitutional text: ")
    assert result.output.count("\n") == 1 and list(tmp_path.iterdir()) == []


def test_two_alternatives_are_refused_naming_compare():
    result = run("diff", "enhanced-local", "municipal")
    assert result.exit_code == 1 and "at most one alternative" in result.output and "--compare" in result.output
