"""The amending act: one point per article in the order of the text, the fixed formula of each kind of edit."""

from __future__ import annotations

import io
import re

import docx
import pytest
import yaml

from drafter.amend import apply_options, apply_templates
from drafter.plan import plan_of
from drafter.plan.wording import sentences
from drafter.render.act import BLANKS, ActFrame, render_act
from drafter.template import template_from_text
from render_cases import BASE, DATE, TEST_TEMPLATE


def statements(amendment):
    """The act's points: what its plan states."""
    return plan_of(amendment).statements()


def amend(*edits: dict, **extra):
    data = {"id": "t-act", "title": "Act test", "option": "A4", "kind": "alternative", "edition": BASE.edition.id,
            "author": "tests", "rationale": "Testing the formulas of the act.", "argument": "Testing the formulas of the act.",
            "edits": [{"rationale": "Because the test needs it.", **e} for e in edits], **extra}
    return apply_templates(BASE, [template_from_text(yaml.safe_dump(data, sort_keys=False), "t-act.yaml")])


def lines(amendment) -> list[str]:
    out = []
    for n, subs in enumerate(statements(amendment), start=1):
        for k, s in enumerate(subs, start=1):
            out.append((f"{n}.{k}. " if len(subs) > 1 else f"{n}. ") + s.text)
    return out


def test_only_the_words_that_change_are_quoted():
    a = amend({"op": "substitute", "target": "Article 144, part II", "find": "executive power. Municipalities",
               "with": "executive power. The municipalities"})
    [[s]] = statements(a)
    assert s.text == ("In the second sentence of part II of Article 144, the word \u201cMunicipalities\u201d shall be "
                      "replaced by the words \u201cThe municipalities\u201d.")


def test_words_occurring_twice_in_the_sentence_say_which():
    a = amend({"op": "substitute", "target": "Article 8, part II", "find": "Azerbaijan", "with": "Azerbaijani",
               "occurrence": 2})
    assert lines(a) == ["1. In part II of Article 8, the word \u201cAzerbaijan\u201d (where it occurs for the second "
                        "time) shall be replaced by the word \u201cAzerbaijani\u201d."]


def test_the_occurrence_is_counted_within_the_sentence_named():
    a = amend({"op": "substitute", "target": "Article 144, part II", "find": "authority", "with": "powers",
               "occurrence": 2})
    assert lines(a) == ["1. In the second sentence of part II of Article 144, the word \u201cauthority\u201d shall "
                        "be replaced by the word \u201cpowers\u201d."]


@pytest.mark.parametrize("find, replacement, expected", [
    ("45", "49", "In part I of Article 137, the figures \u201c45\u201d shall be replaced by the figures \u201c49\u201d."),
    ("45 members", "49 members",
     "In part I of Article 137, the figures \u201c45\u201d shall be replaced by the figures \u201c49\u201d."),
    ("consists of 45 members", "consists of 45 elected members",
     "In part I of Article 137, after the figures \u201c45\u201d, the word \u201celected\u201d shall be added."),
    ("45 members.", "45 members, elected for five years.",
     "In part I of Article 137, after the word \u201cmembers\u201d, the words \u201c, elected for five years\u201d "
     "shall be added."),
])
def test_a_one_sentence_part_is_named_without_a_sentence_number(find, replacement, expected):
    a = amend({"op": "substitute", "target": "Article 137, part I", "find": find, "with": replacement})
    assert lines(a) == [f"1. {expected}"]


def test_words_across_two_sentences_name_the_part_only():
    a = amend({"op": "substitute", "target": "Article 144, part II", "find": "power. Municipalities must",
               "with": "power; municipalities shall"})
    assert lines(a) == ["1. In part II of Article 144, the words \u201cpower. Municipalities must\u201d shall be replaced "
                        "by the words \u201cpower; municipalities shall\u201d."]


def test_the_sentence_of_a_substitution_is_counted_from_its_offset():
    text = BASE.get("art_144__part_II").text
    assert len(sentences(text)) == 3
    a = amend({"op": "substitute", "target": "Article 144, part II", "find": "controlled", "with": "supervised"})
    [[s]] = statements(a)
    assert s.text == ("In the third sentence of part II of Article 144, the word \u201ccontrolled\u201d shall be "
                      "replaced by the word \u201csupervised\u201d.")


