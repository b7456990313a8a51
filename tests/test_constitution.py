"""The embedded edition quotes the source word for word, less the web artifacts and the listed errata."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from drafter.address import Address, resolve
from drafter.errors import DrafterError
from drafter.errata import load_errata
from drafter.importer import import_text, parse_text
from drafter.load import edition_dir, load_edition, load_edition_errata
from drafter.model import Constitution
from drafter.view import outline

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "constitution-source" / "constitute-azerbaijan-1995-rev2009.txt"
needs_source = pytest.mark.skipif(not SOURCE.is_file(), reason=f"source text not found at {SOURCE}")


def source_tokens() -> list[str]:
    """The source's words, without the title line and the "Share" artifacts; "1.Taxes" read as "1. Taxes"."""
    lines = [l.strip() for l in SOURCE.read_text(encoding="utf-8").split("\n")]
    lines = [l for l in lines if l and l != "Share"][1:]
    return " ".join(re.sub(r"^(\d+)\.(?=\S)", r"\1. ", l) for l in lines).split()


def tokens(constitution: Constitution) -> list[str]:
    return constitution.text().split()


@pytest.fixture(scope="module")
def base() -> Constitution:
    return load_edition()


@needs_source
def test_without_errata_the_import_is_the_source_word_for_word():
    raw = import_text(SOURCE, "raw")
    assert tokens(raw) == source_tokens()


@needs_source
def test_the_embedded_edition_differs_from_the_source_only_by_its_errata(base):
    errata = [e for e in load_edition_errata() if e.action != "keep"]
    src, emb = source_tokens(), tokens(base)
    raw = import_text(SOURCE, "raw")
    explained = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, src, emb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        removed, added = " ".join(src[i1:i2]), " ".join(emb[j1:j2])
        match = [e for e in errata
                 if (e.action == "substitute" and removed.strip(".,;:") in e.find
                     and added.strip(".,;:") in e.replace)
                 or (e.action == "delete" and removed in " ".join(raw.get(Address.parse(e.target).eid).words().split()))]
        assert match, f"unexplained difference: {removed!r} -> {added!r}"
        explained.extend(e.id for e in match)
    assert set(explained) == {e.id for e in errata}, "every correction shows in the text"


@needs_source
def test_the_committed_edition_is_what_the_importer_makes_of_the_source(base):
    rebuilt = import_text(SOURCE, base.edition.id, errata=load_edition_errata())
    assert rebuilt.body == base.body
    assert rebuilt.edition.sha256 == base.edition.sha256 == (
        "1e987dc3c459a44959cca1fe82dd226a259425a4a090916bc87ad7f05a1029f0")


@needs_source
def test_every_article_number_of_the_source_is_present(base):
    numbers = re.findall(r"^Article (\d+)\. ", SOURCE.read_text(encoding="utf-8"), flags=re.M)
    assert [a.num for a in base.articles()] == numbers
    assert len(numbers) == 158


def test_ids_are_unique_and_every_node_has_a_citation(base):
    eids = [p.eid for p in base.walk()]
    assert len(eids) == len(set(eids))
    for eid in eids:
        assert Address.from_eid(eid).eid == eid


def test_every_citation_printed_by_toc_parses_back_to_its_node(base):
    lines = outline(base, depth="item")
    nodes = [p for p in base.walk() if p.kind != "paragraph"]
    assert len(lines) == len(nodes)
    for line, node in zip(lines, nodes):
        citation = line.strip().split("  ")[0]
        assert resolve(base, Address.parse(citation))[0].eid == node.eid, line


@pytest.mark.parametrize("eid, kind, start", [
    ("preamble", "preamble", "The Azerbaijan people, continuing"),
    ("preamble__para_1", "paragraph", "to protect the independence"),
    ("art_4", "article", "No one except authoritative representatives"),
    ("art_7__part_III__para_1", "paragraph", "Legislative power is exercised"),
    ("art_89__part_I__para_1", "paragraph", "The rules of termination"),
    ("art_144__part_I__item_4", "item", "the determination of local taxes"),
    ("transitional__item_4__para_2", "paragraph", "Article 85 of the Republic"),
    ("art_133__part_I", "part", "The Office of the Procurator"),
])
def test_the_structure_places_each_kind_of_block(base, eid, kind, start):
    node = base.get(eid)
    assert node.kind == kind and node.text.startswith(start)


def test_structure_has_sections_chapters_and_the_transitional_provisions(base):
    assert [t.kind for t in base.body] == ["preamble"] + ["section"] * 5 + ["transitional"]
    assert [c.num for c in base.walk() if c.kind == "chapter"] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    assert base.chapter_of("art_144").heading == "Municipalities"
    assert [i.num for i in base.get("transitional").children] == [str(n) for n in range(1, 13)]


def test_errata_decisions_are_applied(base):
    assert [p.num for p in base.get("art_1").children] == ["I", "II"]
    assert "authoritarian" not in base.get("art_133__part_I").text
    assert "Cou8rts" not in base.text() and "submitted submitted" not in base.text()
    kept = {e.id for e in load_edition_errata() if e.action == "keep"}
    assert {"K2", "K4", "K7"} <= kept


def test_provenance_is_recorded_with_the_edition(base):
    e = base.edition
    assert "Constitute Project" in e.translation and "not an official translation" in e.translation
    assert "2009" in e.as_revised and "2016" in e.as_revised
    assert (edition_dir() / "PROVENANCE.md").is_file()


@pytest.mark.parametrize("text, message", [
    ("T\nCHAPTER I. X\nArticle 1. A\nI. x\nIII. y\n", "part III where part II was expected"),
    ("CHAPTER I. X\nArticle 1. A\n1.x\n3.y\n", "item 3 where item 2 was expected"),
    ("Title\nCHAPTER I. X\nArticle 2. A\ntext\nArticle 1. B\ntext\n", "Article 1 follows Article 2"),
    ("Just some prose\nwith no articles\n", "no articles found"),
    ("Title\nFIRST PART. X\nstray text\n", "text outside any article"),
])
def test_a_malformed_source_is_reported_with_its_line(text, message):
    with pytest.raises(DrafterError) as exc:
        parse_text(text, "bad.txt")
    assert message in str(exc.value)
    assert "bad.txt:" in str(exc.value)


def test_an_erratum_that_does_not_apply_is_an_error(tmp_path):
    errata = tmp_path / "errata.yaml"
    errata.write_text("errata:\n - {id: X1, target: 'Article 1', action: substitute, find: nope, replace: x, reason: r}\n")
    src = tmp_path / "c.txt"
    src.write_text("T\nCHAPTER I. C\nArticle 1. A\nSome text.\n")
    with pytest.raises(DrafterError, match="erratum X1 .*does not apply: 'nope' occurs 0 times"):
        import_text(src, "x", errata=load_errata(errata))
