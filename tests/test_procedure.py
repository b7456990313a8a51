"""Which procedure adopts a draft: one Referendum Act for any draft that changes existing text (Chapter
XI), Constitutional Law or referendum for additions only (Chapter XII), the limits of Articles 155 and 158,
and Article 156 V by substance, from the edition's rule file."""

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
from drafter.procedure import (ADDITION, HARD, REVISION, WARNING, NoProcedureRules, classify, check_notes, check_warnings,
                               hard_limits, load_rules, procedure_for, rules_path, summary_lines, to_json)
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
    assert rules.classes[REVISION].routes == ("referendum",)
    assert set(rules.classes[ADDITION].routes) == {"referendum", "constitutional-law"}
    cited = [r.cite for route in rules.routes.values()
             for r in route.adoption + route.initiators + route.votes + route.steps + route.conditions]
    cited += [lim.cite for lim in rules.limits] + [r.cite for r in rules.one_act]
    for cite in cited:
        find(base, cite)  # raises if the provision does not exist
    assert {"Article 152", "Article 153", "Article 154", "Article 155", "Article 157", "Article 158",
            "Article 3, part II, item 1", "Article 156, part I", "Article 156, part II", "Article 156, part III",
            "Article 156, part IV", "Article 156, part V"} <= set(cited)


def test_a_rule_whose_expected_words_the_article_lacks_is_reported_at_its_line(base, tmp_path):
    text = rules_path().read_text(encoding="utf-8").replace("expect: schedule a referendum", "expect: schedule an election")
    path = tmp_path / "procedure.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        load_rules(base=base, path=path)
    [problem] = exc.value.problems
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "schedule an election" in s)
    assert (problem.file, problem.line) == (str(path), line)
    assert "Article 95, part I, item 18 does not say 'schedule an election'" in problem.message


def test_every_rule_says_whether_it_reads_the_text_or_the_practice_and_practice_names_its_source(base, tmp_path):
    rules = load_rules(base=base)
    every = [r for route in rules.routes.values() for r in route.adoption + route.initiators + route.votes
             + route.conditions + (route.act.entry_into_force,)] + list(rules.one_act) + [rules.recommendation]
    assert {r.basis for r in every} == {"text", "practice"}
    practice = [r for r in every if r.basis == "practice"]
    assert all(r.source for r in practice)
    assert any("2002" in r.source and "2016" in r.source for r in rules.one_act if r.basis == "practice")
    data = yaml.safe_load(rules_path().read_text(encoding="utf-8"))
    del next(r for r in data["one_act"] if r["basis"] == "practice")["source"]
    path = tmp_path / "procedure.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        load_rules(base=base, path=path)
    assert any("'source' is required" in p.message and p.path.startswith("one_act[")
               for p in exc.value.problems)


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


def test_a_rule_file_is_checked_against_its_schema_once_per_content(base, tmp_path, monkeypatch):
    # Like an edition or a template, a rule file whose exact bytes passed the schema is not validated
    # again; a changed file is, and its problems are reported every time, a good content remembered or not.
    import drafter.procedure.rules as rules_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    validated = []
    real = rules_module.schema_problems
    monkeypatch.setattr(rules_module, "schema_problems", lambda *a, **k: validated.append(a[2]) or real(*a, **k))
    good = rules_path().read_text(encoding="utf-8")
    path = tmp_path / "procedure.yaml"
    path.write_text(good, encoding="utf-8")
    assert load_rules(base=base, path=path) == load_rules(base=base, path=path)
    assert validated == [str(path)]
    data = yaml.safe_load(good)
    data["limits"][0]["severity"] = "fatal"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DrafterError) as exc:
            load_rules(base=base, path=path)
        assert [p.path for p in exc.value.problems] == ["limits[0].severity"]
    assert validated == [str(path)] * 3
    path.write_text(good, encoding="utf-8")
    load_rules(base=base, path=path)
    assert validated == [str(path)] * 3


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
    assert "cannot be put to referendum" in limit.message
    assert not proc.adoptable and proc.routes == ("referendum",) and proc.open_routes == ()


