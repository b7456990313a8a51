"""The redline and the consolidated text: accept all gives the amended text, reject all the current text,
every revision authored and commented, valid markup, a layout a lawyer expects, the same bytes twice."""

from __future__ import annotations

import re

import docx
import pytest
from lxml import etree

from drafter.amend import apply_options, apply_templates
from drafter.model import blocks
from drafter.plan import scope_units
from drafter.plan.blocks import text_blocks
from drafter.render import render_redline
from drafter.render.wordml import bookmark_name
from render_cases import (BASE, DATE, TEST_TEMPLATE, apply_or_skip, part, parts, render_case,
                          template_cases)
from support import ooxml
from support.ooxml import accept_all, lint_revisions, reject_all

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def case():
    return render_case(apply_options([str(TEST_TEMPLATE)]))


@pytest.fixture(scope="module")
def full_case():
    return render_case(apply_options([str(TEST_TEMPLATE)]), "full")


def body(docx_bytes: bytes) -> etree._Element:
    return etree.fromstring(part(docx_bytes)).find(f"{W}body")


def texts(docx_bytes: bytes) -> list[str]:
    return accept_all(part(docx_bytes))


# ---- the two invariants, by our own reader ---------------------------------------------------

def check_invariants(r) -> None:
    redline = part(r.redline)
    assert accept_all(redline) == texts(r.amended), "accept all != the consolidated text"
    assert reject_all(redline) == texts(r.current), "reject all != the current text of the same scope"
    assert lint_revisions(redline, parts(r.redline).get("word/comments.xml")) == []
    assert not list(body(r.amended).iter(f"{W}ins", f"{W}del")), "the consolidated text has revisions"


def test_accept_all_gives_the_amended_text_and_reject_all_the_current_text(case):
    check_invariants(case)


def test_the_invariants_hold_for_the_whole_text(full_case):
    check_invariants(full_case)


@pytest.mark.parametrize("names", template_cases())
def test_the_invariants_hold_for_every_template(names):
    amendment = apply_or_skip(names)
    check_invariants(render_case(amendment))


def test_the_consolidated_text_prints_the_amended_constitution_block_by_block(full_case):
    printed = [t for top in full_case.amendment.amended.body for _, _, t in blocks(top)]
    got = [t.replace("\t", " ") for t in texts(full_case.amended)]
    assert got[1:-1] == printed  # between the title and the closing note


def test_the_current_text_prints_the_base_constitution(full_case):
    printed = [t for top in BASE.body for _, _, t in blocks(top)]
    assert [t.replace("\t", " ") for t in texts(full_case.current)][1:-1] == printed


def test_with_no_option_the_redline_is_the_clean_current_text():
    unchanged = apply_templates(BASE, [])
    assert scope_units(unchanged, "affected") is None
    redline = render_redline(unchanged, date=DATE)
    root = body(redline)
    assert not list(root.iter(f"{W}ins", f"{W}del", f"{W}commentRangeStart"))
    assert "word/comments.xml" not in parts(redline)
    assert [t.replace("\t", " ") for t in texts(redline)][1:-1] == [t for top in BASE.body for _, _, t in blocks(top)]


# ---- granularity, authors, comments ---------------------------------------------------------

def revisions(docx_bytes: bytes, containing: str | None = None) -> list[tuple[str, str, str]]:
    """(kind, author, text) of every run-level revision (of the paragraphs containing some words)."""
    out = []
    root = body(docx_bytes)
    if containing:
        root = next(p for p in root.iter(f"{W}p") if containing in "".join(p.itertext()))
    for el in root.iter(f"{W}ins", f"{W}del"):
        if el.getparent().tag == f"{W}rPr":
            continue
        text = "".join(t.text or "" for t in el.iter(f"{W}t", f"{W}delText"))
        out.append((etree.QName(el).localname, el.get(f"{W}author"), text))
    return out


def test_a_changed_number_is_the_only_thing_struck(case):
    revs = revisions(case.redline, "Nakhichevan Autonomous Republic consists of")
    assert revs == [("del", "test-a", "45"), ("ins", "test-a", "49")]


def test_a_renumbered_part_changes_only_its_number(case):
    revs = revisions(case.redline, "sovereign power in internal matters")
    assert revs == [("del", "test-a", "II"), ("ins", "test-a", "III")]


