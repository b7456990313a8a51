"""drafter review against Word's own dialect and the edge cases: hand-written WordprocessingML put into a copy
of a real redline, each fixture saying which Word behaviour it reproduces; the round trip checked for each
(drafting the templates the review wrote gives the reviewed text with every change accepted)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from drafter.amend import apply_templates
from drafter.cli import main
from drafter.draft import draft
from drafter.errors import DrafterError
from drafter.load import load_edition
from drafter.plan.blocks import text_blocks
from drafter.review import _lines, review
from drafter.review.wordfile import read_docx
from drafter.template import load_template
from render_cases import TEST_TEMPLATE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"')
REVIEWER = 'w:author="Rashad Mammadov" w:date="2026-03-02T09:15:00Z"'
OPTION = 'w:author="test-a" w:date="2026-01-01T00:00:00Z"'
PART = '<w:pPr><w:pStyle w:val="Part"/><w:ind w:left="709" w:hanging="709"/></w:pPr>'


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def frag(xml: str) -> list[etree._Element]:
    return list(etree.fromstring(f"<root {NS}>{xml}</root>"))


def words(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(q("t"), q("delText")))


def para(root: etree._Element, text: str) -> etree._Element:
    found = [p for p in root.iter(q("p")) if text in words(p)]
    assert len(found) == 1, f"{len(found)} paragraphs hold {text!r}"
    return found[0]


def put(root: etree._Element, text: str, xml: str) -> None:
    """The paragraph holding `text` replaced by hand-written paragraphs."""
    old = para(root, text)
    for new in frag(xml):
        old.addprevious(new)
    old.getparent().remove(old)


def word_decides(root: etree._Element, text: str, accept: bool) -> None:
    """Word's Accept / Reject on the paragraph holding `text`: the revisions go, their words stay or go."""
    p = para(root, text)
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    mark = p.find(f"{q('pPr')}/{q('rPr')}")
    if mark is not None and mark.find(q(drop)) is not None:
        p.getparent().remove(p)  # a whole paragraph inserted and rejected, or deleted and accepted
        return
    if mark is not None and mark.find(q(keep)) is not None:
        mark.remove(mark.find(q(keep)))
    for e in list(p.iter(q(drop))):
        e.getparent().remove(e)
    for e in list(p.iter(q(keep))):
        for t in e.iter(q("delText")):
            t.tag = q("t")
        for child in list(e):
            e.addprevious(child)
        e.getparent().remove(e)


def word_resave(root: etree._Element) -> None:
    """What any save by Word adds: rsids on paragraphs and runs, w14 paragraph ids, revision ids renumbered."""
    for n, p in enumerate(root.iter(q("p"))):
        p.set(q("rsidR"), "00A1B2C3")
        p.set(q("rsidRDefault"), "00D4E5F6")
        p.set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId", f"{n + 0x10000000:08X}")
    for r in root.iter(q("r")):
        r.set(q("rsidRPr"), "00123456")
    for n, e in enumerate(root.iter(q("ins"), q("del"))):
        e.set(q("id"), str(5000 + n))


def make(src: Path, dst: Path, body=None, parts: dict[str, bytes] | None = None) -> Path:
    """A copy of the redline `src` with its document.xml changed by `body` and other parts replaced."""
    with zipfile.ZipFile(src) as z:
        files = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    if body is not None:
        body(root)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    files.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    dst.write_bytes(buf.getvalue())
    return dst


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("draft")
    draft([str(TEST_TEMPLATE)], folder, date="2026-01-01")
    return folder


def run_review(drafted: Path, tmp_path: Path, body=None, parts=None) -> dict:
    reviewed = make(drafted / "redline.docx", tmp_path / "reviewed.docx", body, parts)
    return review(reviewed, drafted, tmp_path / "out").report


def redrafted(tmp_path: Path, report: dict) -> list[str]:
    """The printed lines of the draft the review's templates make (same units as the reviewed draft)."""
    templates = [load_template(tmp_path / "out" / f) for f in report["files"] if f.endswith(".yaml")]
    amendment = apply_templates(load_edition(), templates)
    return [b.text for b in text_blocks(amendment.amended, report["draft"]["units"])]