def test_repealing_a_whole_chapter_ii_article_runs_into_article_155(write):
    proc, _ = draft(write, "art-7", ARTICLE_7_REPEAL)
    assert [(lim.severity, lim.article) for lim in proc.limits] == [(HARD, "Article 155")]


def test_a_revision_of_article_3_is_open_to_referendum(write):
    proc, _ = draft(write, "art-3-words", ARTICLE_3_REWORD)
    assert proc.routes == ("referendum",) and proc.limits == () and proc.adoptable


def test_an_addition_to_a_chapter_i_article_goes_by_referendum_and_article_158_refuses_the_constitutional_law(write):
    proc, _ = draft(write, "art-3-part", ARTICLE_3_NEW_PART)
    assert proc.routes == ("referendum",) and proc.open_routes == ("referendum",) and proc.adoptable
    assert proc.limits == ()
    [limit] = proc.closed["constitutional-law"]
    assert (limit.severity, limit.article, limit.rule) == (HARD, "Article 158", "chapter-i-additions")
    assert limit.provision == "Article 3, part IV"
    assert "inserted; option art-3-part, edit 1" in limit.message
    forced = procedure_for(apply_options([str(write("art-3-part-cl", ARTICLE_3_NEW_PART))]),
                           route="constitutional-law")
    assert forced.forced and not forced.adoptable
    assert [(lim.article, lim.path) for lim in forced.hard] == [("Article 158", "edits[0]")]


def test_a_new_article_at_the_end_of_chapter_i_is_closed_to_constitutional_law_by_article_158(write):
    proc, _ = draft(write, "art-6-1", NEW_ARTICLE_AFTER_6)
    assert proc.routes == ("referendum",) and proc.adoptable
    assert [(lim.severity, lim.article, lim.provision) for lim in proc.closed["constitutional-law"]] == [
        (HARD, "Article 158", "Article 6-1")]


def test_an_addition_to_article_1_is_closed_to_both_routes(write):
    edit = ARTICLE_3_NEW_PART.replace("into: Article 3", "into: Article 1")
    proc, _ = draft(write, "art-1-part", edit)
    assert proc.open_routes == () and not proc.adoptable
    assert {lim.article for lim in proc.hard} | {lim.article for lims in proc.closed.values() for lim in lims} == {
        "Article 155", "Article 158"}


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


def test_an_addition_to_article_8_is_closed_to_referendum_and_warned_under_article_156_part_v(write):
    proc, _ = draft(write, "art-8-part", ARTICLE_8_NEW_PART)
    assert proc.routes == ("constitutional-law",) and proc.open_routes == ("constitutional-law",)
    assert [(lim.severity, lim.article) for lim in proc.limits] == [(WARNING, "Article 156, part V")]
    assert [lim.article for lim in proc.closed["referendum"]] == ["Article 155"]


def test_hard_limits_are_problems_at_the_template_file_line_and_edit(write):
    path = write("two-limits", ARTICLE_144_NEW_ITEM, ARTICLE_8, ARTICLE_28_REPEAL)
    problems = hard_limits(apply_options([str(path)]))
    lines = path.read_text().splitlines()
    assert [(p.file, p.path) for p in problems] == [(str(path), "edits[1]"), (str(path), "edits[2]")]
    assert [lines[p.line - 1].strip() for p in problems] == ["- op: substitute", "- op: repeal"]
    assert problems[0].message.startswith("Article 155: Article 8, part I")
    assert problems[1].message.startswith("Article 155: Article 28, part IV")


def test_a_draft_without_hard_limits_has_no_problems_for_check(write):
    assert hard_limits(apply_options([str(write("fine", ARTICLE_144_NEW_ITEM))])) == []


# ---- routes ------------------------------------------------------------------------------