def test_whole_paragraphs_carry_paragraph_mark_revisions(case):
    root = body(case.redline)
    inserted = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    deleted = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    assert any("New second part." in "".join(p.itertext()) for p in inserted)
    assert any("two-thirds" in "".join(p.itertext()) for p in deleted)
    for p in inserted:  # every run of an inserted paragraph is inside w:ins
        assert all(r.getparent().tag in (f"{W}ins", f"{W}hyperlink") or r.find(f"{W}commentReference") is not None
                   for r in p.iter(f"{W}r"))


def test_the_last_paragraph_of_the_body_carries_no_revision(case):
    paragraphs = body(case.redline).findall(f"{W}p")
    last = paragraphs[-1]
    assert not list(last.iter(f"{W}ins", f"{W}del"))
    assert "Base text:" in "".join(last.itertext())


def test_every_revision_is_authored_by_the_option_and_dated():
    a = apply_options(["enhanced-local", "antiquities-authority"]) if _has("enhanced-local", "antiquities-authority") \
        else apply_options([str(TEST_TEMPLATE)])
    r = render_case(a)
    authors = {el.get(f"{W}author") for el in body(r.redline).iter(f"{W}ins", f"{W}del")}
    assert authors <= set(a.options) and authors
    dates = {el.get(f"{W}date") for el in body(r.redline).iter(f"{W}ins", f"{W}del")}
    assert dates == {"2026-01-01T00:00:00Z"}


def _has(*names: str) -> bool:
    from drafter.template import available
    return set(names) <= set(available())


def test_author_given_overrides_the_options(case):
    redline = render_redline(case.amendment, units=case.units, date=DATE, author="Legal Dept")
    root = body(redline)
    assert {el.get(f"{W}author") for el in root.iter(f"{W}ins", f"{W}del")} == {"Legal Dept"}


def test_each_change_has_one_comment_with_its_rationale(case):
    comments = etree.fromstring(parts(case.redline)["word/comments.xml"])
    found = comments.findall(f"{W}comment")
    assert len(found) == len(case.amendment.changes)
    text = ["".join(c.itertext()) for c in found]
    assert text[0].startswith("A4 test-a, edit 1 (substitute, Article 137, part I)") and "more seats" in text[0]
    assert all(c.get(f"{W}author") == "test-a" for c in found)
    root = body(case.redline)
    starts = [e.get(f"{W}id") for e in root.iter(f"{W}commentRangeStart")]
    assert sorted(starts, key=int) == [c.get(f"{W}id") for c in found]


def test_the_comment_spans_the_revisions_of_its_change(case):
    root = body(case.redline)
    xml = etree.tostring(root, encoding="unicode")
    start = xml.index('<w:commentRangeStart w:id="0"/>')
    end = xml.index('<w:commentRangeEnd w:id="0"/>')
    assert "45</w:delText>" in xml[start:end] and "49</w:t>" in xml[start:end]


# ---- layout ----------------------------------------------------------------------------------

def test_headings_use_word_heading_styles_and_numbers_are_text(case):
    d = docx.Document(__import__("io").BytesIO(case.amended))
    styles = {p.text: p.style.name for p in d.paragraphs}
    assert styles["Article 144. The Competence of Municipalities"] == "Heading 3"
    assert styles["CHAPTER IX. Municipalities"] == "Heading 2"
    assert styles["FOURTH PART. LOCAL SELF-GOVERNMENT"] == "Heading 1"
    assert any(t.startswith("II.\t") for t in styles)
    assert not list(body(case.redline).iter(f"{W}numPr")), "no Word auto-numbering"


def test_parts_and_items_hang_their_numbers(case):
    root = body(case.amended)
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in ("Part", "Item"):
            ind = p.find(f"{W}pPr/{W}ind")
            assert int(ind.get(f"{W}hanging")) > 0 and int(ind.get(f"{W}left")) >= int(ind.get(f"{W}hanging"))


def test_header_says_draft_and_the_options_footer_numbers_pages(case):
    p = parts(case.redline)
    header = "".join(etree.fromstring(p["word/header1.xml"]).itertext())
    assert "DRAFT" in header and "test-a" in header
    footer = etree.fromstring(p["word/footer1.xml"])
    assert " PAGE " in [t.text for t in footer.iter(f"{W}instrText")]


