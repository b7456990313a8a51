"""The synoptic table: one row per changed provision, differences marked by formatting, one proposed column
per alternative, a header row repeated on every page, landscape."""

from __future__ import annotations

import io

import docx
import pytest
from lxml import etree

from drafter.amend import apply_options
from drafter.plan.table import rows
from drafter.render.synoptic import render_synoptic
from drafter.template import available
from render_cases import DATE, TEST_TEMPLATE, apply_or_skip, part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def amendment():
    return apply_options([str(TEST_TEMPLATE)])


@pytest.fixture(scope="module")
def table(amendment):
    return docx.Document(io.BytesIO(render_synoptic([amendment], date=DATE))).tables[0]


def test_one_row_per_changed_provision_in_the_order_of_the_text(amendment):
    assert [r.key for r in rows([amendment])] == [
        "new:art_7__part_II", "renumber:art_7", "old:art_137__part_I", "new:art_139-1", "new:chp_VIII-1",
        "new:art_144__part_I__item_10", "old:art_145__part_III"]


def test_columns_and_the_repeated_header_row(table):
    assert [c.text for c in table.rows[0].cells] == ["Provision", "Current text", "Proposed text", "Rationale"]
    tr = table.rows[0]._tr
    assert tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert len(table.rows) == 1 + 7


def test_the_page_is_landscape(amendment):
    d = docx.Document(io.BytesIO(render_synoptic([amendment], date=DATE)))
    section = d.sections[0]
    assert section.page_width > section.page_height


def _runs(cell):
    return [(r.text, bool(r.font.strike), bool(r.font.underline), bool(r.font.bold))
            for p in cell.paragraphs for r in p.runs]


def test_deleted_words_are_struck_and_new_words_bold(table):
    row = next(r for r in table.rows if r.cells[0].text.startswith("Article 137, part I"))
    current, proposed = _runs(row.cells[1]), _runs(row.cells[2])
    assert ("45", True, False, False) in current and not any(t == "49" for t, *_ in current)
    assert ("49", False, False, True) in proposed and not any(t == "45" for t, *_ in proposed)
    assert not any(bold for t, _, _, bold in proposed if t != "49")
    assert "words replaced" in row.cells[0].text
    assert row.cells[3].text == "A4 test-a, edit 1: more seats"


def test_new_and_repealed_provisions_say_so(table):
    new = next(r for r in table.rows if r.cells[0].text.startswith("Article 139-1"))
    assert new.cells[1].text == "(new provision)"
    assert new.cells[2].text.startswith("Article 139-1. New Article")
    gone = next(r for r in table.rows if r.cells[0].text.startswith("Article 145, part III"))
    assert gone.cells[2].text == "(repealed)"
    assert all(strike for _, strike, _, _ in _runs(gone.cells[1]))


def test_renumbered_parts_share_one_row(table):
    row = next(r for r in table.rows if r.cells[0].text.startswith("Article 7, parts II, III, IV"))
    assert "renumbered II \u2192 III, III \u2192 IV, IV \u2192 V" in row.cells[0].text
    assert [p.text.split(" ")[0] for p in row.cells[1].paragraphs] == ["II.", "III.", "IV."]
    assert [p.text.split(" ")[0] for p in row.cells[2].paragraphs] == ["III.", "IV.", "V."]


def test_no_revisions_only_formatting(amendment):
    root = etree.fromstring(part(render_synoptic([amendment], date=DATE)))
    assert not list(root.iter(f"{W}ins", f"{W}del"))


def test_alternatives_get_one_proposed_column_each():
    alternatives = [name for name in ("nakhchivan-level", "enhanced-local", "municipal") if name in available()]
    if len(alternatives) < 2:
        pytest.skip("needs two alternative templates in templates/")
    amendments = [apply_or_skip([name]) for name in alternatives]
    d = docx.Document(io.BytesIO(render_synoptic(amendments, date=DATE)))
    t = d.tables[0]
    heads = [c.text for c in t.rows[0].cells]
    assert heads[0:2] == ["Provision", "Current text"] and heads[-1] == "Rationale"
    assert [h.split(": ", 1)[1].split(" ")[1] for h in heads[2:-1]] == alternatives
    for row in t.rows[1:]:
        texts = [c.text for c in row.cells[2:-1]]
        assert sum(1 for x in texts if x != "(no change)") >= 1


def test_two_renumberings_of_one_part_show_its_edition_number_and_its_final_one():
    import yaml
    from drafter.amend import apply_templates
    from drafter.plan import plan_of
    from drafter.template import template_from_text
    from render_cases import BASE
    data = {"id": "t-twice", "title": "Two new parts", "option": "A4", "kind": "alternative",
            "edition": BASE.edition.id, "author": "tests", "rationale": "Two parts put in the middle of Article 7.",
            "argument": "Two parts put in the middle of Article 7.", "edits": [
                {"op": "insert", "before": "Article 7, part IV", "renumber": True, "rationale": "Because.",
                 "provision": {"kind": "part", "text": "New."}},
                {"op": "insert", "before": "Article 7, part III", "renumber": True, "rationale": "Because.",
                 "provision": {"kind": "part", "text": "Newer."}}]}
    a = apply_templates(BASE, [template_from_text(yaml.safe_dump(data), "t-twice.yaml")])
    table = docx.Document(io.BytesIO(render_synoptic([a], date=DATE))).tables[0]
    notes = [line for r in table.rows for line in r.cells[0].text.splitlines() if "renumbered" in line]
    assert notes == ["renumbered III \u2192 IV, IV \u2192 VI"]  # not the chain IV -> V, V -> VI
    said = [s.text for subs in plan_of(a).statements() for s in subs]
    assert "Parts III and IV of Article 7 shall be considered parts IV and VI respectively." in said
