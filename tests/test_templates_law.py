"""The templates as a constitutional lawyer reads them: one defined territory per draft, the A2 copy of
Chapter VIII faithful but for its listed differences, and parameters that cannot leave holes in the text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.address import citation_of, find
from drafter.amend import apply_templates
from drafter.errors import DrafterError
from drafter.load import load_edition
from drafter.model import blocks
from drafter.options import reference_problems, combinations
from drafter.template import load_template

ROOT = Path(__file__).resolve().parents[1]
PATHS = sorted((ROOT / "templates").glob("*.yaml"))
TEMPLATES = {p.stem: load_template(p) for p in PATHS}
RAW = {p.stem: yaml.safe_load(p.read_text()) for p in PATHS}
BASE = load_edition()


@pytest.mark.parametrize("option_id", sorted(TEMPLATES))
def test_every_template_defines_its_territory_or_relies_on_the_alternatives(option_id):
    t = TEMPLATES[option_id]
    if t.kind == "alternative":
        cited = find(apply_templates(BASE, [t]).amended, t.territory["defines"])
        assert "territory" in cited.text and t.parameters["region"] in cited.text
    else:
        assert t.territory == {"relies": True}


@pytest.mark.parametrize("criterion", ["lawful", "national-origin"])
def test_every_draft_the_templates_admit_defines_the_territory_once_and_breaks_no_reference(criterion):
    templates = [load_template(p, {"criterion": criterion}) for p in PATHS]
    drafts = combinations(templates) + [[t] for t in templates if t.kind == "alternative"]
    assert len(drafts) == 3 + 4
    for draft in drafts:
        assert sum("defines" in t.territory for t in draft) == 1
        amendment = apply_templates(BASE, draft)  # raises if the territory is defined twice or not at all
        assert reference_problems(amendment) == [], [t.id for t in draft]


@pytest.mark.parametrize("option_id", ["enhanced-local", "boundaries", "local-district-head", "consociational-veto"])
def test_the_papers_ethnic_test_is_a_choice_that_declares_the_article_25_derogation(option_id):
    path = ROOT / "templates" / f"{option_id}.yaml"
    lawful, literal = load_template(path), load_template(path, {"criterion": "national-origin"})
    cited = lambda t: {d.provision for e in t.edits for d in e.derogates}
    assert not {"Article 25, part III", "Article 25, part IV"} & cited(lawful)
    assert {"Article 25, part III", "Article 25, part IV"} <= cited(literal)
    text = lambda t: " ".join(str(getattr(e, "provision", "")) for e in t.edits)
    assert "national origin" not in text(lawful) and "census" not in text(lawful)
    assert "national origin" in text(literal) and "census" not in text(literal)


def _printed(node, region: str | None = None) -> dict[str, str]:
    """Each block of an article by its place inside the article (eId without the article's own)."""
    out = {}
    for p, role, text in blocks(node):
        key = (p.eid[len(node.eid):], role)
        out[key] = text.split(". ", 1)[1] if role == "title" else text
        if region:
            out[key] = out[key].replace("Nakhichevan", region)
    return out


def test_the_a2_copy_of_chapter_viii_differs_from_articles_134_141_only_where_its_list_says():
    t, mirror = TEMPLATES["nakhchivan-level"], RAW["nakhchivan-level"]["mirror"]
    region = t.parameters["region"]
    amended = apply_templates(BASE, [t]).amended
    differences = {d["provision"]: d for d in mirror["differences"]}
    used = set()
    model_articles = find(BASE, mirror["of"]).children
    copy_articles = find(amended, mirror["copy"]).children
    assert len(model_articles) == len(copy_articles) == 8
    for model, copy in zip(model_articles, copy_articles):
        want, got = _printed(model, region), _printed(copy)
        for key, text in got.items():
            cite = find(amended, copy.eid + key[0]).eid if key[0] else copy.eid
            diff = differences.get(citation_of(cite))
            expected = want.get(key, "")
            if diff and key[1] == "text":
                used.add(diff["provision"])
                fill = lambda s: " ".join(s.replace("{{region}}", region).split())
                assert fill(diff["model"]) in expected, diff["provision"]
                expected = expected.replace(fill(diff["model"]), fill(diff["copy"])) if diff["model"] else (
                    text.split(" ", 1)[0] + " " + fill(diff["copy"]))
            assert text == expected, f"{citation_of(cite)} differs from its model beyond the listed differences"
        assert set(want) <= set(got), f"{citation_of(copy.eid)} leaves out part of Article {model.num}"
    assert used == set(differences), "a listed difference that the copy does not have"


CONCEPTS = ("region", "centre", "community", "returning_community", "language")


def test_one_parameter_name_per_concept_across_the_templates():
    seen: dict[str, set] = {}
    for option_id, t in TEMPLATES.items():
        for name, value in t.parameters.items():
            assert name in CONCEPTS or not name.endswith(CONCEPTS), f"{option_id}: {name}: use the shared name"
            seen.setdefault(name, set()).add(value)
    for name in CONCEPTS:
        assert len(seen.get(name, {None})) == 1, f"{name} has different defaults across templates: {seen[name]}"


DURATIONS = [(o, n) for o, t in TEMPLATES.items() for n in t.parameters if n.endswith(("_months", "_years", "_days"))]
NAMES = [(o, n) for o, t in TEMPLATES.items() for n in t.parameters if n in CONCEPTS]


@pytest.mark.parametrize("option_id, name", DURATIONS)
@pytest.mark.parametrize("value", ["0", "zero", "", "6"])
def test_a_duration_is_refused_when_zero_empty_or_in_digits(option_id, name, value):
    with pytest.raises(DrafterError, match=f"parameter '{name}': the value given with -p"):
        load_template(ROOT / "templates" / f"{option_id}.yaml", {name: value})


@pytest.mark.parametrize("option_id, name", NAMES)
@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_name_is_refused(option_id, name, value):
    with pytest.raises(DrafterError, match=f"parameter '{name}': the value given with -p '{value}' is empty"):
        load_template(ROOT / "templates" / f"{option_id}.yaml", {name: value})


def test_durations_and_names_are_there_to_check():
    assert len(DURATIONS) >= 8 and len(NAMES) >= 9