def test_core_properties_are_set_from_the_options_and_the_date(case):
    props = docx.Document(__import__("io").BytesIO(case.redline)).core_properties
    assert "Constitution of the Republic of Azerbaijan" in props.title and "tracked changes" in props.title
    assert "test-a" in props.subject
    assert props.author == "me"
    assert props.created.year == 2026 and props.modified == props.created


def test_the_affected_scope_holds_the_chapters_touched(case):
    assert case.units == {"chp_II", "chp_VIII", "chp_VIII-1", "chp_IX"}
    lines = texts(case.amended)
    assert lines[1] == "Extract: Chapters II, VIII, VIII-1 and IX"
    assert "CHAPTER III. Principal Human Rights and Civil Liberties" not in lines


def test_bookmarks_mark_each_provision_and_references_link_to_them(full_case):
    root = body(full_case.amended)
    names = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    assert {"art_139_1", "art_139_1__part_II", "art_144__part_I__item_10", "chp_VIII_1"} <= names
    assert all(len(n) <= 40 and re.fullmatch(r"[A-Za-z0-9_]+", n) for n in names)
    anchors = [h.get(f"{W}anchor") for h in root.iter(f"{W}hyperlink")]
    assert anchors and set(anchors) <= names


@pytest.mark.parametrize("eid, name", [
    ("art_139-1__part_II", "art_139_1__part_II"),
    ("transitional__item_13", "transitional__item_13"),
    ("art_141-1__part_VIII__item_12__para_3" + "__item_1" * 3, None),
])
def test_bookmark_names_are_word_safe_and_unique(eid, name):
    used: set[str] = set()
    got = bookmark_name(eid, used)
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", got)
    if name:
        assert got == name
    assert bookmark_name(eid, used) != got  # taken: the second gets another name


# ---- valid markup, the same bytes twice -------------------------------------------------------

def test_every_part_of_the_four_documents_validates_against_ecma_376(case):
    ok, reason = ooxml.schema_available()
    if not ok:
        pytest.skip(f"ECMA-376 schemas not available: {reason}")
    documents = {"redline": case.redline, "amended": case.amended, "act": case.act(),
                 "synoptic": case.synoptic()}
    for name, data in documents.items():
        for part_name, xml in sorted(parts(data).items()):
            if ooxml.WML_PART.match(part_name):
                assert ooxml.validate_part(xml) == [], f"{name}: {part_name}"
        assert lint_revisions(part(data), parts(data).get("word/comments.xml")) == [], name


def test_package_parts_validate_against_the_opc_schemas(case):
    folder = ooxml.XSD_DIR / "opc-xsd"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    types = etree.XMLSchema(etree.parse(str(folder / "opc-contentTypes.xsd")))
    rels = etree.XMLSchema(etree.parse(str(folder / "opc-relationships.xsd")))
    for data in (case.redline, case.act(), case.synoptic()):
        for name, xml in parts(data).items():
            if name == "[Content_Types].xml":
                assert types.validate(etree.fromstring(xml)), types.error_log
            elif name.endswith(".rels"):
                assert rels.validate(etree.fromstring(xml)), rels.error_log


def test_the_same_inputs_and_date_give_the_same_bytes(case):
    again = render_case(apply_options([str(TEST_TEMPLATE)]))
    assert part(again.redline) == part(case.redline)
    assert again.redline == case.redline and again.amended == case.amended
    assert again.act() == case.act() and again.synoptic() == case.synoptic()


def test_ids_are_unique_and_assigned_in_document_order(case):
    root = body(case.redline)
    ids = [int(el.get(f"{W}id")) for el in root.iter(f"{W}ins", f"{W}del", f"{W}bookmarkStart")]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert min(ids) >= len(case.amendment.changes)  # above the comment ids


def test_blocks_of_the_scope_follow_the_units():
    blocks_ = text_blocks(BASE, {"chp_IX"})
    assert blocks_[0].text == "FOURTH PART. LOCAL SELF-GOVERNMENT"
    assert blocks_[1].text == "CHAPTER IX. Municipalities"