def test_a_heading_substitution_says_heading():
    a = amend({"op": "substitute", "target": "Article 144", "field": "heading", "find": "Municipalities",
               "with": "Local Self-Government"})
    # a heading is one capitalised name: changing a word of it gives the heading in its new wording
    [[s]] = statements(a)
    assert s.text == "The heading of Article 144 shall read as follows:"
    assert [q.text for q in s.quote] == ["The Competence of Local Self-Government"]


def test_replace_repeal_and_appended_parts():
    a = amend(
        {"op": "replace", "target": "Article 144, part II", "expect": "Municipalities can be delegated",
         "new": {"text": "Municipalities may be given further powers by law."}},
        {"op": "repeal", "target": "Article 145, part III", "expect": "two-thirds"},
        {"op": "insert", "into": "Article 144", "provision": {"kind": "part", "text": "New third."}},
        {"op": "insert", "into": "Article 144", "provision": {"kind": "part", "text": "New fourth."}},
    )
    points = statements(a)
    assert [len(p) for p in points] == [2, 1]
    assert points[0][0].text == "Part II of Article 144 shall read as follows:"
    assert [b.text for b in points[0][0].quote] == ["II.\tMunicipalities may be given further powers by law."]
    assert points[0][1].text == "Article 144 shall be supplemented with parts III and IV as follows:"
    assert [b.text for b in points[0][1].quote] == ["III.\tNew third.", "IV.\tNew fourth."]
    assert points[1][0].text == "Part III of Article 145 shall be repealed."


def test_renumbering_is_stated_before_the_insertion_it_makes_room_for():
    a = apply_options([str(TEST_TEMPLATE)])
    got = lines(a)
    assert got[:2] == ["1.1. Parts II, III and IV of Article 7 shall be considered parts III, IV and V respectively.",
                       "1.2. Article 7 shall be supplemented with a new part II after part I as follows:"]
    assert "3. The following Article 139-1 shall be added after Article 139:" in got
    assert "4. The following Chapter VIII-1 shall be added after Chapter VIII:" in got
    assert "5. Part I of Article 144 shall be supplemented with item 10 as follows:" in got
    assert got[-1] == "6. Part III of Article 145 shall be repealed."


def test_points_follow_the_order_of_the_text():
    a = amend({"op": "repeal", "target": "Article 145, part III", "expect": "two-thirds"},
              {"op": "substitute", "target": "Article 7, part I", "find": "unitary", "with": "single"})
    assert lines(a)[0].startswith("1. In part I of Article 7")


def test_a_change_inside_an_inserted_article_is_stated_by_quoting_it():
    a = amend({"op": "insert", "after": "Article 139", "provision": {"kind": "article", "heading": "New",
                                                                     "text": "Old words here."}},
              {"op": "substitute", "target": "Article 139-1", "find": "Old", "with": "Final"})
    [[s]] = statements(a)
    assert s.text == "The following Article 139-1 shall be added after Article 139:"
    assert [b.text for b in s.quote] == ["Article 139-1. New", "Final words here."]
    assert len(s.effects) == 2  # the substitution is stated with the insertion


def test_the_act_document_is_one_instrument_in_the_form_of_the_azerbaijani_acts():
    a = apply_options([str(TEST_TEMPLATE)])
    frame = ActFrame("Act of the Referendum of the Republic of Azerbaijan",
                     "On amendments and additions to the Constitution of the Republic of Azerbaijan",
                     "The following amendments and additions shall be made:", authority="The people adopt this Act.",
                     entry_into_force="This Act enters into force on publication.",
                     signatory="President of the Republic of Azerbaijan")
    d = docx.Document(io.BytesIO(render_act(a, date=DATE, frame=frame)))
    text = [p.text for p in d.paragraphs]
    assert text[:4] == [frame.kind, frame.heading, frame.authority, frame.formula]
    assert text[4].startswith("1.\t") and text[5].startswith("1.1.\tParts II, III and IV of Article 7")
    assert text[-5:] == ["This Act enters into force on publication.",
                         "President of the Republic of Azerbaijan\t____________________", *BLANKS]
    assert not d.tables
    quotes = [t for t in text if t.startswith("\u201c")]
    assert quotes[0] == "\u201cII.\tNew second part.\u201d."