def assert_round_trip(tmp_path: Path, report: dict) -> None:
    want = [ln.text for ln in _lines(read_docx(str(tmp_path / "reviewed.docx")))]
    got = redrafted(tmp_path, report)
    assert want[2:-1] == got  # title, subtitle and closing note are the redline's, not the text's


def decisions(report: dict) -> dict[int, str]:
    return {c["edit"]: c["decision"] for c in report["changes"]}


# ---- the round trip --------------------------------------------------------------------------

def test_an_untouched_redline_resaved_by_word_gives_the_same_templates_and_no_reviewer_template(drafted, tmp_path):
    """Word re-saving without a change: rsids, w14:paraId, renumbered revision ids."""
    report = run_review(drafted, tmp_path, word_resave)
    assert set(decisions(report).values()) == {"pending"}
    assert report["reviewer_template"] is None and report["files"] == ["test-a.yaml", "review.json"]
    original = apply_templates(load_edition(), [load_template(TEST_TEMPLATE)])
    assert redrafted(tmp_path, report) == [b.text for b in text_blocks(original.amended, report["draft"]["units"])]


def test_word_accepts_and_rejects_and_the_reviewer_types_words_split_by_proofing_marks(drafted, tmp_path):
    """Word: Accept on a substitution, Reject on an inserted item; the reviewer's typing lands in several
    runs with rsids, w:proofErr around a word the speller does not know, a w:ins per typing session."""
    def body(root):
        word_decides(root, "49 members", accept=True)
        word_decides(root, "policing in", accept=False)
        put(root, "Local government in rural areas", f"""
<w:p w:rsidR="00AB12CD">{PART}<w:r w:rsidRPr="00EF3456"><w:t>I.</w:t></w:r><w:r><w:tab/></w:r>
<w:r><w:t xml:space="preserve">Local government in rural areas and towns, villages and </w:t></w:r>
<w:proofErr w:type="spellStart"/><w:r><w:t>settlements</w:t></w:r><w:proofErr w:type="spellEnd"/>
<w:ins w:id="901" {REVIEWER}><w:r w:rsidR="00C0FFEE"><w:t xml:space="preserve"> and in </w:t></w:r></w:ins>
<w:ins w:id="902" {REVIEWER}><w:r w:rsidR="00C0FFEE"><w:proofErr w:type="spellStart"/><w:t>Khankendi</w:t></w:r></w:ins>
<w:r><w:t xml:space="preserve"> is exercised by municipalities.</w:t></w:r></w:p>""")
        word_resave(root)
    report = run_review(drafted, tmp_path, body)
    assert decisions(report)[1] == "accepted" and decisions(report)[2] == "rejected"
    [edit] = report["reviewer_edits"]
    assert edit["target"] == "Article 142, part I" and "and in Khankendi" in edit["with"]
    assert "Rashad Mammadov (2026-03-02T09:15:00Z)" in edit["rationale"]
    assert_round_trip(tmp_path, report)


def test_moved_words_are_a_deletion_in_one_part_and_an_insertion_in_another(drafted, tmp_path):
    """Word with "track moves" on: cut and paste writes w:moveFrom / w:moveTo inside their range marks."""
    def body(root):
        put(root, "The municipalities implement their activity", f"""
<w:p>{PART}<w:r><w:t>I.</w:t><w:tab/><w:t xml:space="preserve">The municipalities implement their activity by meetings</w:t></w:r>
<w:moveFromRangeStart w:id="11" w:name="move1" {REVIEWER}/><w:moveFrom w:id="12" {REVIEWER}><w:r><w:t>, permanent and other commissions</w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="11"/>
<w:r><w:t>.</w:t></w:r></w:p>""")
        put(root, "Meetings of the municipalities are convened", f"""
<w:p>{PART}<w:r><w:t>II.</w:t><w:tab/><w:t xml:space="preserve">Meetings of the municipalities</w:t></w:r>
<w:moveToRangeStart w:id="13" w:name="move1" {REVIEWER}/><w:moveTo w:id="14" {REVIEWER}><w:r><w:t>, permanent and other commissions</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="13"/>
<w:r><w:t xml:space="preserve"> are convened by the Chairperson of the Municipality.</w:t></w:r></w:p>""")
    report = run_review(drafted, tmp_path, body)
    assert [r["moved"] for r in report["reviewer_revisions"]] == [True, True]
    assert sorted(e["target"] for e in report["reviewer_edits"]) == ["Article 143, part I", "Article 143, part II"]
    assert_round_trip(tmp_path, report)