def test_a_draft_of_additions_only_lists_both_routes_and_recommends_the_constitutional_law(write):
    proc, amendment = draft(write, "adds", ARTICLE_144_NEW_ITEM, ARTICLE_144_NEW_PART)
    assert proc.open_routes == ("referendum", "constitutional-law")
    assert proc.recommended == "constitutional-law" and not proc.forced
    [law] = proc.instruments
    assert (law.route, law.carries) == ("constitutional-law", (ADDITION,))
    assert law.kind == "Constitutional Law of the Republic of Azerbaijan"
    assert law.heading == "On additions to the Constitution of the Republic of Azerbaijan"
    assert law.changes == amendment.changes
    assert [r.count for r in law.initiators] == [63] and "President" in law.initiators[0].says
    assert law.initiators[0].cite == "Article 157"
    assert {(r.cite, r.count, r.months) for r in law.votes} == {
        ("Article 156, part I", 95, None), ("Article 156, part II", 2, 6)}
    assert [s.cite for s in law.steps] == ["Article 157", "Article 156, part I", "Article 156, part III",
                                           "Article 156, part II", "Article 156, part IV"]
    assert law.entry_into_force.cite == "Article 156, part IV"
    assert [r.cite for r in law.conditions] == ["Article 156, part V"]
    assert [r.cite for r in proc.reasons] == ["Article 156, part I"]
    text = "\n".join(summary_lines(proc))
    for words in ("One instrument: Constitutional Law of the Republic of Azerbaijan", "63 members", "95 votes",
                  "six months after the first", "(Article 157)", "(Article 156, part IV)",
                  "must not contradict its main text",
                  "Routes open: Adoption by referendum; Adoption by Constitutional Law. Recommended: Adoption by "
                  "Constitutional Law.", "Adoptable (Adoption by Constitutional Law)."):
        assert words in text


def test_a_draft_of_additions_only_goes_by_referendum_when_asked(write):
    amendment = apply_options([str(write("adds-ref", ARTICLE_144_NEW_ITEM))])
    proc = procedure_for(amendment, route="referendum")
    assert proc.routes == ("referendum",) and proc.forced and proc.adoptable
    assert proc.instruments[0].kind == "Act of the Referendum of the Republic of Azerbaijan"
    with pytest.raises(DrafterError, match="no such route"):
        procedure_for(amendment, route="parliament")


def test_a_draft_that_only_revises_takes_the_referendum_route_with_the_courts_opinion_first(write):
    proc, _ = draft(write, "revises", ARTICLE_144_REWORD)
    [act] = proc.instruments
    assert (act.route, act.carries) == ("referendum", (REVISION,))
    assert act.heading == "On amendments to the Constitution of the Republic of Azerbaijan"
    assert {r.cite for r in act.adoption} == {"Article 152", "Article 3, part II, item 1"}
    assert "Article 153" in {r.cite for r in act.initiators} and act.steps[0].cite == "Article 153"
    assert "Article 154" in {r.cite for r in act.conditions}
    assert act.entry_into_force.cite == "Article 149, part II"


def test_a_draft_that_changes_text_and_adds_provisions_is_one_referendum_act_carrying_both(write):
    proc, amendment = draft(write, "mixed", ARTICLE_144_REWORD, ARTICLE_144_NEW_PART)
    [act] = proc.instruments
    assert proc.routes == ("referendum",) and proc.open_routes == ("referendum",)
    assert act.carries == (REVISION, ADDITION) and act.changes == amendment.changes
    assert act.heading == "On amendments and additions to the Constitution of the Republic of Azerbaijan"
    assert act.provisions == ("Article 144, part I, item 2", "Article 144, part III")
    assert {r.basis for r in proc.reasons} == {"text", "practice"}
    assert "Article 152" in {r.cite for r in proc.reasons}
    [bar] = proc.closed["constitutional-law"]
    assert (bar.article, bar.provision, bar.path) == ("Article 152", "Article 144, part I, item 2", "edits[0]")
    text = "\n".join(summary_lines(proc))
    assert "One instrument: Act of the Referendum of the Republic of Azerbaijan" in text
    assert "practice: Acts of the Referendum" in text and "adopted separately" not in text


def test_forcing_the_constitutional_law_on_a_draft_that_changes_text_names_article_152(write):
    amendment = apply_options([str(write("mixed-cl", ARTICLE_144_REWORD, ARTICLE_144_NEW_PART))])
    proc = procedure_for(amendment, route="constitutional-law")
    [bar] = proc.hard
    assert (bar.article, bar.provision, bar.path) == ("Article 152", "Article 144, part I, item 2", "edits[0]")
    assert "reserves to adoption by referendum: it cannot go by Constitutional Law" in bar.message