def test_a_substitution_is_diffed_within_the_words_it_replaced():
    import yaml
    from drafter.template import template_from_text

    data = {"id": "t-clause", "title": "Clause test", "option": "A2", "kind": "alternative",
            "edition": BASE.edition.id, "author": "tests", "rationale": "Testing the redline of a clause.",
            "argument": "Testing the redline of a clause.",
            "edits": [{"op": "substitute", "target": "Article 130, part III", "rationale": "A second Ali Majlis.",
                       "find": " or the Ali Majlis of the Nakhichevan Autonomous Republic the Constitutional Court",
                       "with": ", the Ali Majlis of the Nakhichevan Autonomous Republic or the Ali Majlis of the "
                               "Nagorno-Karabakh Autonomous Republic the Constitutional Court"}]}
    a = apply_templates(BASE, [template_from_text(yaml.safe_dump(data), "t-clause.yaml")])
    revs = revisions(render_case(a).redline, "General Procurator's Office")
    assert revs == [("del", "t-clause", " or"), ("ins", "t-clause", ","),
                    ("ins", "t-clause", "or the Ali Majlis of the Nagorno-Karabakh Autonomous Republic ")]


def _links_of(root: etree._Element, keep: str) -> list[tuple[str, str]]:
    """(linked words, first words of the paragraph its bookmark starts) of the view that keeps `keep`
    ("ins": accepted, "del": rejected) and of paragraphs that view shows."""
    gone = f"{W}{'del' if keep == 'ins' else 'ins'}"
    where = {}
    for p in root.iter(f"{W}p"):
        for b in p.iter(f"{W}bookmarkStart"):
            words = "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText"))
            where[b.get(f"{W}name")] = words[:30]
    out = []
    for h in root.iter(f"{W}hyperlink"):
        words = "".join(t.text or "" for t in h.iter(f"{W}t", f"{W}delText") if t.getparent().getparent().tag != gone)
        if words:
            out.append((words, where.get(h.get(f"{W}anchor"), "nowhere")))
    return out


def test_links_in_the_rejected_view_are_those_of_the_current_text():
    from drafter.template import Repeal, Substitute, Template

    edits = (Repeal("Article 8", "The President is the Head", "repealed"),
             Substitute("Article 155", "Articles 1, 2", "Articles 1, 3", "a test"))
    t = Template(id="test-links", title="Links", option="B9", kind="add-on", edition=BASE.edition.id,
                 author="tests", rationale="a test", argument="a test", edits=edits, path="t.yaml")
    try:
        amendment = apply_templates(BASE, [t])
    except Exception as exc:  # the wording of Article 8 is the edition's: say so if it moved
        pytest.fail(f"the test template does not apply: {exc}")
    r = render_case(amendment, "full")
    rejected = _links_of(body(r.redline), "del")
    current = [pair for pair in _links_of(body(r.current), "ins")]
    accepted = _links_of(body(r.redline), "ins")
    amended = _links_of(body(r.amended), "ins")
    assert ("8", "Article 8. The Head of the Aze") in rejected  # the repealed article, as it was
    assert ("2", "Article 2. The Sovereignty of ") in rejected  # the number the substitution struck
    assert sorted(rejected) == sorted(current)
    assert set(amended) <= set(accepted)


def test_a_paragraph_ending_in_inserted_words_before_inserted_paragraphs_carries_their_mark():
    # LibreOffice joins words inserted at the end of a paragraph with the inserted paragraphs after
    # them; rejecting all then glued Article 64 to Article 65. Word's own markup for a break typed
    # there: the existing paragraph's mark is inserted, the last new paragraph keeps the old mark.
    from drafter.template import Replace

    edit = Replace("Article 64", "No one shall", {"text": "No one shall be convicted repeatedly for the same "
                                                          "crime, except:", "items": ["in cases of new evidence."]}, "r")
    t = __import__("render_cases")._template("colon", "alternative", "A9", [edit])
    r = render_case(apply_templates(BASE, [t]))
    root = body(r.redline)
    words = {p: "".join(x.text or "" for x in p.iter(f"{W}t", f"{W}delText")) for p in root.iter(f"{W}p")}
    first = next(p for p, w in words.items() if w.startswith("No one shall be convicted"))
    item = next(p for p, w in words.items() if w.endswith("in cases of new evidence."))
    assert first.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert item.find(f"{W}pPr/{W}rPr/{W}ins") is None
    assert item.find(f"{W}pPr/{W}pPrChange/{W}pPr/{W}pStyle").get(f"{W}val") == "ProvisionText"
    document = part(r.redline)
    assert reject_all(document) == accept_all(part(r.current))
    assert accept_all(document) == accept_all(part(r.amended))
    assert lint_revisions(document, parts(r.redline)["word/comments.xml"]) == []