def test_whole_paragraphs_added_and_deleted_by_their_paragraph_marks(drafted, tmp_path):
    """Word: Enter at the end of a paragraph marks *that* paragraph's mark inserted and the new paragraph's
    runs; deleting a whole paragraph marks its runs and its own mark deleted."""
    def body(root):
        p = para(root, "rules of elections to municipalities by law")
        p.find(q("pPr")).append(frag(f'<w:rPr><w:ins w:id="920" {REVIEWER}/></w:rPr>')[0])
        p.addnext(frag(f"""<w:p>{PART}<w:ins w:id="921" {REVIEWER}><w:r><w:t>IV.</w:t><w:tab/>
<w:t>Municipalities may form associations.</w:t></w:r></w:ins></w:p>""")[0])
        put(root, "Meetings of the municipalities are convened", f"""
<w:p><w:pPr><w:pStyle w:val="Part"/><w:rPr><w:del w:id="930" {REVIEWER}/></w:rPr></w:pPr>
<w:del w:id="931" {REVIEWER}><w:r><w:delText>II.</w:delText><w:tab/><w:delText>Meetings of the municipalities are convened by the Chairperson of the Municipality.</w:delText></w:r></w:del></w:p>""")
    report = run_review(drafted, tmp_path, body)
    ops = {(e["op"], e.get("target") or e.get("after")) for e in report["reviewer_edits"]}
    assert ops == {("insert", "Article 142, part III"), ("repeal", "Article 143, part II")}
    assert report["not_converted"] == []
    assert_round_trip(tmp_path, report)


def test_a_paragraph_added_after_an_options_insertion_leaves_that_insertion_undecided(drafted, tmp_path):
    """LibreOffice: a paragraph typed after another marks the new paragraph's own mark and runs inserted."""
    def body(root):
        para(root, "b.").addnext(frag(f"""<w:p><w:pPr><w:pStyle w:val="Item"/><w:rPr><w:ins w:id="925" {REVIEWER}/></w:rPr></w:pPr>
<w:ins w:id="926" {REVIEWER}><w:r><w:t>3.</w:t><w:tab/><w:t>c.</w:t></w:r></w:ins></w:p>""")[0])
    report = run_review(drafted, tmp_path, body)
    assert decisions(report)[3] == "pending"
    [edit] = report["reviewer_edits"]
    assert (edit["op"], edit["after"], edit["provision"]) == \
        ("insert", "Article 139-1, part II, item 2", {"kind": "item", "text": "c."})
    assert_round_trip(tmp_path, report)


def test_a_part_added_in_the_middle_is_reported_since_the_engine_would_renumber(drafted, tmp_path):
    """Word: a new item typed between items 2 and 3, numbered "3." by hand, the items after it untouched."""
    def body(root):
        p = para(root, "the approval of regulations")
        p.find(q("pPr")).append(frag(f'<w:rPr><w:ins w:id="920" {REVIEWER}/></w:rPr>')[0])
        p.addnext(frag(f"""<w:p><w:pPr><w:pStyle w:val="Item"/></w:pPr><w:ins w:id="921" {REVIEWER}><w:r>
<w:t>3.</w:t><w:tab/><w:t>the approval of the municipal emblem;</w:t></w:r></w:ins></w:p>""")[0])
    report = run_review(drafted, tmp_path, body)
    [problem] = report["not_converted"]
    assert problem["message"].startswith("adds an item in the middle: the engine would renumber")
    assert "the approval of the municipal emblem" in problem["words"][0]


