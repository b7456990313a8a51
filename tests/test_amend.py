"""The amendment engine: every edit kind, the Azerbaijani numbering rules, conflicts, and errors an author can act on."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from drafter.amend import apply_templates
from drafter.errors import DrafterError
from drafter.load import load_edition
from drafter.plan.changes import effects
from drafter.template import template_from_text

BASE = load_edition()


def template(edits: list[dict], id: str = "t-one", kind: str = "alternative", **extra) -> object:
    data = {"id": id, "title": "A test option", "option": "A4", "kind": kind, "edition": "az-1995-rev2009",
            "author": "tests", "rationale": "test rationale", "argument": "test argument",
            "edits": [{"rationale": "because", **e} for e in edits], **extra}
    return template_from_text(yaml.safe_dump(data, sort_keys=False), f"{id}.yaml")


def apply(*templates):
    return apply_templates(BASE, list(templates))


def error_of(*templates) -> str:
    with pytest.raises(DrafterError) as exc:
        apply(*templates)
    return str(exc.value)


# ---- each edit kind ------------------------------------------------------------------

def test_substitute_changes_only_the_words_named():
    a = apply(template([{"op": "substitute", "target": "Article 137, part I", "find": "45", "with": "51"}]))
    assert a.amended.get("art_137__part_I").text.endswith("consists of 51 members.")
    [change] = a.changes
    assert (change.kind, change.eid, change.base_eid, change.substitution.find) == ("substitute", "art_137__part_I",
                                                                                  "art_137__part_I", "45")


def test_substitute_of_a_heading():
    a = apply(template([{"op": "substitute", "target": "Article 144", "field": "heading",
                         "find": "Municipalities", "with": "Municipalities and of the Region"}]))
    assert a.amended.get("art_144").heading == "The Competence of Municipalities and of the Region"


def test_substitute_with_a_named_occurrence():
    t = template([{"op": "substitute", "target": "Article 144, part II", "find": "authority", "with": "powers",
                   "occurrence": 2}])
    text = apply(t).amended.get("art_144__part_II").text
    assert text.count("authority") == 2 and "executing this powers" in text


def test_replace_gives_a_provision_new_wording_and_children():
    a = apply(template([{"op": "replace", "target": "Article 143", "expect": "meetings, permanent and other commissions",
                         "new": {"parts": ["New first part.", {"text": "New second part:", "items": ["a;", "b."]}]}}]))
    node = a.amended.get("art_143")
    assert [p.eid for p in node.walk()][1:] == ["art_143__part_I", "art_143__part_II", "art_143__part_II__item_1",
                                                "art_143__part_II__item_2"]
    assert a.changes[0].before == BASE.get("art_143")


def test_repeal_removes_the_provision_and_remembers_its_number():
    a = apply(template([{"op": "repeal", "target": "Article 145, part III", "expect": "two-thirds"}]))
    assert "art_145__part_III" not in a.amended and "art_145__part_III" in a.amended.repealed
    assert a.changes[0].after is None


def test_insert_an_item_at_the_end_takes_the_next_number():
    a = apply(template([{"op": "insert", "into": "Article 144, part I",
                         "provision": {"kind": "item", "text": "local policing;"}}]))
    assert a.amended.get("art_144__part_I__item_10").text == "local policing;"


def test_insert_a_paragraph_at_the_end_of_a_part():
    a = apply(template([{"op": "insert", "into": "Article 7, part III",
                         "provision": {"kind": "paragraph", "text": "A fourth line."}}]))
    assert a.amended.get("art_7__part_III__para_4").text == "A fourth line."


# ---- numbering the Azerbaijani way ------------------------------------------------------

def test_a_new_article_after_139_is_139_1_and_the_next_139_2():
    t = template([
        {"op": "insert", "after": "Article 139", "provision": {"kind": "article", "heading": "One", "text": "x."}},
        {"op": "insert", "after": "Article 139-1", "provision": {"kind": "article", "heading": "Two", "text": "y."}},
    ])
    nums = [p.num for p in apply(t).amended.articles()]
    assert nums[nums.index("139"):nums.index("140") + 1] == ["139", "139-1", "139-2", "140"]


def test_a_new_chapter_after_viii_is_viii_1_and_its_articles_follow_141():
    t = template([{"op": "insert", "after": "Chapter VIII", "provision": {
        "kind": "chapter", "heading": "The Region", "articles": [{"heading": "A", "text": "a."},
                                                                 {"heading": "B", "parts": ["b.", "c."]}]}}])
    a = apply(t)
    chapter = a.amended.get("chp_VIII-1")
    assert [c.num for c in chapter.children] == ["141-1", "141-2"]
    assert a.amended.parent_of("chp_VIII-1").eid == "sec_3"
    assert [c.num for c in a.amended.walk() if c.kind == "chapter"][7:10] == ["VIII", "VIII-1", "IX"]


@pytest.mark.parametrize("num, message", [
    ("140", "Article 140 already exists; an existing article is never renumbered"),
    ("200", "Article 200 does not fit between Article 139 and Article 140"),
])
def test_an_article_number_that_collides_or_is_out_of_place_is_an_error(num, message):
    t = template([{"op": "insert", "after": "Article 139", "provision": {"kind": "article", "num": num,
                                                                          "heading": "X", "text": "x."}}])
    assert message in error_of(t)


def test_the_number_of_a_repealed_article_is_never_reused():
    t = template([
        {"op": "repeal", "target": "Article 136", "expect": "highest official"},
        {"op": "insert", "after": "Article 135", "provision": {"kind": "article", "num": "136", "heading": "X",
                                                                "text": "x."}},
    ])
    assert "Article 136 was repealed; the number of a repealed article is never reused" in error_of(t)


def test_a_part_inserted_in_the_middle_needs_explicit_renumbering():
    t = template([{"op": "insert", "before": "Article 7, part II", "provision": {"kind": "part", "text": "New."}}])
    msg = error_of(t)
    assert "Article 7 has parts I-IV; a new part here would collide with part II" in msg
    assert "set renumber: true (parts II-IV would become III-V)" in msg


def test_renumbering_is_recorded_as_a_change_of_its_own():
    t = template([{"op": "insert", "before": "Article 7, part II", "renumber": True,
                   "provision": {"kind": "part", "text": "New second part."}}])
    a = apply(t)
    assert [p.num for p in a.amended.get("art_7").children] == ["I", "II", "III", "IV", "V"]
    renumbers = [(c.renumbering.old, c.renumbering.new) for c in a.changes if c.kind == "renumber"]
    assert sorted(renumbers) == [("II", "III"), ("III", "IV"), ("IV", "V")]
    assert a.renumbered["art_7__part_III__para_1"] == "art_7__part_IV__para_1"
    assert a.amended.get("art_7__part_III").text.startswith("The Republic of Azerbaijan sovereign power")


def test_a_later_edit_cites_the_edition_numbering_even_after_a_renumbering():
    t = template([
        {"op": "insert", "before": "Article 7, part II", "renumber": True, "provision": {"kind": "part", "text": "N."}},
        {"op": "substitute", "target": "Article 7, part IV", "find": "cooperate", "with": "work together"},
    ])
    a = apply(t)
    assert "work together" in a.amended.get("art_7__part_V").text


def test_every_change_carries_its_base_and_final_eid_after_later_renumberings():
    t = template([
        {"op": "substitute", "target": "Article 7, part III", "find": "separation", "with": "division"},
        {"op": "insert", "before": "Article 7, part II", "renumber": True, "provision": {"kind": "part", "text": "N."}},
        {"op": "repeal", "target": "Article 7, part IV (edition)", "expect": "constitutional provisions"},
    ])
    a = apply(t)
    assert [(c.kind, c.eid, c.base_eid, c.final_eid) for c in a.changes] == [
        ("substitute", "art_7__part_III", "art_7__part_III", "art_7__part_IV"),
        ("renumber", "art_7__part_III", "art_7__part_II", "art_7__part_III"),
        ("renumber", "art_7__part_IV", "art_7__part_III", "art_7__part_IV"),
        ("renumber", "art_7__part_V", "art_7__part_IV", None),
        ("insert", "art_7__part_II", None, "art_7__part_II"),
        ("repeal", "art_7__part_V", "art_7__part_IV", None)]
    assert a.changes[4].insertion.container == "art_7" and a.changes[4].insertion.previous == "art_7__part_I"
    assert a.base_eid_of("art_7__part_IV") == "art_7__part_III" and a.renumbered_from["art_7__part_IV"] == "art_7__part_III"


def test_a_provision_inserted_under_a_number_the_edition_renumbered_has_no_base():
    """The new part II is not the edition's part II (now part III): a change to it, and a reference
    problem in it, are not put down to the provision that had its number."""
    t = template([
        {"op": "insert", "before": "Article 7, part II", "renumber": True,
         "provision": {"kind": "part", "text": "New second part."}},
        {"op": "substitute", "target": "Article 7, part II (new)", "find": "second", "with": "other"},
    ])
    a = apply(t)
    assert [(c.kind, c.base_eid, c.final_eid) for c in a.changes][-2:] == [
        ("insert", None, "art_7__part_II"), ("substitute", None, "art_7__part_II")]
    assert a.base_eid_of("art_7__part_II") is None and "art_7__part_II" in a.inserted
    assert a.base_eid_of("art_7__part_III") == "art_7__part_II" and a.base_eid_of("art_7__part_I") == "art_7__part_I"
    assert [e.base_eid for e in effects(a) if e.kind != "renumber"] == [None, None]


def test_a_part_appended_after_a_repealed_last_part_does_not_reuse_its_number():
    t = template([
        {"op": "repeal", "target": "Article 145, part III", "expect": "two-thirds"},
        {"op": "insert", "into": "Article 145", "provision": {"kind": "part", "text": "New."}},
    ])
    assert [p.num for p in apply(t).amended.get("art_145").children] == ["I", "II", "IV"]


# ---- errors a template author can act on ---------------------------------------------------

@pytest.mark.parametrize("edit, message", [
    ({"op": "substitute", "target": "Article 144, part III", "find": "x", "with": "y"},
     "t-one.yaml:12 edits[0].target: 'Article 144, part III' does not exist (Article 144 has parts I-II; no part III)"),
    ({"op": "substitute", "target": "Article 137, part I", "find": "46 members", "with": "y"},
     "'46 members' does not occur in the text of Article 137, part I"),
    ({"op": "substitute", "target": "Article 144, part II", "find": "authority", "with": "y"},
     "'authority' occurs 3 times in Article 144, part II; say which with occurrence: 1-3"),
    ({"op": "substitute", "target": "Article 144, part I", "find": "local taxes", "with": "y"},
     "'local taxes' is not in the text of Article 144, part I itself; it occurs in Article 144, part I, item 4"),
    ({"op": "replace", "target": "Article 137, part I", "expect": "47 members", "new": {"text": "x"}},
     "Article 137, part I does not contain '47 members'"),
    ({"op": "insert", "into": "Chapter IX", "provision": {"kind": "item", "text": "x;"}},
     "Chapter IX is a chapter; an item cannot go into it"),
    ({"op": "insert", "after": "Article 144", "provision": {"kind": "part", "text": "x"}},
     "Article 144 is an article, not a part"),
    ({"op": "substitute", "target": "Articles 134-141", "find": "x", "with": "y"},
     "is a range; an edit targets one provision"),
])
def test_a_mistake_in_an_edit_is_reported_with_file_line_path_and_what_exists(edit, message):
    assert message in error_of(template([edit]))


def test_a_template_written_against_another_edition_fails_loudly():
    t = template([{"op": "substitute", "target": "Article 137, part I", "find": "45", "with": "51"}])
    t = t.__class__(**{**t.__dict__, "edition": "az-2016"})
    assert "written against edition 'az-2016', but the text is 'az-1995-rev2009'" in error_of(t)


# ---- several templates together ---------------------------------------------------------------

def test_two_templates_changing_the_same_provision_is_an_error_naming_both():
    a = template([{"op": "substitute", "target": "Article 137, part I", "find": "45", "with": "51"}], id="opt-a")
    b = template([{"op": "substitute", "target": "Article 137, part I", "find": "members", "with": "deputies"}],
                 id="opt-b", kind="add-on")
    assert "opt-b.yaml:12 edits[0].target: Article 137, part I is also changed by opt-a (edit 1, substitute)" in error_of(a, b)


def test_two_templates_inserting_the_same_number_is_an_error_naming_both():
    art = {"kind": "article", "num": "139-1", "heading": "X", "text": "x."}
    a = template([{"op": "insert", "after": "Article 139", "provision": art}], id="opt-a")
    b = template([{"op": "insert", "after": "Article 139", "provision": art}], id="opt-b", kind="add-on")
    assert "Article 139-1 already exists (inserted by opt-a, edit 1)" in error_of(a, b)


def test_an_edit_whose_expected_words_another_template_changed_is_a_stale_guard():
    a = template([{"op": "substitute", "target": "Article 144, part I, item 4", "find": "local taxes and fees",
                   "with": "local taxes, fees and duties"}], id="opt-a")
    b = template([{"op": "insert", "into": "Article 144, part I", "expect": "local taxes and fees",
                   "provision": {"kind": "item", "text": "x;"}}], id="opt-b", kind="add-on")
    assert "stale guard: the words it expects in Article 144, part I were changed by opt-a (edit 1)" in error_of(a, b)


def test_declared_exclusions_and_missing_requirements_are_errors():
    a = template([{"op": "substitute", "target": "Article 137, part I", "find": "45", "with": "51"}], id="opt-a",
                 excludes=["opt-b"])
    b = template([{"op": "substitute", "target": "Article 142, part II", "find": "elections", "with": "votes"}],
                 id="opt-b")
    assert "opt-a and opt-b exclude each other" in error_of(a, b)
    c = template([{"op": "substitute", "target": "Article 142, part II", "find": "elections", "with": "votes"}],
                 id="opt-c", kind="add-on", requires=[["opt-x", "opt-y"]])
    assert "opt-c requires opt-x or opt-y, which is not among the options given (opt-c)" in error_of(c)


def test_an_alternative_composes_with_add_ons_and_the_base_is_untouched():
    before = BASE.text()
    a = template([{"op": "insert", "into": "Article 144, part I", "provision": {"kind": "item", "text": "one;"}}],
                 id="opt-a")
    b = template([{"op": "insert", "after": "Article 146", "provision": {"kind": "article", "heading": "B",
                                                                          "text": "b."}}], id="opt-b", kind="add-on",
                 requires=["opt-a"])
    amendment = apply(b, a)
    assert [t.id for t in amendment.templates] == ["opt-a", "opt-b"]
    assert "art_146-1" in amendment.amended and "art_144__part_I__item_10" in amendment.amended
    assert BASE.text() == before


# ---- loading templates ------------------------------------------------------------------------

HEADER = textwrap.dedent("""\
    id: x
    title: Title
    option: A1
    kind: alternative
    edition: az-1995-rev2009
    author: me
    rationale: a rationale
    argument: an argument
    edits:
    """)

@pytest.mark.parametrize("text, message", [
    ("id: x\ntitle: [unclosed\n", "x.yaml:3: malformed YAML"),
    ("- just\n- a list\n", "x.yaml:1: a template is a mapping"),
    (HEADER + textwrap.dedent("""\
          - op: rename
            target: Article 1
        """), "x.yaml:10 edits[0].op: 'rename' is not one of 'substitute', 'replace', 'insert', 'repeal'"),
    (HEADER.replace("kind: alternative", "kind: maybe") + textwrap.dedent("""\
          - op: substitute
            target: Article 1
            find: 12
            with: y
            rationale: r
        """), "x.yaml:12 edits[0].find: expected string, got int '12'"),
    (HEADER + textwrap.dedent("""\
          - op: insert
            after: Article 1
            into: Article 2
            provision: {kind: part, text: t}
            rationale: r
        """), "x.yaml:10 edits[0]: an insert needs exactly one of 'after', 'before' or 'into' (it has after, into)"),
    (HEADER + textwrap.dedent("""\
          - op: insert
            into: Article 2
            provision: {kind: part, text: "{{region}} x"}
            rationale: r
        """), "x.yaml:12 edits[0].provision.text: unknown parameter {{region}} (parameters: none declared)"),
    ("kind: alternative\n", "x.yaml:1 (top): 'id' is required"),
])
def test_a_malformed_template_is_reported_with_file_line_and_path(text, message):
    with pytest.raises(DrafterError) as exc:
        template_from_text(text, "x.yaml")
    assert message in str(exc.value)


def test_parameters_fill_the_text_and_can_be_overridden():
    text = yaml.safe_dump({"id": "p", "title": "Title", "option": "A1", "kind": "alternative",
                           "edition": "az-1995-rev2009", "author": "me", "rationale": "a rationale",
                           "argument": "an argument",
                           "parameters": {"region": {"default": "Nagorno-Karabakh", "description": "name"}},
                           "edits": [{"op": "insert", "into": "Article 144, part I", "rationale": "r",
                                      "provision": {"kind": "item", "text": "policing in {{ region }};"}}]})
    assert template_from_text(text, "p.yaml").edits[0].provision["text"] == "policing in Nagorno-Karabakh;"
    assert template_from_text(text, "p.yaml", {"region": "Karabakh"}).edits[0].provision["text"] == "policing in Karabakh;"


# ---- the property: edits never touch what they do not target -----------------------------------

TEXTED = [p for p in BASE.walk() if p.text and p.kind in ("part", "item") and len(p.text.split()) > 3]
CONTAINERS = [p for p in BASE.walk() if p.kind == "part"]


@st.composite
def edit_lists(draw):
    edits, targets = [], set()
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            node = draw(st.sampled_from(TEXTED))
            words = [w for w in node.text.split() if node.text.count(w) == 1 and len(w) > 3]
            if not words or node.eid in targets:
                continue
            word = draw(st.sampled_from(words))
            edits.append({"op": "substitute", "target": node.eid, "find": word, "with": "ZZZ"})
            targets.add(node.eid)
        else:
            part = draw(st.sampled_from(CONTAINERS))
            edits.append({"op": "insert", "into": part.eid, "provision": {"kind": "item", "text": "new item;"}})
            targets.add(part.eid)
    return edits, targets


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_lists())
def test_applying_random_edits_never_touches_provisions_they_do_not_target(case):
    edits, targets = case
    if not edits:
        return
    amendment = apply(template(edits))
    touched = set(targets)
    for eid in targets:
        touched |= {a.eid for a in BASE.ancestors(eid)}
    for node in BASE.walk():
        if node.eid not in touched and not any(node.eid.startswith(t + "__") for t in targets):
            assert amendment.amended.get(node.eid) == node
    for change in amendment.changes:
        assert change.eid in targets or amendment.amended.parent_of(change.eid).eid in targets


PARAMETERISED = HEADER.replace("id: x", "id: p").replace("edits:\n", textwrap.dedent("""\
    parameters:
      seats: {default: 25, minimum: 5, maximum: 95, description: seats}
      term: {default: five, choices: [four, five], description: term in words}
      even: {default: 12, pattern: "[0-9]*[02468]", description: an even number}
    edits:
      - op: substitute
        target: Article 137, part I
        find: "45"
        with: "{{seats}}"
        rationale: r
    """))


@pytest.mark.parametrize("given, message", [
    ({"seats": "many"}, "p.yaml:10 parameters.seats: parameter 'seats': the value given with -p 'many' is not a whole number"),
    ({"seats": "3"}, "the value given with -p '3' is below the minimum 5"),
    ({"seats": "120"}, "the value given with -p '120' is above the maximum 95"),
    ({"term": "ten"}, "p.yaml:11 parameters.term: parameter 'term': the value given with -p 'ten' is not one of 'four', 'five'"),
    ({"even": "7"}, "does not match the pattern '[0-9]*[02468]'"),
])
def test_a_parameter_value_outside_what_the_template_allows_is_refused(given, message):
    with pytest.raises(DrafterError) as exc:
        template_from_text(PARAMETERISED, "p.yaml", given)
    assert message in str(exc.value)


def test_a_default_that_breaks_its_own_rule_is_reported_to_the_author():
    with pytest.raises(DrafterError, match="parameter 'seats': its default 25 is above the maximum 20"):
        template_from_text(PARAMETERISED.replace("maximum: 95", "maximum: 20"), "p.yaml")


def test_an_allowed_value_fills_the_text():
    t = template_from_text(PARAMETERISED, "p.yaml", {"seats": " 31 "})
    assert t.edits[0].with_ == "31" and t.parameters["seats"] == 31


def test_an_empty_parameter_value_is_refused():
    with pytest.raises(DrafterError, match="parameter 'term': the value given with -p '  ' is empty"):
        template_from_text(PARAMETERISED.replace("choices: [four, five], ", ""), "p.yaml", {"term": "  "})


CHOICE = {"when": {"test": "national-origin"}, "op": "substitute", "target": "Article 137, part I", "find": "45",
          "with": "51"}
LAWFUL = {"when": {"test": "residence"}, "op": "substitute", "target": "Article 137, part I", "find": "45",
          "with": "47"}


@pytest.mark.parametrize("value, seats", [("residence", "47"), ("national-origin", "51")])
def test_an_edit_with_when_applies_only_with_its_parameter_value(value, seats):
    params = {"test": {"default": "residence", "choices": ["residence", "national-origin"], "description": "t"}}
    t = template_from_text(yaml.safe_dump({
        "id": "w", "title": "A test option", "option": "A4", "kind": "alternative", "edition": "az-1995-rev2009",
        "author": "tests", "rationale": "test rationale", "argument": "test argument", "parameters": params,
        "edits": [{"rationale": "r", **e} for e in (CHOICE, LAWFUL, {**CHOICE, "find": "Ali", "with": "X"})]},
        sort_keys=False), "w.yaml", {"test": value})
    assert len(t.edits) == (1 if value == "residence" else 2)
    assert f"consists of {seats} members" in apply(t).amended.text()
    if value == "national-origin":  # the second chosen edit keeps its own line for errors
        assert t.line_of("edits", 1) > t.line_of("edits", 0) > t.line_of("parameters")


def test_a_when_that_no_value_of_the_parameter_can_meet_is_reported():
    params = {"test": {"default": "residence", "choices": ["residence", "national-origin"], "description": "t"}}
    with pytest.raises(DrafterError, match=r"edits\[0\]\.when\.test: parameter 'test': 'nationl-origin' is not one of"):
        template_from_text(yaml.safe_dump({
            "id": "w", "title": "A test option", "option": "A4", "kind": "alternative", "edition": "az-1995-rev2009",
            "author": "tests", "rationale": "test rationale", "argument": "test argument", "parameters": params,
            "edits": [{"rationale": "r", **CHOICE, "when": {"test": "nationl-origin"}}]}, sort_keys=False), "w.yaml")


def test_a_draft_in_which_two_options_define_the_territory_is_refused_naming_both():
    a = template([{"op": "substitute", "target": "Article 137, part I", "find": "45", "with": "51"}], id="opt-a",
                 territory={"defines": "Article 137, part I"})
    b = template([{"op": "substitute", "target": "Article 142, part II", "find": "elections", "with": "votes"}],
                 id="opt-b", kind="add-on", territory={"defines": "Article 142, part II"})
    assert ("opt-b defines the territory of the region (Article 142, part II), and so does opt-a "
            "(Article 137, part I): a draft defines it once") in error_of(a, b)
    relying = template([{"op": "substitute", "target": "Article 142, part II", "find": "elections", "with": "votes"}],
                       id="opt-c", kind="add-on", territory={"relies": True})
    apply(a, relying)
    assert "opt-c relies on the territory of the region defined by an alternative, and none" in error_of(relying)


# ---- whole words ----------------------------------------------------------------------

@pytest.mark.parametrize("edit, message", [
    ({"op": "substitute", "target": "Article 25, part III", "find": "national", "with": "ethnic"},
     "edits[0].find: 'national' occurs only inside 'nationality' in Article 25, part III"),
    ({"op": "substitute", "target": "Transitional Provisions, item 4, paragraph 2", "find": "Article 8",
      "with": "Article 9"}, "'Article 8' occurs only inside 'Article 85'"),
    ({"op": "substitute", "target": "Transitional Provisions, item 4, paragraph 2", "find": "8", "with": "9"},
     "'8' occurs only inside '85'"),
    ({"op": "repeal", "target": "Article 25, part III", "expect": "irrespective of race, national"},
     "edits[0].expect: 'irrespective of race, national' occurs only inside 'irrespective of race, nationality' in Article 25, part III"),
    ({"op": "substitute", "target": "Article 144, part II", "find": "author", "with": "x"},
     "'author' occurs only inside 'authority'"),
])
def test_find_and_expect_match_whole_words_only(edit, message):
    assert message in error_of(template([edit]))


def test_occurrences_are_counted_as_whole_words():
    # "sex" occurs once as a word (and "sex" is in no longer word there); "religion" twice: say which.
    a = apply(template([{"op": "substitute", "target": "Article 25, part III", "find": "sex", "with": "gender"}]))
    assert "religion, gender, origin" in a.amended.get("art_25__part_III").text
    msg = error_of(template([{"op": "substitute", "target": "Article 25, part III", "find": "religion", "with": "x"}]))
    assert "'religion' occurs 2 times in Article 25, part III; say which with occurrence: 1-2" in msg


def test_a_find_may_begin_or_end_with_punctuation():
    a = apply(template([{"op": "substitute", "target": "Article 25, part III", "find": ", nationality,",
                         "with": ", nationality, ethnic origin,", "occurrence": 1}]))
    assert "race, nationality, ethnic origin, religion" in a.amended.get("art_25__part_III").text
    assert "occurs only inside" in error_of(template([{"op": "substitute", "target": "Article 25, part III",
                                                       "find": ", nation", "with": "x"}]))


def test_azerbaijani_letters_are_letters_of_a_word():
    t = template([
        {"op": "replace", "target": "Article 144, part II", "expect": "Municipalities", "new": {"text": "Şəki and Şəkili."}},
        {"op": "substitute", "target": "Article 144, part II", "find": "Şəki", "with": "Gəncə"},
    ])
    assert apply(t).amended.get("art_144__part_II").text == "Gəncə and Şəkili."
    t = template([
        {"op": "replace", "target": "Article 144, part II", "expect": "Municipalities", "new": {"text": "Şəkili."}},
        {"op": "substitute", "target": "Article 144, part II", "find": "Şəki", "with": "Gəncə"},
    ])
    assert "'Şəki' occurs only inside 'Şəkili'" in error_of(t)


def test_a_hyphenated_name_is_one_word():
    t = template([{"op": "replace", "target": "Article 144, part II", "expect": "Municipalities",
                   "new": {"text": "In Nagorno-Karabakh."}},
                  {"op": "substitute", "target": "Article 144, part II", "find": "Karabakh", "with": "K"}])
    assert "'Karabakh' occurs only inside 'Nagorno-Karabakh'" in error_of(t)


# ---- citations after a renumbering -------------------------------------------------------

def test_a_number_that_means_both_the_edition_part_and_a_new_part_is_an_error_saying_how_to_write_each():
    t = template([
        {"op": "insert", "before": "Article 7, part II", "renumber": True, "provision": {"kind": "part", "text": "N."}},
        {"op": "insert", "after": "Article 7, part II", "provision": {"kind": "part", "text": "M."}},
    ])
    msg = error_of(t)
    assert "edits[1].after: 'Article 7, part II' is ambiguous after a renumbering" in msg
    assert "'Article 7, part II (edition)' for the edition's Article 7, part II, now Article 7, part III" in msg
    assert "'Article 7, part II (new)' for the provision t-one (edit 1) inserted in its place" in msg


@pytest.mark.parametrize("which, text", [("edition", "The Republic of Azerbaijan sovereign power"), ("new", "N.")])
def test_a_qualified_citation_names_one_meaning(which, text):
    t = template([
        {"op": "insert", "before": "Article 7, part II", "renumber": True, "provision": {"kind": "part", "text": "N."}},
        {"op": "substitute", "target": f"Article 7, part II ({which})", "find": text.split()[0],
         "with": "Changed"},
    ])
    a = apply(t)
    changed = [p for p in a.amended.get("art_7").children if p.text.startswith("Changed")]
    assert [p.num for p in changed] == (["III"] if which == "edition" else ["II"])


@pytest.mark.parametrize("find, text", [
    ("equal", "Everyone has rights and freedoms irrespective of race,"),
    ("Everyone", "has equal rights and freedoms irrespective of race,"),
])
def test_words_deleted_take_one_space_with_them(find, text):
    a = apply(template([{"op": "substitute", "target": "Article 25, part III", "find": find, "with": ""}]))
    assert a.amended.get("art_25__part_III").text.startswith(text)
