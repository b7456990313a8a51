"""The templates agree with the seeds digest: one per option, same code and kind, same combinations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {o["id"]: o for o in yaml.safe_load((ROOT / "seeds" / "options.yaml").read_text())["options"]}
ALTERNATIVES = {i for i, o in SEEDS.items() if o["kind"] == "alternative"}


def template(option_id: str) -> dict:
    return yaml.safe_load((ROOT / "templates" / f"{option_id}.yaml").read_text())


def test_every_option_of_the_seeds_has_exactly_one_template():
    assert {p.stem for p in (ROOT / "templates").glob("*.yaml")} == set(SEEDS)


@pytest.mark.parametrize("option_id", sorted(SEEDS))
def test_a_template_names_its_seed_option_and_kind(option_id):
    t = template(option_id)
    assert (t["id"], t["option"], t["kind"]) == (option_id, SEEDS[option_id]["code"], SEEDS[option_id]["kind"])


@pytest.mark.parametrize("option_id", sorted(SEEDS))
def test_exclusions_and_requirements_follow_the_seeds(option_id):
    t, seed = template(option_id), SEEDS[option_id]
    assert set(t.get("excludes", ())) == set(seed.get("excludes", ()))
    if seed["kind"] == "add-on":
        allowed = set(seed["combines_with"]) & ALTERNATIVES
        assert [set(r) if isinstance(r, list) else {r} for r in t.get("requires", ())] == [allowed]