def test_a_reviewer_deleting_words_inside_an_options_insertion_modifies_it_and_updates_its_words(drafted, tmp_path):
    """Word: deleting words another author inserted nests a w:del inside that author's w:ins."""
    def body(root):
        put(root, "First part", f"""<w:p><w:pPr><w:pStyle w:val="Part"/><w:rPr><w:ins w:id="939" {OPTION}/></w:rPr></w:pPr>
<w:ins w:id="940" {OPTION}><w:r><w:t>I.</w:t><w:tab/></w:r>
<w:del w:id="941" {REVIEWER}><w:r><w:delText xml:space="preserve">First </w:delText></w:r></w:del>
<w:r><w:t>part.</w:t></w:r></w:ins></w:p>""")
    report = run_review(drafted, tmp_path, body)
    assert decisions(report)[3] == "modified"
    assert report["reviewer_edits"] == [] and report["reviewer_template"] is None
    updated = (tmp_path / "out" / "test-a.yaml").read_text()
    assert "- part.\n" in updated and "First part." not in updated  # the option's own words updated
    assert "the reviewer's words written in (Tracked change by Rashad Mammadov" in updated
    assert_round_trip(tmp_path, report)


def test_formatting_only_revisions_are_reported_and_ignored(drafted, tmp_path):
    """Word: making a word bold with tracking on writes w:rPrChange, a paragraph format w:pPrChange, and
    turning a paragraph into a numbered list marks its numbering properties inserted (w:numPr/w:ins)."""
    def body(root):
        p = para(root, "The municipalities implement their activity")
        p.find(q("pPr")).insert(1, frag(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/><w:ins w:id="952" {REVIEWER}/></w:numPr>')[0])
        put(root, "Meetings of the municipalities are convened", f"""
<w:p><w:pPr><w:pStyle w:val="Part"/><w:pPrChange w:id="950" {REVIEWER}><w:pPr><w:pStyle w:val="Part"/></w:pPr></w:pPrChange></w:pPr>
<w:r><w:t>II.</w:t><w:tab/><w:t xml:space="preserve">Meetings of the municipalities are </w:t></w:r>
<w:r><w:rPr><w:b/><w:rPrChange w:id="951" {REVIEWER}><w:rPr/></w:rPrChange></w:rPr><w:t>convened</w:t></w:r>
<w:r><w:t xml:space="preserve"> by the Chairperson of the Municipality.</w:t></w:r></w:p>""")
    report = run_review(drafted, tmp_path, body)
    assert {(f["what"], f["citation"]) for f in report["formatting"]} == \
        {("paragraph properties", "Article 143, part II"), ("run properties", "Article 143, part II"),
         ("numbering", "Article 143, part I")}
    assert report["reviewer_edits"] == [] and report["reviewer_template"] is None
    assert_round_trip(tmp_path, report)


def test_comments_and_replies_find_their_provision_and_change(drafted, tmp_path):
    """Word: a reply is a comment of its own; w15:commentsExtended links its last paragraph's w14:paraId to
    its parent's last paragraph's."""
    with zipfile.ZipFile(drafted / "redline.docx") as z:
        comments = etree.fromstring(z.read("word/comments.xml"))
    first = comments.find(q("comment"))
    first.findall(q("p"))[-1].set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId", "0000AAAA")
    comments.extend(frag(f"""<w:comment w:id="90" {REVIEWER} w:initials="RM"><w:p w14:paraId="0000BBBB"><w:r><w:t>Agreed, 49 is right.</w:t></w:r></w:p></w:comment>
<w:comment w:id="91" {REVIEWER} w:initials="RM"><w:p w14:paraId="0000CCCC"><w:r><w:t>Say who convenes them when there is no Chairperson.</w:t></w:r></w:p></w:comment>"""))
    extended = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx {NS}>
<w15:commentEx w15:paraId="0000AAAA" w15:done="0"/><w15:commentEx w15:paraId="0000BBBB" w15:paraIdParent="0000AAAA" w15:done="0"/>
<w15:commentEx w15:paraId="0000CCCC" w15:done="0"/></w15:commentsEx>""".encode()

    def body(root):
        p = para(root, "Meetings of the municipalities are convened")
        p.insert(1, frag('<w:commentRangeStart w:id="91"/>')[0])
        p.append(frag('<w:commentRangeEnd w:id="91"/>')[0])
        p.append(frag('<w:r><w:commentReference w:id="91"/></w:r>')[0])
    report = run_review(drafted, tmp_path, body, {"word/comments.xml": etree.tostring(comments),
                                                  "word/commentsExtended.xml": extended})
    found = {c["id"]: c for c in report["comments"]}
    assert set(found) == {"90", "91"}
    assert found["90"]["reply_to"] == "0" and found["90"]["change"] == 1
    assert (found["91"]["citation"], found["91"]["change"]) == ("Article 143, part II", None)
    assert found["91"]["reviewer_edit"] is None


# ---- what is reported and not guessed at ------------------------------------------------------

def test_an_edit_straddling_two_provisions_is_reported_not_guessed(drafted, tmp_path):
    """Word: selecting from the end of one paragraph into the next and deleting marks the first paragraph's
    mark deleted, which joins the two parts."""
    def body(root):
        put(root, "The municipalities implement their activity", f"""
<w:p><w:pPr><w:pStyle w:val="Part"/><w:rPr><w:del w:id="960" {REVIEWER}/></w:rPr></w:pPr>
<w:r><w:t>I.</w:t><w:tab/><w:t xml:space="preserve">The municipalities implement their activity by meetings, permanent and other </w:t></w:r>
<w:del w:id="961" {REVIEWER}><w:r><w:delText>commissions.</w:delText></w:r></w:del></w:p>""")
        put(root, "Meetings of the municipalities are convened", f"""
<w:p>{PART}<w:del w:id="962" {REVIEWER}><w:r><w:delText>II.</w:delText><w:tab/><w:delText xml:space="preserve">Meetings of the </w:delText></w:r></w:del>
<w:r><w:t>municipalities are convened by the Chairperson of the Municipality.</w:t></w:r></w:p>""")
    report = run_review(drafted, tmp_path, body)
    [problem] = [u for u in report["not_converted"] if "straddles" in u["message"]]
    assert "Article 143, part I and Article 143, part II" in problem["message"]
    assert report["reviewer_edits"] == []


def test_a_deleted_heading_is_reported_not_guessed(drafted, tmp_path):
    """Word: deleting a heading line marks its runs and its paragraph mark deleted; the parts stay."""
    def body(root):
        put(root, "Article 143. Organization of the Work", f"""
<w:p><w:pPr><w:pStyle w:val="Heading3"/><w:rPr><w:del w:id="970" {REVIEWER}/></w:rPr></w:pPr>
<w:del w:id="971" {REVIEWER}><w:r><w:delText>Article 143. Organization of the Work of Municipalities</w:delText></w:r></w:del></w:p>""")
    report = run_review(drafted, tmp_path, body)
    assert [u["message"][:40] for u in report["not_converted"]] == ["deletes the heading of Article 143 but n"]
    assert report["reviewer_edits"] == []


def test_changes_outside_the_constitutions_text_are_reported(drafted, tmp_path):
    """Word: tracked edits on the title page and in the page header (word/header1.xml), and a footnote
    added (word/footnotes.xml, referenced from the body)."""
    with zipfile.ZipFile(drafted / "redline.docx") as z:
        header = etree.fromstring(z.read("word/header1.xml"))
    header.find(f".//{q('p')}").append(frag(f'<w:ins w:id="990" {REVIEWER}><w:r><w:t> (second reading)</w:t></w:r></w:ins>')[0])

    footnotes = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:ins w:id="995" {REVIEWER}><w:r><w:t>See the 2009 referendum.</w:t></w:r></w:ins></w:p></w:footnote>
</w:footnotes>""".encode()

    def body(root):
        para(root, "Extract:").append(frag(f'<w:ins w:id="980" {REVIEWER}><w:r><w:t> (for the committee)</w:t></w:r></w:ins>')[0])
        para(root, "Meetings of the municipalities are convened").append(
            frag(f'<w:ins w:id="996" {REVIEWER}><w:r><w:footnoteReference w:id="1"/></w:r></w:ins>')[0])
    report = run_review(drafted, tmp_path, body, {"word/header1.xml": etree.tostring(header),
                                                  "word/footnotes.xml": footnotes})
    messages = [u["message"] for u in report["not_converted"]]
    assert any("title page" in m for m in messages) and any("header1.xml" in m for m in messages)
    [note] = [u for u in report["not_converted"] if u["message"].startswith("a note in footnotes.xml")]
    assert note["words"] == ["note by Rashad Mammadov: See the 2009 referendum."]
    assert report["reviewer_edits"] == []


# ---- files that are not a review of this draft ------------------------------------------------

def test_files_that_are_not_a_review_of_this_draft_get_one_line_and_nothing_written(drafted, tmp_path):
    (tmp_path / "notes.docx").write_text("not a zip")
    other = tmp_path / "other"
    draft(["municipal"], other, date="2026-01-01")
    import docx

    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    later = tmp_path / "later"
    draft([str(TEST_TEMPLATE)], later, date="2026-02-02")  # the same text, drafted again another day
    cases = {"notes.docx": "not a Word document", "plain.docx": "not a drafter redline",
             "other/redline.docx": "not a review of this draft: its text differs",
             "later/redline.docx": "not a review of this draft: its options' revisions are dated 2026-02-02"}
    for name, message in cases.items():
        result = CliRunner().invoke(main, ["review", str(tmp_path / name), "--draft", str(drafted),
                                           "-o", str(tmp_path / "out")])
        assert result.exit_code == 1, result.output
        assert len(result.output.strip().splitlines()) == 1 and message in result.output
        assert not (tmp_path / "out").exists()


def test_words_changed_with_tracking_off_are_named_with_the_provision(drafted, tmp_path):
    """Word with Track Changes off: the words are simply different, no w:ins or w:del."""
    def body(root):
        t = [t for t in para(root, "Meetings of the municipalities are convened").iter(q("t"))
             if "Chairperson" in (t.text or "")][0]
        t.text = t.text.replace("Chairperson", "Chairman")
    with pytest.raises(DrafterError, match=r"edited with tracking off: the draft's 'II\. Meetings of the "):
        run_review(drafted, tmp_path, body)
    assert not (tmp_path / "out").exists()


def test_the_output_is_never_overwritten_without_force(drafted, tmp_path):
    reviewed = make(drafted / "redline.docx", tmp_path / "reviewed.docx")
    args = ["review", str(reviewed), "--draft", str(drafted), "-o", str(tmp_path / "out")]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and "pending: test-a edit 1 (substitute)" in first.output
    before = (tmp_path / "out" / "review.json").read_bytes()
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "use --force" in again.output
    assert (tmp_path / "out" / "review.json").read_bytes() == before
    assert CliRunner().invoke(main, args + ["--force", "--format", "json"]).exit_code == 0


def test_a_draft_folder_whose_templates_changed_is_refused(drafted, tmp_path):
    folder = tmp_path / "draft"
    changed = tmp_path / "test-a.yaml"
    changed.write_text(TEST_TEMPLATE.read_text().replace('with: "49 members"', 'with: "51 members"'))
    draft([str(changed)], folder, date="2026-01-01")
    changed.write_text(TEST_TEMPLATE.read_text())
    with pytest.raises(DrafterError, match="the templates changed since the draft was written"):
        review(folder / "redline.docx", folder, tmp_path / "out")