def test_renumbering_existing_parts_for_a_new_one_brings_in_the_referendum_and_says_why(write):
    proc, _ = draft(write, "renumbers", ARTICLE_32_RENUMBERED)
    assert proc.routes == ("referendum",)
    assert any("renumbers Article 32, part III" in n.says and "Appending" in n.says for n in proc.notes)


def test_a_combination_reports_each_option_and_the_routes_open_to_it(write):
    one = write("adds-only", ARTICLE_144_NEW_ITEM)
    two = write("revises-only", ARTICLE_3_REWORD)
    proc = procedure_for(apply_options([str(one), str(two)]))
    assert proc.routes == ("referendum",)
    assert [(o.option, o.routes, o.revisions, o.additions) for o in proc.per_option] == [
        ("adds-only", ("referendum", "constitutional-law"), 0, 1), ("revises-only", ("referendum",), 1, 0)]
    assert proc.instruments[0].options == ("adds-only", "revises-only")
    assert any(line.strip().startswith("adds-only: 1 addition; open alone to: Adoption by referendum; Adoption by "
                                       "Constitutional Law") for line in summary_lines(proc))


def test_a_draft_with_a_hard_limit_says_it_cannot_be_adopted_and_why(write):
    proc, _ = draft(write, "barred", ARTICLE_8)
    lines = summary_lines(proc)
    assert lines[-1] == "Cannot be adopted as drafted (Adoption by referendum): 1 hard limit (Article 155)."
    assert any(line.startswith("   HARD Article 155: Article 8, part I") for line in lines)


def test_the_json_form_carries_the_route_the_instrument_and_the_located_closures(write):
    proc, _ = draft(write, "json-mixed", ARTICLE_144_REWORD, ARTICLE_3_NEW_PART)
    data = json.loads(json.dumps(to_json(proc)))
    assert data["route"] == "referendum" and data["open_routes"] == ["referendum"] and data["adoptable"]
    assert data["only_route_open"] == "referendum" and not data["forced"]
    [act] = data["instruments"]
    assert act["kind"] == "Act of the Referendum of the Republic of Azerbaijan"
    assert act["basis"] == ["Article 3, part II, item 1", "Article 152"]
    assert [c["class"] for c in act["changes"]] == ["revision", "addition"]
    assert {"who", "does", "cite", "basis"} <= set(act["steps"][0])
    closed = data["closed"]["constitutional-law"]
    assert [(c["cite"], c["option"], c["edit"], c["path"]) for c in closed] == [
        ("Article 152", "json-mixed", 1, "edits[0]"), ("Article 158", "json-mixed", 2, "edits[1]")]
    assert closed[0]["file"].endswith("json-mixed.yaml") and closed[0]["line"]


# ---- Article 156, part V by substance ------------------------------------------------------

DEROGATES_149 = """\
    derogates:
      - provision: Article 149, part III
        reason: laws of the Republic do not bind the region's municipalities on these matters
"""
NEW_ARTICLE_DISAPPLYING_LAWS = """\
  - op: insert
    after: Article 146
    provision:
      kind: article
      heading: Local regulations
      text: >-
        Notwithstanding part III of Article 149 of the present Constitution, regulations of the
        municipalities of the region prevail over laws on matters of local significance.
    rationale: a derogation in plain words
"""
NEW_PART_LIMITING_LAWS = """\
  - op: insert
    into: Article 144
    provision:
      kind: part
      text: Laws of the Republic of Azerbaijan on local taxes do not apply in the region.
    rationale: limits where laws apply, citing no article
"""
NEW_PART_EXCEPTIONAL = """\
  - op: insert
    into: Article 144
    provision:
      kind: part
      text: In exceptional situations under Article 112, municipalities assist the executive power.
    rationale: exceptional is not except
"""


