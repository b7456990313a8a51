"""Fuzzing the two parsers users feed by hand: the template loader and the citation parser.

Whatever the input, the only exception that may come out is `DrafterError` (which the CLI turns into
one-line messages); what parses must mean what it says.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from drafter.address import Address, parse_all
from drafter.errors import CitationSyntaxError, DrafterError
from drafter.template import Template, template_from_text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_or_refuse(text: str, name: str) -> Template | None:
    """The template, or None when it is refused with a DrafterError that says where."""
    try:
        return template_from_text(text, name)
    except DrafterError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        assert all("\n" not in p.message for p in exc.problems), exc.problems
        return None


# ---- the template loader ----------------------------------------------------------------------

YAMLISH = st.lists(st.sampled_from([
    "id", "title", "edits", "op", "insert", "target", "provision", "kind", "text", ":", ": ", "- ", "\n",
    "  ", "    ", "\t", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "|",
    ">-", "'", '"', "\\x01", "\\u0000", "#", "---", "...", "%YAML 1.1\n", "~", "null", "true", "1e999", "0x1F",
    "Article 95", "{{region}}", "Հայերեն", "Azərbaycan", "عربي", "\x00", "\x01", "\ufeff", "\ud800",
]), max_size=40).map("".join)


@FUZZ
@given(text=st.one_of(st.text(max_size=300), YAMLISH))
@example(text="a: !!python/object/apply:os.system ['true']")
@example(text="edits: &e [*e]")
@example(text="[" * 2000)
@example(text="0:\n::")  # keys that are not strings, named in the schema's message
def test_any_text_given_as_a_yaml_template_is_loaded_or_refused(text):
    load_or_refuse(text, "fuzz.yaml")


@FUZZ
@given(text=st.one_of(st.text(max_size=300), YAMLISH))
@example(text='{"id": "x\\ud800"}')
def test_any_text_given_as_a_json_template_is_loaded_or_refused(text):
    load_or_refuse(text, "fuzz.json")


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=20), st.sampled_from(["insert", "substitute", "replace", "repeal", "part",
                                                           "item", "article", "chapter", "Article 95",
                                                           "Chapter IX", "Article 144, part I", "{{x}}"]))
KEYS = st.one_of(st.text(max_size=8), st.sampled_from(
    ["id", "title", "option", "kind", "edition", "author", "rationale", "argument", "edits", "op", "target",
     "find", "with", "into", "after", "before", "provision", "text", "heading", "parts", "items", "num",
     "expect", "new", "parameters", "default", "requires", "excludes", "renumber", "occurrence", "field"]))
STRUCTURES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=30)


@FUZZ
@given(data=STRUCTURES)
def test_any_structure_dumped_as_yaml_or_json_is_loaded_or_refused(data):
    load_or_refuse(yaml.safe_dump(data, allow_unicode=True), "fuzz.yaml")
    try:
        text = json.dumps(data)
    except ValueError:
        return
    load_or_refuse(text, "fuzz.json")


def _real_templates() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(TEMPLATES.glob("*.yaml"))]


def _replace_at(data, path: list, value):
    """`data` with the value at `path` (indices taken modulo the sizes met on the way) replaced."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        keys = list(data)
        key = keys[path[0] % len(keys)]
        return {**data, key: _replace_at(data[key], path[1:], value)}
    i = path[0] % len(data)
    return data[:i] + [_replace_at(data[i], path[1:], value)] + data[i + 1:]


@FUZZ
@given(which=st.integers(0, 100), path=st.lists(st.integers(0, 50), max_size=6), value=STRUCTURES)
def test_a_real_template_with_any_part_replaced_is_loaded_or_refused(which, path, value):
    templates = _real_templates()
    data = _replace_at(templates[which % len(templates)], path, value)
    load_or_refuse(yaml.safe_dump(data, allow_unicode=True), "mutant.yaml")


def test_the_real_templates_survive_the_round_trip_the_fuzzer_uses():
    for data in _real_templates():
        assert load_or_refuse(yaml.safe_dump(data, allow_unicode=True), "real.yaml") is not None


# ---- the citation parser ----------------------------------------------------------------------

