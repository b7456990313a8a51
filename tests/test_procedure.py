"""Which procedure adopts a draft: revision by referendum (Chapter XI) or addition by Constitutional
Law (Chapter XII), and the limits of Articles 155 and 158, from the edition's rule file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from drafter.address import find
from drafter.amend import apply_options, apply_templates
from drafter.cli import main
from drafter.errors import DrafterError
from drafter.load import load_edition
from drafter.options import apply_alone, combinations
from drafter.procedure import (ADDITION, HARD, REVISION, WARNING, NoProcedureRules, classify, hard_limits,
                               load_rules, procedure_for, rules_path, summary_lines, to_json)
from drafter.template import available, load_template

HEAD = """\
id: {id}
title: A test draft
option: A1
kind: add-on
edition: az-1995-rev2009
author: tests
rationale: A small draft to test the adoption procedure.
argument: A small draft to test the adoption procedure.
{extra}edits:
"""

ARTICLE_8 = """\
  - op: substitute
    target: Article 8, part I
    find: Head of the Republic
    with: Head of State of the Republic
    rationale: touch an entrenched article
"""
ARTICLE_3_NEW_PART = """\
  - op: insert
    into: Article 3
    provision:
      kind: part
      text: A new matter for referendum.
    rationale: add to Chapter I
"""
ARTICLE_28_REPEAL = """\
  - op: repeal
    target: Article 28, part IV
    expect: come back to his or her country
    rationale: repeal a right
"""
ARTICLE_28_REWORD = """\
  - op: substitute
    target: Article 28, part III
    find: can freely move
    with: can move
    rationale: reword a right
"""
ARTICLE_144_NEW_ITEM = """\
  - op: insert
    into: Article 144, part I
    provision:
      kind: item
      text: the protection of local monuments.
    rationale: add a competence
"""
ARTICLE_144_NEW_PART = """\
  - op: insert
    into: Article 144
    provision:
      kind: part
      text: Municipalities may cooperate across their boundaries.
    rationale: add a part
"""
ARTICLE_144_REWORD = """\
  - op: substitute
    target: Article 144, part I, item 2
    find: the approval of regulations
    with: the approval of their regulations
    rationale: reword an item
"""
ARTICLE_32_RENUMBERED = """\
  - op: insert
    after: Article 32, part II
    renumber: true
    provision:
      kind: part
      text: A new part on privacy.
    rationale: a part in the middle
"""
ARTICLE_3_REWORD = """\
  - op: substitute
    target: Article 3, part I
    find: every matter
    with: any matter
    rationale: revise Chapter I outside Articles 1, 2 and 6
"""
ARTICLE_7_REPEAL = """\
  - op: repeal
    target: Article 7
    expect: The Azerbaijan State
    rationale: repeal an entrenched article whole
"""
NEW_ARTICLE_AFTER_6 = """\
  - op: insert
    after: Article 6
    provision:
      kind: article
      heading: A new article in Chapter I
      text: New words.
    rationale: a new article at the end of Chapter I
"""
NEW_ARTICLE_CITING_CHAPTER_I = """\
  - op: insert
    after: Article 144
    provision:
      kind: article
      heading: Local referendums
      text: Article 3 applies to local referendums.
    rationale: new words that cite Chapter I
"""
ARTICLE_8_NEW_PART = """\
  - op: insert
    into: Article 8
    provision:
      kind: part
      text: A new part.
    rationale: add to an entrenched article outside Chapter I
