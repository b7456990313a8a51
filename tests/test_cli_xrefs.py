"""The cross-reference commands as a user types them: xrefs and cite."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.load import load_edition, save_edition

TEMPLATE = """\
id: {id}
title: A test draft for cross-references
option: A1
kind: alternative
edition: az-1995-rev2009
author: tests
rationale: A small draft to test cross-references.
argument: A small draft to test cross-references.
edits:
{edit}"""

REPEAL_101_V = """\
  - op: repeal
    target: Article 101, part V
    expect: military operations
    rationale: repeal a part the Transitional Provisions cite
"""
CITE_ARTICLE_200 = """\
  - op: insert
    into: Article 142
    provision:
      kind: part
      text: Municipalities act as provided in Article 200.
    rationale: cite an article that does not exist
"""

PAPER = ("The basis would be Chapter IX. Powers beyond those elicited in Chapter VIII, Article 144 of the "
         "Constitution. Help comply with requirements to use the official language, as noted in Articles 8\u201114.")


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def template(tmp_path, name: str, edit: str) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(TEMPLATE.format(id=name, edit=edit), encoding="utf-8")
    return str(path)


def test_xrefs_on_the_embedded_edition_lists_the_known_defect_apart_and_exits_0():
    result = run("xrefs")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "known defects of the source (not counted):"
    assert lines[1].startswith("  Article 130, part V: incomplete: 'items 1-7 of section of this Article'")
    assert lines[2] == "188 references, 0 broken; external 88, incomplete 1, ok 99"
    assert lines[3].startswith("by form: article-list 1, chapter 2, ")


def test_xrefs_json_gives_the_summary_and_with_all_every_reference():
    data = json.loads(run("xrefs", "--format", "json").output)
    assert (data["broken"], data["problems"], "references" in data) == (0, [], False)
    assert data["summary"]["form"]["part-of-this-article"] == 4
    every = json.loads(run("xrefs", "--format", "json", "--all").output)
    assert len(every["references"]) == 188


def test_xrefs_all_prints_one_line_per_reference():
    lines = run("xrefs", "--all").output.splitlines()
    assert "Article 25, part IV: ok: 'Part III of this Article' [part-of-this-article]: Article 25, part III" in lines


def test_an_option_repealing_a_cited_part_fails_naming_the_citing_provision_and_the_target(tmp_path):
    result = run("xrefs", template(tmp_path, "repeal-101-v", REPEAL_101_V))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("Transitional Provisions, item 3: repealed: 'Paragraph V of Article 101' [part-of-article]: "
                        "Article 101, part V has been repealed")
    assert ("  repealed: Transitional Provisions, item 3 cites Article 101, part V; "
            "the amendment repeals Article 101, part V") in lines
    assert "Traceback" not in result.output


def test_an_option_whose_new_text_cites_a_missing_article_fails_the_same_way(tmp_path):
    result = run("xrefs", template(tmp_path, "cite-200", CITE_ARTICLE_200), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [(p["where"], p["status"], p["text"]) for p in data["problems"]] == [
        ("Article 142, part IV", "dangling", "Article 200")]
    assert data["impact"] == []


def test_an_edition_with_a_dangling_reference_and_no_known_defects_file_exits_1(tmp_path):
    base = load_edition()
    body = tuple(top.with_children(tuple(_prune(c) for c in top.children)) for top in base.body)
    save_edition(type(base)(base.edition, body, base.repealed), tmp_path / "constitution")
    result = run("xrefs", env={"DRAFTER_HOME": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "Article 130, part V: incomplete: 'items 1-7 of section of this Article' [item-of-part-of-this-article-range]: "
        "'items 1-7 of section of this Article' gives no number for the part; of the parts of Article 130 only part "
        "III has items 1-7",
        "Transitional Provisions, item 3: dangling: 'Paragraph V of Article 101' [part-of-article]: "
        "Article 101, part V does not exist (Article 101 has parts I-IV, VI; no part V)",
    ]


def _prune(node):
    return node.with_children(tuple(_prune(c) for c in node.children if c.eid != "art_101__part_V"))


@pytest.mark.parametrize("args", [("xrefs", "--edition", "nope"), ("cite", "Article 1", "--edition", "nope")])
def test_an_unknown_edition_is_one_line_and_exit_1(args):
    result = run(*args)
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith("drafter: ") and "no edition 'nope'" in result.output


def test_cite_flags_the_papers_two_wrong_citations_and_passes_the_right_one():
    result = run("cite", PAPER)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "ok: 'Chapter IX' [chapter]: Chapter IX",
        "wrong-container: 'Chapter VIII, Article 144' [chapter-article]: Article 144 is in Chapter IX "
        "(Municipalities), not in Chapter VIII (The Nakhichevan Autonomous Republic)",
        "off-topic: 'Articles 8\u201114' [article-range]: 'Articles 8\u201114' is cited for 'official language', "
        "but Articles 8-14 does not mention 'language'; Article 21 (State Language) does",
    ]


@pytest.mark.parametrize("text", ["Chapter VIII, Articles 134\u2011141", "Chapter IX", "Article 45"])
def test_cite_passes_the_papers_correct_citations(text):
    result = run("cite", text)
    assert (result.exit_code, result.output.split(":")[0]) == (0, "ok")


def test_cite_json_gives_status_targets_and_offsets():
    data = json.loads(run("cite", "see Chapter VIII, Article 144", "--format", "json").output)
    assert [(d["status"], d["targets"], d["start"], d["end"]) for d in data] == [
        ("wrong-container", ["art_144"], 4, 29)]


def test_cite_with_a_topic_checks_it_and_without_citations_says_so():
    assert run("cite", "Article 45", "--topic", "official language").exit_code == 1
    result = run("cite", "a text without citations, 45 members")
    assert (result.exit_code, result.output) == (0, "no citations of the constitution found\n")


def test_xrefs_takes_ids_and_parameters():
    assert run("xrefs", "enhanced-local", "-p", "region=Karabakh").exit_code == 0


@pytest.mark.parametrize("text, first", [
    ("Art 139-1", "dangling: 'Art 139-1' [article]: Article 139-1 does not exist"),
    ("Article 144(1)", "ok: 'Article 144(1)' [division-of-article]: Article 144, part I"),
    ("Article 109(32)", "ok: 'Article 109(32)' [division-of-article]: Article 109, item 32"),
    ("Chapter 9", "ok: 'Chapter 9' [chapter]: Chapter IX"),
    ("Article 144 (Chapter VIII)", "wrong-container: 'Article 144 (Chapter VIII)' [chapter-article]: Article 144 is in "
                                   "Chapter IX"),
])
def test_cite_reads_citations_as_people_write_them_and_shows_the_canonical_form(text, first):
    assert run("cite", text).output.startswith(first)


def test_a_closed_pipe_ends_quietly_with_141():
    import os
    import subprocess
    import sys
    from pathlib import Path

    drafter = str(Path(sys.executable).with_name("drafter"))
    read, write = os.pipe()
    os.close(read)  # the reader has gone before drafter writes a word (drafter diff ... | head)
    try:
        p = subprocess.run([drafter, "show", "Article 144"], stdout=write, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write)
    assert (p.returncode, p.stderr) == (141, b"")