WORDS = ["Article", "Articles", "article", "Art.", "Arts.", "part", "parts", "Part", "item", "items", "point",
         "clause", "paragraph", "paragraphs", "section", "Chapter", "Chapters", "of", "the", "in", "and", "or",
         "to", "through", "this", "present", "Constitution", "first", "second", "tenth", "eleventh", "one",
         "Preamble", "Transitional Provisions", ",", ";", ".", "-", "–", "—", "(", ")"]
NUMBERS = st.one_of(st.integers(0, 200).map(str), st.sampled_from(
    ["139-1", "144-2", "I", "II", "IV", "IX", "VIII-1", "XII", "MMXX", "iv", "0", "00", "1-2-3", "99999"]))
EIDS = st.sampled_from(["art_144", "art_144__part_I__item_4", "chp_IX", "sec_1", "preamble", "transitional",
                        "art_139-1__part_II", "art_1__para_2", "chp_", "art_x", "art_1__", "__part_I"])
CITATIONS = st.one_of(
    st.lists(st.one_of(st.sampled_from(WORDS), NUMBERS), min_size=1, max_size=10).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), NUMBERS), min_size=1, max_size=10).map("".join),
    EIDS,
    st.text(max_size=60),
)
CONTEXTS = st.one_of(st.none(), st.sampled_from(["art_144", "art_144__part_I", "art_130__part_V__item_7",
                                                 "chp_IX", "preamble"]))


@settings(max_examples=1500, deadline=None)
@given(text=CITATIONS, context=CONTEXTS)
@example(text="the first part of the present Article", context="art_144__part_II")
@example(text="items 1 to 7 in section III of the present Article", context="art_130__part_V")
@example(text="Articles 95 and 96", context=None)
@example(text="Preamble , 0", context=None)  # a bare number cannot repeat the Preamble's
@example(text="Chapters 1-2-3", context=None)  # a range whose hyphens cannot be told apart
@example(text="Articles 139-1 to 139-3", context=None)  # written back with 'to'
@example(text="Chapter 1 , 1", context=None)  # a bare number of a chapter is Roman too
def test_any_text_given_as_a_citation_is_read_or_refused(text, context):
    try:
        found = parse_all(text, context)
    except CitationSyntaxError as exc:
        assert exc.problems and "\n" not in exc.problems[0].message
        return
    assert found, text
    for address in found:
        assert address.steps
        # What was read can be written back as a citation and an eId that mean the same provision.
        again = Address.parse(address.citation)
        assert (again.steps, again.end, again.chapter) == (address.steps, address.end, address.chapter), text
        if address.end is None:
            assert Address.from_eid(address.eid).steps == address.steps


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_is_a_citation_or_a_citation_syntax_error_never_another_exception(text):
    try:
        parse_all(text)
    except CitationSyntaxError:
        pass


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 400), part=st.integers(1, 39), item=st.integers(1, 99))
def test_a_citation_drafter_writes_parses_back(n, part, item):
    from drafter.model import to_roman

    address = Address((("article", str(n)), ("part", to_roman(part)), ("item", str(item))))
    assume(address.citation)
    assert Address.parse(address.citation) == address
    assert Address.parse(address.eid) == address


# ---- the engine's index of eIds -------------------------------------------------------------------

def _index(text):
    """What a text's eId index answers: every eId, with its provision and the eId of its parent."""
    return {e: (text.get(e), getattr(text.parent_of(e), "eid", None)) for e in text.eids()}


def _fresh_index(text):
    from drafter.model import Constitution

    return _index(Constitution(text.edition, text.body, text.repealed))


def _combinations():
    from drafter.options import combinations
    from drafter.template import available, load_options

    return combinations(load_options(list(available())))


def test_the_index_the_engine_keeps_edit_by_edit_is_the_index_of_the_amended_text():
    from drafter.amend import apply_templates
    from drafter.load import load_edition

    base = load_edition()
    for combo in _combinations():
        amended = apply_templates(base, combo).amended
        assert _index(amended) == _fresh_index(amended), [t.id for t in combo]
    assert _index(base) == _fresh_index(base)  # and the base's own index is untouched


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.randoms(use_true_random=False))
def test_the_index_the_engine_keeps_holds_for_random_edits(rng):
    from render_cases import BASE, random_templates

    from drafter.amend import apply_templates

    try:
        amendment = apply_templates(BASE, random_templates(rng))
    except DrafterError:
        assume(False)
        return
    assert _index(amendment.amended) == _fresh_index(amendment.amended)
    assert _index(BASE) == _fresh_index(BASE)