"""


@pytest.fixture(scope="module")
def base():
    return load_edition()


@pytest.fixture
def write(tmp_path):
    """Write a template made of edits into tmp_path; returns its path."""

    def _write(name: str, *edits: str, extra: str = "") -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(HEAD.format(id=name, extra=extra) + "".join(edits), encoding="utf-8")
        return path

    return _write


def draft(write, name: str, *edits: str):
    """The procedure of a one-template draft made of `edits`, and its amendment."""
    amendment = apply_options([str(write(name, *edits))])
    return procedure_for(amendment), amendment


# ---- the rule file -----------------------------------------------------------------------

def test_the_rule_file_loads_and_every_rule_cites_a_provision_that_says_it(base):
    rules = load_rules(base=base)
    assert set(rules.classes) == {REVISION, ADDITION}
    assert rules.classes[REVISION].route == "referendum"
    assert rules.classes[ADDITION].route == "constitutional-law"
    cited = [r.cite for route in rules.routes.values()
             for r in route.adoption + route.initiators + route.votes + route.timetable + route.conditions]
    cited += [lim.cite for lim in rules.limits] + [r.cite for r in rules.mixed]
    for cite in cited:
        find(base, cite)  # raises if the provision does not exist
    assert {"Article 152", "Article 153", "Article 154", "Article 155", "Article 157", "Article 158",
            "Article 3, part II, item 1", "Article 156, part I", "Article 156, part II", "Article 156, part III",
            "Article 156, part IV", "Article 156, part V"} <= set(cited)


def test_a_rule_whose_expected_words_the_article_lacks_is_reported_at_its_line(base, tmp_path):
    text = rules_path().read_text(encoding="utf-8").replace("by a majority of 95 votes", "by a majority of 96 votes")
    path = tmp_path / "procedure.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        load_rules(base=base, path=path)
    [problem] = exc.value.problems
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "96 votes" in s)
    assert (problem.file, problem.line) == (str(path), line)
    assert "Article 156, part I does not say 'by a majority of 96 votes'" in problem.message


def test_a_rule_citing_a_provision_that_does_not_exist_is_reported(base, tmp_path):
    text = rules_path().read_text(encoding="utf-8").replace("cite: Article 157", "cite: Article 857")
    path = tmp_path / "procedure.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        load_rules(base=base, path=path)
    assert any("Article 857" in p.message and p.path.endswith(".cite") for p in exc.value.problems)


def test_a_rule_file_that_breaks_the_schema_reports_every_error_with_its_path(base, tmp_path):
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    data["limits"][0]["severity"] = "fatal"
    del data["routes"]["constitutional-law"]["votes"]
    path = tmp_path / "procedure.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        load_rules(base=base, path=path)
    paths = {p.path for p in exc.value.problems}
    assert "limits[0].severity" in paths and "routes.constitutional-law" in paths
    assert all(p.line for p in exc.value.problems)


def test_an_edition_without_a_rule_file_says_so(base, tmp_path):
    with pytest.raises(NoProcedureRules) as exc:
        load_rules(base=base, path=tmp_path / "procedure.yaml")
    assert "no procedure rules" in str(exc.value)


# ---- classifying changes -----------------------------------------------------------------

CLASSES = [
    ("substituted words are a revision", ARTICLE_144_REWORD, [("substitute", REVISION)]),
    ("a repeal is a revision", ARTICLE_28_REPEAL, [("repeal", REVISION)]),
    ("a new item is an addition", ARTICLE_144_NEW_ITEM, [("insert", ADDITION)]),
    ("a new article is an addition", NEW_ARTICLE_CITING_CHAPTER_I, [("insert", ADDITION)]),
    ("renumbering existing parts is a revision, the new part an addition", ARTICLE_32_RENUMBERED,
     [("renumber", REVISION)] * 3 + [("insert", ADDITION)]),
]


@pytest.mark.parametrize("edits, expected", [c[1:] for c in CLASSES], ids=[c[0] for c in CLASSES])
def test_each_change_is_a_revision_of_the_text_in_force_or_an_addition(write, edits, expected):
    amendment = apply_options([str(write("classes", edits))])
    assert [(c.change.kind, c.cls) for c in classify(amendment)] == expected


def test_words_changed_inside_a_provision_the_draft_inserts_belong_to_the_addition(write):
    later_edit = """\
  - op: substitute
    target: Article 144, part I, item 10
    find: local monuments
    with: local monuments and archives
    rationale: change the new item
