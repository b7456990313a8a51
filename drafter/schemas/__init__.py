"""The JSON Schemas drafter ships: edition files, amendment templates, procedure rules, report.json."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """The schema called `name` ("constitution", "template"), parsed."""
    return json.loads(resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))
