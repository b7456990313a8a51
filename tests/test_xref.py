"""Cross-references: found in running text, resolved to eIds, checked, and linked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from drafter.address import parse_all
from drafter.errors import DrafterError, UnknownProvision
from drafter.load import edition_dir, load_edition, load_edition_errata
from drafter.model import Constitution, Provision
from drafter.xref import (BROKEN, check_citations, check_references, find_references, impact, links, load_known,
                          normalise, xref_report)

SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "options.yaml"


@pytest.fixture(scope="module")
def base() -> Constitution:
    return load_edition()


def without(constitution: Constitution, eid: str, *, repealed: bool) -> Constitution:
    """`constitution` with the provision `eid` taken out (and recorded as repealed if `repealed`)."""
    def prune(node: Provision) -> Provision:
        return node.with_children(tuple(prune(c) for c in node.children if c.eid != eid))

    out = replace(constitution, body=tuple(prune(top) for top in constitution.body))
    return replace(out, repealed=out.repealed | {eid}) if repealed else out


def with_text(constitution: Constitution, eid: str, text: str) -> Constitution:
    """`constitution` with the own text of `eid` replaced."""
    def swap(node: Provision) -> Provision:
        node = replace(node, text=text) if node.eid == eid else node
        return node.with_children(tuple(swap(c) for c in node.children))

    return replace(constitution, body=tuple(swap(top) for top in constitution.body))


def only(results, text):
    hits = [r for r in results if r.text == text]
    assert len(hits) == 1, [r.text for r in results]
    return hits[0]


# ---- the embedded edition ------------------------------------------------------

FORMS_IN_BASE = {
    "article-list": 1,
    "chapter": 2,
    "constitutional-law": 12,
    "external-article": 1,
    "external-law": 69,
    "item-of-part-of-article": 1,
    "item-of-part-of-this-article-range": 2,
    "item-of-this-article-list": 1,
    "item-of-this-article-range": 1,
    "other-constitution": 6,
    "part-of-article": 1,
    "part-of-this-article": 4,
    "the-constitution": 55,
    "this-article": 3,
    "this-constitution": 29,
}


def test_the_references_found_per_form_in_the_embedded_edition_are_pinned(base):
    found: dict[str, int] = {}
    for r in check_references(base):
        found[r.form] = found.get(r.form, 0) + 1
    assert found == FORMS_IN_BASE


def test_every_reference_of_the_embedded_edition_resolves_or_is_a_known_defect_of_the_source(base):
    report = xref_report(base)
    assert report["broken"] == 0, report["problems"]
    assert report["summary"]["status"] == {"external": 88, "incomplete": 1, "ok": 99}
    assert [(k["where"], k["text"], k["status"], k["erratum"]) for k in report["known"]] == [
        ("Article 130, part V", "items 1-7 of section of this Article", "incomplete", "K4")]


def test_each_known_defect_matches_a_reference_and_a_kept_erratum(base):
    results = check_references(base)
    keeps = {e.id for e in load_edition_errata() if e.action == "keep"}
    for defect in load_known(base.edition.id):
        assert any(defect.matches(r) for r in results), defect
        assert defect.erratum in keeps


@pytest.mark.parametrize("source, words, form, targets", [
    ("art_25__part_IV", "Part III of this Article", "part-of-this-article", ["art_25__part_III"]),
    ("art_94__part_II", "items 2, 3, 4 of the present Article", "item-of-this-article-list",
     ["art_94__part_I__item_2", "art_94__part_I__item_3", "art_94__part_I__item_4"]),
    ("art_94__part_III", "first part of the present Article", "part-of-this-article", ["art_94__part_I"]),
    ("art_95__part_II", "items 1-5 of the present Article", "item-of-this-article-range",
     [f"art_95__part_I__item_{n}" for n in range(1, 6)]),
    ("art_105__part_III", "paragraph II of the present article", "part-of-this-article", ["art_105__part_II"]),
    ("art_130__part_VII", "items 1 to 7 in section III of the present Article", "item-of-part-of-this-article-range",
     [f"art_130__part_III__item_{n}" for n in range(1, 8)]),
    ("art_138__part_II", "this Article", "this-article", ["art_138"]),
    ("art_155", "Articles 1, 2, 6, 7, 8 and 12", "article-list",
     ["art_1", "art_2", "art_6", "art_7", "art_8", "art_12"]),
    ("art_155", "Chapter III", "chapter", ["chp_III"]),
    ("art_158", "Chapter I", "chapter", ["chp_I"]),
    ("transitional__item_3", "Paragraph V of Article 101", "part-of-article", ["art_101__part_V"]),
    ("transitional__item_11", "item 7 paragraph III of Article 130", "item-of-part-of-article",
     ["art_130__part_III__item_7"]),
    ("preamble__para_7", "this Constitution", "this-constitution", []),
    ("preamble__para_2", "the Constitution", "the-constitution", []),
])
def test_each_form_the_constitution_uses_resolves_in_a_real_sentence(base, source, words, form, targets):
    r = only(check_references(base, [source]), words)
    assert (r.form, r.status, list(r.targets)) == (form, "ok", targets)
    assert base.get(source).text[r.start:r.end] == words


@pytest.mark.parametrize("source, words, form", [
    ("transitional__item_4__para_2",
     'Article 85 of the Republic of Azerbaijan law "On Elections to the Milli Majlis of the Republic of Azerbaijan"',
     "external-article"),
    ("art_27__part_II", "by law", "external-law"),
    ("art_23__part_III", "Constitutional Law", "constitutional-law"),
    ("transitional__item_11", "a law of the Republic of Azerbaijan on the Constitutional Court", "external-law"),
    ("art_134__part_VI", "The Constitution of the Nakhichevan Autonomous Republic", "other-constitution"),
])
def test_references_to_other_laws_are_external_not_errors(base, source, words, form):
    r = only(check_references(base, [source]), words)
    assert (r.form, r.status, r.targets) == (form, "external", ())


def test_the_article_of_the_1995_election_law_is_not_taken_for_article_85_of_the_constitution(base):
    results = check_references(base, ["transitional__item_4__para_2"])
    assert all("art_85" not in r.targets for r in results)
    assert [r.form for r in results if r.text.startswith("Article 85")] == ["external-article"]


def test_the_part_without_a_number_in_article_130_is_incomplete_and_says_which_part_fits(base):
    r = only(check_references(base, ["art_130__part_V"]), "items 1-7 of section of this Article")
    assert (r.status, r.form, r.targets) == ("incomplete", "item-of-part-of-this-article-range", ())
    assert r.reason == ("'items 1-7 of section of this Article' gives no number for the part; "
                        "of the parts of Article 130 only part III has items 1-7")


def test_checking_a_provision_that_does_not_exist_is_an_error(base):
    with pytest.raises(UnknownProvision, match="no provision art_999 to check"):
        check_references(base, ["art_999"])


# ---- reading running text --------------------------------------------------------

@pytest.mark.parametrize("citation, context, eids", [
    ("paragraph II of the present article", "art_105__part_III", ["art_105__part_II"]),
    ("the first part of the present Article", "art_94__part_III", ["art_94__part_I"]),
    ("part one of Article 5", None, ["art_5__part_I"]),
    ("items 1 to 7 in section III of the present Article", "art_130__part_VII", ["art_130__part_III__item_1"]),
    ("Article 95, part I, items 1-5", None, ["art_95__part_I__item_1"]),
])
def test_the_address_parser_reads_the_forms_the_translation_uses(citation, context, eids):
    assert [a.eid for a in parse_all(citation, context)] == eids


@pytest.mark.parametrize("text", [
    "the laws are passed by a majority of 83 votes",
    "consists of nine (9) judges",
    "which was adopted on August 15, 1995",
    "the 45 members of the Ali Majlis",
    "in the whole territory of the Republic of Azerbaijan or in any part of it",
    "accused of a crime on the part of competent State organs",
    "the first part of the paper",
    "this part of the territory",
    "declares martial law",
    "After consideration of the agenda items the work is completed",
    "the civil law and part i of the notes",
])
def test_numbers_and_words_that_are_no_references_are_not_found(text):
    assert find_references(text) == []


def test_a_number_after_a_singular_article_is_not_a_list():
    refs = find_references("Article 12 and 45 members of parliament")
    assert [(r.text, r.form) for r in refs] == [("Article 12", "article")]


@pytest.mark.parametrize("text, form, targets", [
    ("in accordance with Article 95", "article", ["art_95"]),
    ("Articles 134-141", "article-range", [f"art_{n}" for n in range(134, 142)]),
    ("Articles 95 and 96", "article-list", ["art_95", "art_96"]),
    ("item 32 of Article 109", "item-of-article", ["art_109__item_32"]),
    ("part II of Article 142", "part-of-article", ["art_142__part_II"]),
    ("Article 144, part I, item 4", "item-of-part-of-article", ["art_144__part_I__item_4"]),
    ("Chapter IX", "chapter", ["chp_IX"]),
    ("Chapter VIII, Articles 134-141", "chapter-article-range", [f"art_{n}" for n in range(134, 142)]),
    ("Chapter IX, Article 144", "chapter-article", ["art_144"]),
    ("item 2 of Article 94", "item-of-article", ["art_94__part_I__item_2"]),
])
def test_free_text_citations_resolve_in_each_form(base, text, form, targets):
    (r,) = [r for r in check_citations(base, text) if r.targets]
    assert (r.form, r.status, list(r.targets)) == (form, "ok", targets)


def test_non_breaking_hyphens_are_read_as_hyphens_and_offsets_stay_those_of_the_text(base):
    text = "as noted in Articles 8\u201114 of the Constitution"
    assert normalise(text) == "as noted in Articles 8-14 of the Constitution"
    (r,) = find_references(text)
    assert (r.text, text[r.start:r.end], r.form) == ("Articles 8\u201114", "Articles 8\u201114", "article-range")


def test_this_article_in_free_text_has_nothing_to_refer_to(base):
    (r,) = check_citations(base, "as provided in this Article")
    assert r.status == "ambiguous"


# ---- problems ----------------------------------------------------------------------

@pytest.mark.parametrize("text, status, reason", [
    ("Article 160", "dangling",
     "Article 160 does not exist (there is no Article 160; the articles run from 1 to 158)"),
    ("Article 144, part III", "dangling",
     "Article 144, part III does not exist (Article 144 has parts I-II; no part III)"),
    ("Articles 155-160", "partial-range",
     "Articles 155-160 is only partly there: Articles 159-160 do not exist (the articles run from 1 to 158)"),
    ("Chapter VIII, Article 144", "wrong-container",
     "Article 144 is in Chapter IX (Municipalities), not in Chapter VIII (The Nakhichevan Autonomous Republic)"),
    ("item 2 of Article 3", "ambiguous",
     "Article 3, item 2 does not say which part: parts II-III of Article 3 all have item 2"),
    ("part II", "incomplete", "'part II': a part needs its article (e.g. 'part II of Article 142')"),
])
def test_a_citation_that_names_nothing_says_why_in_one_sentence(base, text, status, reason):
    (r,) = check_citations(base, text)
    assert (r.status, r.reason) == (status, reason)
    assert r.status in BROKEN


def test_a_repealed_part_makes_the_provision_citing_it_report_repealed_naming_both(base):
    amended = without(base, "art_101__part_V", repealed=True)
    r = only(check_references(amended, ["transitional__item_3"]), "Paragraph V of Article 101")
    assert (r.status, r.source, r.targets) == ("repealed", "transitional__item_3", ())
    assert r.line() == ("Transitional Provisions, item 3: repealed: 'Paragraph V of Article 101' [part-of-article]: "
                        "Article 101, part V has been repealed")


def test_a_part_that_is_gone_without_a_repeal_is_dangling_and_says_what_exists(base):
    amended = without(base, "art_101__part_V", repealed=False)
    r = only(check_references(amended, ["transitional__item_3"]), "Paragraph V of Article 101")
    assert r.status == "dangling"
    assert r.reason == "Article 101, part V does not exist (Article 101 has parts I-IV, VI; no part V)"
    assert xref_report(amended)["broken"] == 1


def test_a_range_with_a_repealed_member_reports_it(base):
    amended = without(base, "art_95__part_I__item_3", repealed=True)
    r = only(check_references(amended, ["art_95__part_II"]), "items 1-5 of the present Article")
    assert r.status == "repealed"
    assert r.reason == "Article 95, part I, items 1-5: item 3 has been repealed"


# ---- the paper's citations -------------------------------------------------------------

def paper_citations():
    data = yaml.safe_load(SEEDS.read_text(encoding="utf-8"))
    return [(o["id"], c) for o in data["options"] for c in o["paper_citations"]]


# What the paper says each citation is for, where it says so (paraphrased from the paper's sentence).
PAPER_SUBJECTS = {"Articles 8\u201114": "requirements to use the official language, as noted in {}"}


@pytest.mark.parametrize("option, citation", paper_citations(), ids=lambda v: v if isinstance(v, str) else None)
def test_the_papers_wrong_citations_are_flagged_and_its_right_ones_pass(base, option, citation):
    text = PAPER_SUBJECTS.get(citation["as_written"], "{}").format(citation["as_written"])
    results = [r for r in check_citations(base, text) if r.text == citation["as_written"]]
    assert len(results) == 1
    assert (results[0].status not in BROKEN) == citation["correct"], results[0].reason


def test_the_seeds_hold_the_five_citations_this_test_expects():
    assert sorted(c["as_written"] for _, c in paper_citations()) == sorted([
        "Chapter VIII, Articles 134\u2011141", "Chapter IX", "Chapter VIII, Article 144", "Article 45",
        "Articles 8\u201114"])
    assert set(PAPER_SUBJECTS) <= {c["as_written"] for _, c in paper_citations()}


@pytest.mark.parametrize("text, subject", [
    ("Articles 8-14 for the official language", "official language"),
    ("the official-language requirements of Articles 8-14", "official-language"),
    ("comply with requirements to use the official language in official documents, as noted in Articles 8\u201114 "
     "of the Constitution of the Republic of Azerbaijan.", "official language"),
])
def test_a_citation_given_for_a_subject_its_articles_never_mention_is_off_topic(base, text, subject):
    (r,) = [r for r in check_citations(base, text) if r.targets]
    assert r.status == "off-topic"
    assert r.reason == (f"{r.text!r} is cited for {subject!r}, but Articles 8-14 does not mention 'language'; "
                        "Article 21 (State Language) does")


@pytest.mark.parametrize("text, topic", [
    ("Article 21 for the official language", None),
    ("Article 45 of the Constitution does state that everyone has the right to use his/her native language.", None),
    ("Articles 8-14", None),
    ("Chapter IX", "local self-government"),
])
def test_a_citation_about_its_subject_or_with_none_passes(base, text, topic):
    assert [r.status for r in check_citations(base, text, topic) if r.targets] == ["ok"]


def test_a_topic_given_by_the_caller_is_checked_against_every_citation(base):
    (r,) = check_citations(base, "Article 45", topic="official language")
    assert r.status == "off-topic"


# ---- links and impact ------------------------------------------------------------

def test_links_give_exact_offsets_and_one_target_per_member_of_a_list(base):
    text = base.get("art_94__part_II").text
    spans = [(text[s:e], target) for s, e, target in links(base, "art_94__part_II", text)]
    assert spans == [("items 2", "art_94__part_I__item_2"), ("3", "art_94__part_I__item_3"),
                     ("4 of the present Article", "art_94__part_I__item_4")]


def test_links_skip_what_points_nowhere_and_keep_offsets_of_unusual_dashes(base):
    text = "See Articles 95\u201196, Article 999 and by law; also Chapter IX."
    assert [(text[s:e], t) for s, e, t in links(base, "art_1", text)] == [
        ("Articles 95\u201196", "art_95"), ("Chapter IX", "chp_IX")]


def test_impact_lists_the_provisions_citing_a_repealed_part(base):
    (r,) = impact(base, set(), {"art_25__part_III"}, {})
    assert (r.source, r.status, r.targets) == ("art_25__part_IV", "repealed", ("art_25__part_III",))
    assert r.reason == "Article 25, part IV cites Article 25, part III; the amendment repeals Article 25, part III"


def test_impact_names_the_new_number_of_a_renumbered_item_for_each_provision_citing_it(base):
    results = impact(base, set(), set(), {"art_130__part_III__item_7": "art_130__part_III__item_8"})
    assert [(r.source, r.text, r.status) for r in results] == [
        ("art_130__part_VII", "items 1 to 7 in section III of the present Article", "renumbered"),
        ("transitional__item_11", "item 7 paragraph III of Article 130", "renumbered")]
    assert results[1].reason == ("Transitional Provisions, item 11 cites Article 130, part III, item 7; the amendment "
                                 "renumbers Article 130, part III, item 7 as Article 130, part III, item 8")


def test_impact_skips_words_the_amendment_itself_rewrites_or_repeals(base):
    assert impact(base, {"art_25__part_IV"}, set(), {"art_25__part_III": "art_25__part_IV"}) == []
    assert impact(base, set(), {"art_25"}, {}) == []


def test_impact_reports_a_range_that_now_covers_an_inserted_article(base):
    cited = with_text(base, "art_1__part_I", "As in Articles 134-141.")
    (r,) = impact(cited, {"art_139-1"}, set(), {})
    assert (r.source, r.status, r.text) == ("art_1__part_I", "changed", "Articles 134-141")
    assert r.reason.endswith("the amendment inserts Article 139-1")


# ---- the known-defects file --------------------------------------------------------------

def test_a_known_defects_file_with_a_bad_entry_names_the_file_and_entry(tmp_path):
    folder = edition_dir("x", tmp_path)
    folder.mkdir(parents=True)
    (folder / "xref-known.yaml").write_text(
        "known:\n  - source: Article 130, part V\n    text: x\n    status: fine\n    reason: r\n"
        "  - source: Article 130\n    text: x\n", encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        load_known("x", tmp_path)
    assert [str(p) for p in exc.value.problems] == [
        f"{folder / 'xref-known.yaml'} known[0]: status 'fine' is not a problem status "
        "(ambiguous, dangling, incomplete, off-topic, partial-range, repealed, wrong-container)",
        f"{folder / 'xref-known.yaml'} known[1]: needs source, text, status and reason (strings)",
    ]


def test_an_edition_without_a_known_defects_file_counts_every_problem(base, tmp_path):
    report = xref_report(base, known=[])
    assert report["broken"] == 1
    assert load_known("absent", tmp_path) == []



def test_impact_reports_an_item_inserted_into_a_range_the_article_cites_by_article(base):
    gap = without(base, "art_95__part_I__item_3", repealed=False)
    (r,) = impact(gap, {"art_95__part_I__item_3"}, set(), {})
    assert (r.source, r.status, r.text) == ("art_95__part_II", "changed", "items 1-5 of the present Article")
    assert r.reason.endswith("the amendment inserts Article 95, part I, item 3")


@pytest.mark.parametrize("repealed, renumbered, status", [
    ({"art_130__part_III"}, {}, "repealed"),
    (set(), {"art_130__part_III": "art_130__part_IV"}, "renumbered"),
])
def test_a_kept_defect_whose_only_possible_target_goes_is_reported_with_its_erratum(base, repealed, renumbered,
                                                                                   status):
    known = load_known(base.edition.id)
    hits = [r for r in impact(base, set(), repealed, renumbered, known) if r.source == "art_130__part_V"]
    assert [(r.status, r.text) for r in hits] == [(status, "items 1-7 of section of this Article")]
    assert "kept as erratum K4; it can only mean Article 130, part III" in hits[0].reason
    assert impact(base, set(), repealed, renumbered) != []  # the other references into part III, as before
    assert not [r for r in impact(base, set(), repealed, renumbered) if r.source == "art_130__part_V"]


def test_a_kept_defect_is_broken_in_a_text_that_no_longer_has_what_it_can_only_mean(base):
    gone = without(base, "art_130__part_III", repealed=True)
    report = xref_report(gone)
    k4 = [p for p in report["problems"] if p["source"] == "art_130__part_V"]
    assert len(k4) == 1 and k4[0]["erratum"] == "K4" and "Article 130, part III, is gone" in k4[0]["reason"]
    assert not [k for k in report["known"] if k["erratum"] == "K4"]


# ---- citations as people write them, in running text ----------------------------------

@pytest.mark.parametrize("text, found", [
    ("Article 144 (Chapter VIII)", [("Article 144 (Chapter VIII)", "wrong-container")]),
    ("Article 144 (Chapter IX)", [("Article 144 (Chapter IX)", "ok")]),
    ("Article 45, Chapter IX and more", [("Article 45", "ok"), ("Chapter IX", "ok")]),
    ("Article 45 of Chapter IX", [("Article 45 of Chapter IX", "wrong-container")]),
    ("Article 144 Article 21", [("Article 144", "ok"), ("Article 21", "ok")]),
    ("Art 139-1", [("Art 139-1", "dangling")]),
    ("Article 144(1)", [("Article 144(1)", "ok")]),
])
def test_running_text_reads_chapters_parentheses_and_neighbours_as_a_drafter_means_them(base, text, found):
    assert [(r.text, r.status) for r in check_citations(base, text)] == found


def test_a_subject_named_after_the_citation_is_checked_like_one_before_it(base):
    (r,) = check_citations(base, "Articles 8-14 set out the official language requirements.")
    assert r.status == "off-topic" and "Article 21 (State Language) does" in r.reason
    (ok,) = check_citations(base, "Article 21 governs the official language.")
    assert ok.status == "ok"


def test_scanning_repeated_citations_reads_each_a_bounded_number_of_times(base, monkeypatch):
    """Linear, not timed: the parser is called a few times per citation however many there are
    (it was called ~n^2/2 times per start, cubic in all; bench/citations.py has the times)."""
    import drafter.xref.finding as xref  # where the finding calls the parser

    calls = []
    real = xref.parse_all
    monkeypatch.setattr(xref, "parse_all", lambda *a: calls.append(a[0]) or real(*a))
    for n in (50, 500):
        calls.clear()
        text = "Article 144 " * n + "Article 144, part 1 and " * n + "Article 5"
        refs = xref._find_references.__wrapped__(text, None)
        tokens = 3 * n + 1
        assert len(refs) > n and all(r.addresses for r in refs)
        assert len(calls) <= 4 * tokens
        assert sum(len(c) for c in calls) <= 200 * tokens


def test_an_amendment_is_checked_where_it_changes_the_text_with_the_result_of_checking_all_of_it(base):
    """`TextReferences.broken_after` (what `check` runs) reads only what an amendment changes; what it
    reports must be what checking the whole amended text reports, in the same order, for edits
    aimed at cited provisions: repealed, renumbered, reworded, cited anew."""
    import random

    from render_cases import _opening, _template
    from drafter.address import citation_of
    from drafter.amend import apply_templates
    from drafter.template import Insert, Repeal, Replace, Substitute
    from drafter.xref import TextReferences

    checked = TextReferences.of(base)
    cited = sorted({t for _, r in checked.results for t in r.targets
                    if base.get(t) is not None and base.get(t).kind in ("part", "item") and base.get(t).text})
    citing = sorted({r.source for _, r in checked.results if r.source and base.get(r.source).text})
    compared = broke = 0
    for seed in range(40):
        rng = random.Random(seed)
        edits = []
        for target in dict.fromkeys(rng.sample(cited, 3)):
            node, cite = base.get(target), citation_of(target)
            edits.append(rng.choice([
                Repeal(cite, _opening(node.text), "gone"),
                Insert({"kind": node.kind, "text": "A new provision."}, "new", before=cite, renumber=True),
                Replace(cite, _opening(node.text), {"text": "A new wording."}, "new wording"),
            ]))
        source = base.get(rng.choice(citing))
        word = source.text.split()[0]
        also = citation_of(rng.choice(cited))
        edits.append(Substitute(citation_of(source.eid), word, f"{word} (see Article 999 and {also})", "cites",
                                1 if source.text.count(word) > 1 else None))
        try:
            amendment = apply_templates(base, [_template("t", "alternative", "A9", edits)])
        except DrafterError:
            continue
        compared += 1

        def new(results):
            return [r for r in results if r.status in BROKEN
                    and (amendment.base_eid_of(r.source) if r.source else None, r.text, r.status) not in checked.broken]

        expected = new(check_references(amendment.amended))
        assert new(checked.broken_after(amendment)) == expected, seed
        broke += bool(expected)
    assert compared > 20 and broke > 5


def test_the_reading_of_a_whole_text_is_remembered_and_is_the_reading_itself(base, tmp_path, monkeypatch):
    # `check` reads the whole edition every run: what reading found is remembered per machine, keyed
    # on the words, their contexts and the reader; remembered, it is what reading finds.
    from drafter.xref import finding

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    texts = [(words, node.eid) for node in base.walk() for words in (node.heading, node.text) if words]
    real, read = finding._find_references, []
    monkeypatch.setattr(finding, "_find_references", lambda *a: read.append(a) or real(*a))

    def shown(found: list) -> list:
        return [[(r, [(a.steps, a.end, a.chapter, a.divisions) for a in r.addresses]) for r in refs]
                for refs in found]

    first = finding.read_texts(texts)
    assert len(read) == len(texts) and sum(map(len, first)) > 100
    again = finding.read_texts(texts)
    assert len(read) == len(texts)  # remembered: nothing read again
    assert shown(again) == shown(first) == shown([real(*t) for t in texts])
    changed = texts[:-1] + [("as Article 5 and Article 7 of this Constitution say", texts[-1][1])]
    assert shown(finding.read_texts(changed)) == shown([real(*t) for t in changed])
    assert len(read) == 2 * len(texts)  # other words: read afresh


def test_where_the_reader_cannot_read_its_own_source_nothing_is_remembered_and_all_is_read(base, tmp_path,
                                                                                          monkeypatch):
    # An installation whose modules are not files (a zip): the key of the memory cannot be made.
    from drafter.xref import finding

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(finding, "__file__", str(tmp_path / "packed.zip" / "finding.py"))
    finding._reader.cache_clear()
    try:
        texts = [(node.text, node.eid) for node in base.walk() if node.text][:50]
        assert finding.read_texts(texts) == [finding._find_references(*t) for t in texts]
        assert not (tmp_path / "cache").exists()
    finally:
        finding._reader.cache_clear()