"""
    amendment = apply_options([str(write("own-words", ARTICLE_144_NEW_ITEM, later_edit))])
    assert [c.cls for c in classify(amendment)] == [ADDITION, ADDITION]
    assert procedure_for(amendment).routes == ("constitutional-law",)


# ---- limits ------------------------------------------------------------------------------

def test_a_revision_of_article_8_cannot_be_put_to_referendum_article_155(write):
    proc, _ = draft(write, "art-8", ARTICLE_8)
    [limit] = proc.limits
    assert (limit.severity, limit.article, limit.rule) == (HARD, "Article 155", "entrenched-articles")
    assert (limit.template, limit.edit, limit.provision) == ("art-8", 0, "Article 8, part I")
    assert "Article 8, part I (words substituted; option art-8, edit 1)" in limit.message
    assert "cannot be adopted" in limit.message
    assert not proc.adoptable and proc.routes == ("referendum",)


def test_repealing_a_whole_chapter_ii_article_runs_into_article_155(write):
    proc, _ = draft(write, "art-7", ARTICLE_7_REPEAL)
    assert [(lim.severity, lim.article) for lim in proc.limits] == [(HARD, "Article 155")]


def test_a_revision_of_article_3_is_open_to_referendum(write):
    proc, _ = draft(write, "art-3-words", ARTICLE_3_REWORD)
    assert proc.routes == ("referendum",) and proc.limits == () and proc.adoptable


def test_a_new_part_in_article_3_is_an_addition_regarding_chapter_i_article_158(write):
    proc, _ = draft(write, "art-3-part", ARTICLE_3_NEW_PART)
    assert proc.routes == ("constitutional-law",)
    [limit] = proc.limits
    assert (limit.severity, limit.article, limit.rule) == (HARD, "Article 158", "chapter-i-additions")
    assert limit.provision == "Article 3, part IV"
    assert "inserted; option art-3-part, edit 1" in limit.message


def test_a_new_article_at_the_end_of_chapter_i_is_barred_by_article_158(write):
    proc, _ = draft(write, "art-6-1", NEW_ARTICLE_AFTER_6)
    assert [(lim.severity, lim.article, lim.provision) for lim in proc.limits] == [
        (HARD, "Article 158", "Article 6-1")]


def test_an_addition_elsewhere_that_cites_chapter_i_gets_an_article_158_warning(write):
    proc, _ = draft(write, "cites-3", NEW_ARTICLE_CITING_CHAPTER_I)
    [limit] = proc.limits
    assert (limit.severity, limit.article) == (WARNING, "Article 158")
    assert "cite Article 3" in limit.message
    assert proc.adoptable


def test_repealing_a_part_of_a_chapter_iii_article_is_a_hard_article_155_rights_limit(write):
    proc, _ = draft(write, "art-28-repeal", ARTICLE_28_REPEAL)
    [limit] = proc.limits
    assert (limit.severity, limit.article, limit.rule) == (HARD, "Article 155", "chapter-iii-rights")
    assert limit.provision == "Article 28, part IV"
    assert "international agreements" in limit.message


def test_rewording_a_chapter_iii_right_is_a_warning_that_names_article_155(write):
    proc, _ = draft(write, "art-28-words", ARTICLE_28_REWORD)
    [limit] = proc.limits
    assert (limit.severity, limit.article, limit.rule) == (WARNING, "Article 155", "chapter-iii-rights")
    assert "check that it does not" in limit.message
    assert proc.adoptable


def test_an_addition_to_article_8_is_not_barred_but_warned_under_article_156_part_v(write):
    proc, _ = draft(write, "art-8-part", ARTICLE_8_NEW_PART)
    assert proc.routes == ("constitutional-law",)
    assert [(lim.severity, lim.article) for lim in proc.limits] == [(WARNING, "Article 156, part V")]


def test_hard_limits_are_problems_at_the_template_file_line_and_edit(write):
    path = write("two-limits", ARTICLE_144_NEW_ITEM, ARTICLE_8, ARTICLE_3_NEW_PART)
    problems = hard_limits(apply_options([str(path)]))
    lines = path.read_text().splitlines()
    assert [(p.file, p.path) for p in problems] == [(str(path), "edits[1]"), (str(path), "edits[2]")]
    assert [lines[p.line - 1].strip() for p in problems] == ["- op: substitute", "- op: insert"]
    assert problems[0].message.startswith("Article 155: Article 8, part I")
    assert problems[1].message.startswith("Article 158: Article 3, part IV")


def test_a_draft_without_hard_limits_has_no_problems_for_check(write):
    assert hard_limits(apply_options([str(write("fine", ARTICLE_144_NEW_ITEM))])) == []


# ---- routes ------------------------------------------------------------------------------

def test_a_draft_that_only_adds_provisions_takes_the_chapter_xii_route(write):
    proc, amendment = draft(write, "adds", ARTICLE_144_NEW_ITEM, ARTICLE_144_NEW_PART)
    [law] = proc.instruments
    assert (law.route, law.carries, proc.split) == ("constitutional-law", (ADDITION,), False)
    assert law.changes == amendment.changes
    assert [r.count for r in law.initiators] == [63] and "President" in law.initiators[0].says
    assert law.initiators[0].cite == "Article 157"
    assert {(r.cite, r.count, r.months) for r in law.votes} == {
        ("Article 156, part I", 95, None), ("Article 156, part II", 2, 6)}
    assert [r.cite for r in law.timetable] == ["Article 156, part I", "Article 156, part III", "Article 156, part II",
                                               "Article 156, part III", "Article 156, part IV"]
    assert [r.cite for r in law.conditions] == ["Article 156, part V"]
    text = "\n".join(summary_lines(proc))
    for words in ("One instrument: Constitutional Law", "63 members", "95 votes", "six months after the first",
                  "(Article 157)", "(Article 156, part IV)", "must not contradict its main text",
                  "Adoptable by the route above."):
        assert words in text


def test_a_draft_that_only_revises_takes_the_referendum_route_with_the_courts_opinion_first(write):
    proc, _ = draft(write, "revises", ARTICLE_144_REWORD)
    [act] = proc.instruments
    assert (act.route, act.carries) == ("referendum", (REVISION,))
    assert {r.cite for r in act.adoption} == {"Article 152", "Article 3, part II, item 1"}
    assert "Article 153" in {r.cite for r in act.initiators} and "Article 154" in {r.cite for r in act.timetable}


def test_a_mixed_draft_needs_both_instruments_split_each_with_its_own_changes(write):
    proc, amendment = draft(write, "mixed", ARTICLE_144_REWORD, ARTICLE_144_NEW_PART)
    assert proc.split and proc.routes == ("referendum", "constitutional-law")
    act, law = proc.instruments
    assert [c.kind for c in act.changes] == ["substitute"] and act.provisions == ("Article 144, part I, item 2",)
    assert [c.kind for c in law.changes] == ["insert"] and law.provisions == ("Article 144, part III",)
    assert set(act.changes) | set(law.changes) == set(amendment.changes)
    assert [n.cite for n in proc.notes] == ["Article 152", "Article 156, part V"]
    text = "\n".join(summary_lines(proc))
    assert "2 instruments, adopted separately" in text and "split" in text
    assert "Adoptable by the routes above." in text


def test_renumbering_existing_parts_for_a_new_one_brings_in_the_referendum_and_says_why(write):
    proc, _ = draft(write, "renumbers", ARTICLE_32_RENUMBERED)
    assert proc.routes == ("referendum", "constitutional-law")
    assert any("renumbers Article 32, part III" in n.says and "Appending" in n.says for n in proc.notes)


def test_a_combination_reports_each_option_and_the_instruments_it_shares(write):
    one = write("adds-only", ARTICLE_144_NEW_ITEM)
    two = write("revises-only", ARTICLE_3_REWORD)
    proc = procedure_for(apply_options([str(one), str(two)]))
    assert proc.routes == ("referendum", "constitutional-law")
    assert [(o.option, o.routes, o.revisions, o.additions) for o in proc.per_option] == [
        ("adds-only", ("constitutional-law",), 0, 1), ("revises-only", ("referendum",), 1, 0)]
    assert [i.options for i in proc.instruments] == [("revises-only",), ("adds-only",)]
    assert any(line.strip().startswith("adds-only: 1 addition -> Addition by Constitutional Law")
               for line in summary_lines(proc))


def test_a_draft_with_a_hard_limit_says_it_cannot_be_adopted_and_why(write):
    proc, _ = draft(write, "barred", ARTICLE_8)
    lines = summary_lines(proc)
    assert lines[-1] == "Cannot be adopted as drafted: 1 hard limit (Article 155)."
    assert any(line.startswith("   HARD Article 155: Article 8, part I") for line in lines)


def test_the_json_form_carries_routes_instruments_rules_and_located_limits(write):
    proc, _ = draft(write, "json-mixed", ARTICLE_144_REWORD, ARTICLE_3_NEW_PART)
    data = json.loads(json.dumps(to_json(proc)))
    assert data["routes"] == ["referendum", "constitutional-law"] and data["split"] and not data["adoptable"]
    law = data["instruments"][1]
    assert {"says", "cite", "count"} <= set(law["votes"][0]) and law["votes"][0]["count"] == 95
    assert [c["class"] for c in law["changes"]] == ["addition"]
    [limit] = data["limits"]
    assert (limit["severity"], limit["cite"], limit["option"], limit["edit"], limit["path"]) == (
        "hard", "Article 158", "json-mixed", 2, "edits[1]")
    assert limit["file"].endswith("json-mixed.yaml") and limit["line"]


# ---- the project's templates -------------------------------------------------------------

#: The routes each template in templates/ needs on its own, and the limits it runs into
#: (hard, warning) by rule id of the rule file. A new template fails here until its row is added:
#: the failure prints the row, to be checked by reading the report (`drafter procedure ID`).
ROUTES = {
    "antiquities-authority": (("constitutional-law",), (), ("chapter-iii-additions",)),
    "armenian-language": (("constitutional-law",), (), ()),
    "boundaries": (("constitutional-law",), (), ()),
    "consociational-veto": (("constitutional-law",), (), ()),
    "enhanced-local": (("constitutional-law",), (), ()),
    "local-district-head": (("constitutional-law",), (), ()),
    "municipal": (("constitutional-law",), (), ()),
    "nakhchivan-level": (("referendum", "constitutional-law"), (), ()),
    "south-tyrol": (("referendum", "constitutional-law"), (), ()),
}


def _pinned(proc) -> tuple:
    return (proc.routes, tuple(sorted({lim.rule for lim in proc.hard})),
            tuple(sorted({lim.rule for lim in proc.warnings})))


@pytest.mark.parametrize("option", sorted(available()))
def test_every_template_has_its_route_pinned_with_article_citations(option, base):
    proc = procedure_for(apply_alone(base, load_template(available()[option])))
    if option not in ROUTES:
        pytest.fail(f"template {option} has no pinned route; add to ROUTES: {option!r}: {_pinned(proc)!r},")
    assert _pinned(proc) == ROUTES[option]
    for instrument in proc.instruments:
        for rule in instrument.adoption + instrument.initiators + instrument.votes + instrument.timetable:
            find(base, rule.cite)
    for limit in proc.limits:
        find(base, limit.article)
        assert limit.file == str(available()[option]) and limit.line


def _combinations():
    templates = [load_template(p) for p in available().values()]
    return [[t.id for t in combo] for combo in combinations(templates)]


@pytest.mark.parametrize("ids", _combinations(), ids=" + ".join)
def test_a_combination_of_templates_needs_the_routes_of_its_options_and_no_others(ids, base):
    templates = [load_template(available()[i]) for i in ids]
    try:
        amendment = apply_templates(base, templates)
    except DrafterError as exc:
        pytest.skip(f"the options do not apply together (drafter check reports it): {exc.problems[0]}")
    proc = procedure_for(amendment)
    alone = {t.id: procedure_for(apply_alone(base, t)) for t in templates}
    needed = {r for p in alone.values() for r in p.routes}
    assert set(proc.routes) == needed
    assert proc.split == (len(needed) > 1)
    for o in proc.per_option:
        assert o.routes == alone[o.option].routes
    def limits(p) -> list:
        return sorted((lim.rule, lim.severity, lim.template, lim.edit) for lim in p.limits)

    assert limits(proc) == sorted(x for p in alone.values() for x in limits(p))


# ---- the command -------------------------------------------------------------------------

def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_cli_prints_the_route_and_exits_0_when_the_draft_can_be_adopted(write):
    result = run("procedure", str(write("cli-adds", ARTICLE_144_NEW_ITEM)))
    assert result.exit_code == 0, result.output
    assert "One instrument: Constitutional Law on additions to the Constitution" in result.output
    assert "(Article 157)" in result.output


def test_cli_prints_the_report_and_exits_1_on_a_hard_limit_located_at_the_edit(write):
    path = write("cli-barred", ARTICLE_8)
    result = run("procedure", str(path))
    assert result.exit_code == 1
    assert "Cannot be adopted as drafted" in result.stdout
    assert f"drafter: {path}:10 edits[0]: Article 155: Article 8, part I" in result.stderr


def test_cli_json_output_is_the_library_json(write):
    path = write("cli-json", ARTICLE_144_REWORD, ARTICLE_144_NEW_PART)
    result = run("procedure", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == to_json(procedure_for(apply_options([str(path)])))


def test_cli_passes_template_parameters(write):
    extra = "parameters:\n  subject:\n    default: local monuments\n    description: what the item protects\n"
    edit = ARTICLE_144_NEW_ITEM.replace("the protection of local monuments.", "the protection of {{subject}}.")
    path = write("cli-param", edit, extra=extra)
    result = run("procedure", str(path), "-p", "subject=local archives", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["routes"] == ["constitutional-law"]
    bad = run("procedure", str(path), "-p", "subject")
    assert bad.exit_code == 2 and "write -p name=value" in bad.stderr


def test_cli_help_states_the_exit_status():
    result = run("procedure", "--help")
    assert result.exit_code == 0
    assert "1 when a hard limit bars it" in result.output


def test_cli_says_so_when_the_edition_has_no_rule_file(write, tmp_path):
    home = tmp_path / "home"
    edition = home / "constitution" / "az-1995-rev2009"
    edition.mkdir(parents=True)
    shutil.copy(rules_path().parent / "constitution.json", edition / "constitution.json")
    result = run("procedure", str(write("cli-no-rules", ARTICLE_144_NEW_ITEM)), env={"DRAFTER_HOME": str(home)})
    assert result.exit_code == 1
    assert "no procedure rules for edition 'az-1995-rev2009'" in result.stderr