def test_a_declared_derogation_makes_a_draft_of_additions_referendum_only(write):
    edit = ARTICLE_144_NEW_PART + DEROGATES_149
    proc, _ = draft(write, "declared", edit)
    assert proc.routes == ("referendum",) and proc.open_routes == ("referendum",) and proc.adoptable
    [(item, d)] = proc.derogations
    assert (d.provision, d.declared, item.provision) == ("Article 149, part III", True, "Article 144, part III")
    [bar] = proc.closed["constitutional-law"]
    assert (bar.rule, bar.article, bar.path) == ("derogation", "Article 156, part V", "edits[0]")
    assert "derogates from Article 149, part III (declared: laws of the Republic" in bar.message
    assert proc.warnings == []
    assert check_warnings(proc) == []
    [note] = check_notes(proc)
    assert note.message.startswith("referendum-only: Article 156, part V: Article 144, part III") and note.line
    data = to_json(proc)
    assert data["only_route_open"] == "referendum" and data["derogations"][0]["provision"] == "Article 149, part III"
    forced = procedure_for(apply_options([str(write("declared-cl", edit))]), route="constitutional-law")
    assert [lim.article for lim in forced.hard] == ["Article 156, part V"]


def test_an_undeclared_derogation_found_in_the_words_is_a_located_warning_and_closes_the_constitutional_law(write):
    path = write("found", NEW_ARTICLE_DISAPPLYING_LAWS)
    proc = procedure_for(apply_options([str(path)]))
    assert proc.routes == ("referendum",)
    [warning] = proc.warnings
    assert (warning.rule, warning.article, warning.path) == ("undeclared-derogation", "Article 156, part V", "edits[0]")
    assert warning.file == str(path) and path.read_text().splitlines()[warning.line - 1].strip() == "- op: insert"
    assert "may derogate from Article 149, part III" in warning.message and "Notwithstanding" in warning.message
    assert [lim.rule for lim in proc.closed["constitutional-law"]] == ["derogation-found"]
    assert "so the draft is referendum-only" in warning.message
    assert check_warnings(proc) == [warning.problem()]


def test_new_words_limiting_where_laws_apply_are_a_candidate_against_article_149(write):
    proc, _ = draft(write, "limits-laws", NEW_PART_LIMITING_LAWS)
    assert [(d.provision, d.declared) for _, d in proc.derogations] == [("Article 149, part III", False)]
    assert proc.routes == ("referendum",)


def test_declaring_the_derogation_silences_the_warning(write):
    proc, _ = draft(write, "declared-found", NEW_ARTICLE_DISAPPLYING_LAWS + DEROGATES_149)
    assert proc.warnings == [] and [d.declared for _, d in proc.derogations] == [True]


def test_exceptional_situations_are_not_an_exception(write):
    proc, _ = draft(write, "exceptional", NEW_PART_EXCEPTIONAL)
    assert proc.derogations == [] and proc.routes == ("constitutional-law",)


def test_a_derogation_from_an_entrenched_article_cannot_go_by_referendum_either(write):
    edit = ARTICLE_144_NEW_PART + """\
    derogates:
      - provision: Article 7, part III
        reason: the region's bodies share in the division of powers
"""
    proc, _ = draft(write, "derogates-7", edit)
    assert proc.open_routes == () and not proc.adoptable
    articles = {lim.article for lim in proc.hard} | {lim.article for lims in proc.closed.values() for lim in lims}
    assert articles == {"Article 155", "Article 156, part V"}


def test_a_declared_derogation_from_a_provision_that_does_not_exist_is_an_error_at_its_line(write):
    edit = ARTICLE_144_NEW_PART + DEROGATES_149.replace("Article 149, part III", "Article 149, part XII")
    path = write("bad-derogation", edit)
    with pytest.raises(DrafterError) as exc:
        procedure_for(apply_options([str(path)]))
    [problem] = exc.value.problems
    assert problem.path == "edits[0].derogates[0].provision" and problem.file == str(path)
    assert "Article 149, part XII" in path.read_text().splitlines()[problem.line - 1]


# ---- the project's templates -------------------------------------------------------------

