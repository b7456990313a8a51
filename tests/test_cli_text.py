"""The reading commands as a user types them: show, toc, import, --version, --help."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from drafter.cli import main

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "constitution-source" / "constitute-azerbaijan-1995-rev2009.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_show_prints_article_144_as_it_stands():
    result = run("show", "Article 144")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Article 144. The Competence of Municipalities"
    assert lines[1] == "I. The following matters are settled at the meetings of the municipalities:"
    assert lines[5] == "4. the determination of local taxes and fees;"


def test_show_json_gives_the_structure_and_the_chapter():
    data = json.loads(run("show", "Article 144, part I, item 4", "--format", "json").output)
    assert data["eId"] == "art_144__part_I__item_4"
    assert data["chapter"] == "Chapter IX"
    assert data["text"] == "the determination of local taxes and fees;"


def test_an_unknown_citation_is_one_line_naming_what_exists_and_exit_1():
    result = run("show", "Article 144, part III")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "drafter: 'Article 144, part III' does not exist (Article 144 has parts I-II; no part III)")


def test_a_citation_that_cannot_be_read_says_how_to_write_one():
    result = run("show", "Artcle 144")
    assert result.exit_code == 1
    assert "write e.g. 'Article 144, part I, item 4'" in result.output
    assert "Traceback" not in result.output


def test_toc_of_a_chapter_lists_its_articles_with_their_parts():
    result = run("toc", "--chapter", "IX")
    assert result.exit_code == 0
    assert result.output.splitlines()[3] == "  Article 144  The Competence of Municipalities  [parts I-II]"


def test_show_errata_lists_corrections_and_kept_defects():
    result = run("show", "--errata")
    assert "E1  Article 1, part III: deleted" in result.output
    assert "K2  Article 132: kept as in the source" in result.output


def test_show_marks_a_provision_that_carries_a_kept_erratum_with_its_id_and_one_line():
    part = run("show", "Article 101, part II").output.splitlines()
    assert len(part) == 3 and part[0] == "Article 101, part II"
    assert part[2].startswith("[K7 kept erratum, Article 101, part II] \"a majority of two-thirds")
    article = run("show", "Article 101").output
    assert "[K7 kept erratum, Article 101, part II]" in article
    assert "kept erratum" not in run("show", "Article 101, part I").output
    assert "kept erratum" not in run("show", "Article 144").output


def test_version_and_help():
    assert run("--version").output.startswith("drafter ")
    assert "show" in run("--help").output


def test_import_writes_an_edition_and_refuses_to_overwrite_it(tmp_path):
    if not SOURCE.is_file():
        return
    first = run("import", str(SOURCE), "--edition", "test-ed", "--into", str(tmp_path))
    assert first.exit_code == 0, first.output
    assert "158 articles" in first.output
    again = run("import", str(SOURCE), "--edition", "test-ed", "--into", str(tmp_path))
    assert again.exit_code == 1 and "already exists; use --force" in again.output


def test_import_of_a_malformed_source_leaves_nothing_on_disk(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Title\nCHAPTER I. X\nArticle 1. A\nI. one\nIII. three\n")
    result = run("import", str(bad), "--edition", "bad", "--into", str(tmp_path / "eds"))
    assert result.exit_code == 1
    assert "bad.txt:5: Article 1: part III where part II was expected" in result.output
    assert not (tmp_path / "eds").exists()


def test_import_of_a_binary_file_is_refused(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04" + bytes(100))
    result = run("import", str(bad), "--edition", "bad", "--into", str(tmp_path / "eds"))
    assert result.exit_code == 1 and "not a plain-text file" in result.output


def test_show_of_a_part_or_item_prints_its_citation_first_in_canonical_form():
    for written in ("Article 144, part I, item 4", "art. 144, part 1, item 4", "Art 144(1)(4)"):
        result = run("show", written)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[:2] == ["Article 144, part I, item 4",
                                                  "4. the determination of local taxes and fees;"]