def test_an_edition_without_procedure_rules_gets_a_bare_act_of_title_and_points():
    text = [p.text for p in docx.Document(io.BytesIO(render_act(apply_options([str(TEST_TEMPLATE)]),
                                                                date=DATE))).paragraphs]
    assert text[:2] == ["Act of the Republic of Azerbaijan", "On amendments to the Constitution of the Republic of "
                                                              "Azerbaijan"]
    assert text[-1].startswith("6.\t")


def test_a_draft_that_changes_text_and_adds_provisions_is_one_referendum_act(tmp_path):
    from drafter.draft import draft

    draft(["nakhchivan-level", "armenian-language"], tmp_path, date="2026-11-25")
    text = [p.text for p in docx.Document(str(tmp_path / "amending-act.docx")).paragraphs]
    assert text[0] == "Act of the Referendum of the Republic of Azerbaijan"
    assert text[1] == "On amendments and additions to the Constitution of the Republic of Azerbaijan"
    assert text[2].startswith("The people of Azerbaijan") and "item 1 of part II of Article 3 and Article 152" in text[2]
    assert any("Article 96" in t for t in text) and any("Article 21 shall be supplemented" in t for t in text)
    assert "Constitutional Law of the Republic of Azerbaijan" not in text
    assert "This Act enters into force on the day of its official publication." in text


def test_a_draft_of_additions_only_is_one_constitutional_law_unless_the_referendum_is_asked_for(tmp_path):
    from drafter.draft import draft

    draft(["municipal", "armenian-language"], tmp_path / "law", date="2026-11-25")
    text = [p.text for p in docx.Document(str(tmp_path / "law" / "amending-act.docx")).paragraphs]
    assert text[:2] == ["Constitutional Law of the Republic of Azerbaijan",
                        "On additions to the Constitution of the Republic of Azerbaijan"]
    assert text[2].startswith("The Milli Majlis of the Republic of Azerbaijan, in accordance with Articles 156")
    assert any("signature by the President" in t and "after the second vote" in t for t in text)
    draft(["municipal", "armenian-language"], tmp_path / "ref", date="2026-11-25", route="referendum")
    text = [p.text for p in docx.Document(str(tmp_path / "ref" / "amending-act.docx")).paragraphs]
    assert text[0] == "Act of the Referendum of the Republic of Azerbaijan"


# ---- whole words, names, neighbouring changes ---------------------------------------------

QUOTED = re.compile("\u201c(.*?)\u201d")


@pytest.mark.parametrize("names", [["nakhchivan-level"], ["south-tyrol"]])
def test_quotes_of_the_real_drafts_are_whole_words_and_never_cut_a_name(names):
    from drafter.plan.wording import names as name_spans
    a = apply_options(names)
    for subs in statements(a):
        for s in subs:
            if not s.text.startswith("In "):
                continue
            old = QUOTED.findall(s.text)[0]
            assert old[0].isalnum(), s.text
            text = a.base.get(s.effects[0].base_eid).text
            at = text.index(old)
            assert not any(a_ < at < b or a_ < at + len(old) < b for a_, b in name_spans(text)), s.text


def test_a_change_inside_a_name_quotes_the_whole_name():
    a = amend({"op": "substitute", "target": "Article 148, part IV", "find": "Nakhichevan", "with": "Naxçıvan"})
    assert lines(a) == ["1. In part IV of Article 148, the words \u201cNakhichevan Autonomous Republic\u201d shall be "
                        "replaced by the words \u201cNaxçıvan Autonomous Republic\u201d."]


def test_changes_a_few_words_apart_are_one_instruction():
    a = amend({"op": "substitute", "target": "Article 25, part III", "find": "race, nationality, religion, sex",
               "with": "ethnicity, nationality, faith, sex", "occurrence": 1})
    assert lines(a) == ["1. In the first sentence of part III of Article 25, the words \u201crace, nationality, "
                        "religion\u201d shall be replaced by the words \u201cethnicity, nationality, faith\u201d."]


def test_words_deleted_are_quoted_without_the_space_they_take():
    a = amend({"op": "substitute", "target": "Article 25, part III", "find": "equal", "with": ""})
    assert lines(a) == ["1. In the first sentence of part III of Article 25, the word \u201cequal\u201d shall be deleted."]