#: The route each template in templates/ takes on its own, the routes open to it, and the limits it runs
#: into on its route (hard, warning) by rule id. A new template fails here until its row is added:
#: the failure prints the row, to be checked by reading the report (`drafter procedure ID`).
ROUTES = {
    "antiquities-authority": (("constitutional-law",), ("referendum", "constitutional-law"), (), ("chapter-iii-additions",)),
    "armenian-language": (("constitutional-law",), ("referendum", "constitutional-law"), (), ()),
    "boundaries": (("constitutional-law",), ("referendum", "constitutional-law"), (), ()),
    "consociational-veto": (("referendum",), ("referendum",), (), ()),
    "enhanced-local": (("referendum",), ("referendum",), (), ()),
    "local-district-head": (("constitutional-law",), ("referendum", "constitutional-law"), (), ()),
    "municipal": (("constitutional-law",), ("referendum", "constitutional-law"), (), ()),
    "nakhchivan-level": (("referendum",), ("referendum",), (), ()),
    "south-tyrol": (("referendum",), ("referendum",), (), ()),
}


def _pinned(proc) -> tuple:
    return (proc.routes, proc.open_routes, tuple(sorted({lim.rule for lim in proc.hard})),
            tuple(sorted({lim.rule for lim in proc.warnings})))


@pytest.mark.parametrize("option", sorted(available()))
def test_every_template_has_its_route_pinned_with_article_citations(option, base):
    proc = procedure_for(apply_alone(base, load_template(available()[option])))
    if option not in ROUTES:
        pytest.fail(f"template {option} has no pinned route; add to ROUTES: {option!r}: {_pinned(proc)!r},")
    assert _pinned(proc) == ROUTES[option]
    for instrument in proc.instruments:
        for rule in instrument.adoption + instrument.initiators + instrument.votes + instrument.steps:
            find(base, rule.cite)
    for limit in proc.limits:
        find(base, limit.article)
        assert limit.file == str(available()[option]) and limit.line


def _combinations():
    templates = [load_template(p) for p in available().values()]
    return [[t.id for t in combo] for combo in combinations(templates)]


@pytest.mark.parametrize("ids", _combinations(), ids=" + ".join)
def test_a_combination_of_templates_is_open_to_the_routes_open_to_every_option(ids, base):
    templates = [load_template(available()[i]) for i in ids]
    try:
        amendment = apply_templates(base, templates)
    except DrafterError as exc:
        pytest.skip(f"the options do not apply together (drafter check reports it): {exc.problems[0]}")
    proc = procedure_for(amendment)
    alone = {t.id: procedure_for(apply_alone(base, t)) for t in templates}
    assert set(proc.open_routes) == set.intersection(*(set(p.open_routes) for p in alone.values()))
    assert len(proc.instruments) == 1
    if any(c.cls == REVISION for c in proc.classified):
        assert proc.routes == ("referendum",)
    for o in proc.per_option:
        assert o.routes == alone[o.option].open_routes


# ---- the command -------------------------------------------------------------------------

def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_cli_prints_the_route_and_exits_0_when_the_draft_can_be_adopted(write):
    result = run("procedure", str(write("cli-adds", ARTICLE_144_NEW_ITEM)))
    assert result.exit_code == 0, result.output
    assert "One instrument: Constitutional Law of the Republic of Azerbaijan" in result.output
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
    assert json.loads(result.stdout)["route"] == "constitutional-law"
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


def test_cli_route_forces_a_route_and_names_the_article_that_forbids_it(write):
    path = write("cli-mixed", ARTICLE_144_REWORD, ARTICLE_144_NEW_PART)
    result = run("procedure", str(path), "--route", "constitutional-law")
    assert result.exit_code == 1
    assert f"drafter: {path}:10 edits[0]: Article 152: Article 144, part I, item 2" in result.stderr
    assert run("procedure", str(path), "--route", "referendum").exit_code == 0
    assert run("procedure", str(path), "--route", "parliament").exit_code == 2


def test_cli_nakhchivan_level_is_one_referendum_act():
    result = run("procedure", "nakhchivan-level")
    assert result.exit_code == 0, result.output
    assert "One instrument: Act of the Referendum of the Republic of Azerbaijan" in result.output
    assert "Closed: Adoption by Constitutional Law, by Article 152" in result.output
    assert "and 4 more" not in result.output
