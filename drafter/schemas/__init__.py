"""The JSON Schemas drafter ships: edition files, amendment templates, procedure rules, report.json;
how a schema error becomes a problem; and the memory of the contents that have passed a schema."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..errors import Problem
from ..fileio import recall, remember

if TYPE_CHECKING:
    import jsonschema


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """The schema called `name` ("constitution", "template"), parsed."""
    return json.loads(_schema_bytes(name).decode("utf-8"))


@lru_cache(maxsize=None)
def _schema_bytes(name: str) -> bytes:
    # The schemas are files beside this module (the package is never zipped): read them directly,
    # as importlib.resources would, without its import (tempfile, zipfile) on every command.
    return (Path(__file__).parent / f"{name}.schema.json").read_bytes()


def passed(name: str, content: bytes) -> bool:
    """Whether these exact bytes have passed the schema `name` before, on this machine.

    Validating costs far more than reading (importing jsonschema alone costs twice Python's
    start-up), and every command reads the same edition and templates: each content is validated
    once per machine (see `fileio.recall`), and a change to it or to the schema is validated afresh.
    """
    return recall(_schema_bytes(name), content) is not None


def remember_passed(name: str, content: bytes) -> None:
    """Note that `content` passed the schema `name`."""
    remember(_schema_bytes(name), content)


def schema_problems(validator: jsonschema.Validator, data: Any, file: str, lines: dict[tuple, int] | None = None,
                    explain: Callable[[jsonschema.ValidationError], list[Problem] | None] | None = None
                    ) -> list[Problem]:
    """Every error of `data` against `validator`'s schema as a Problem at file, line and path, in path
    order; `explain` may put an error in other words (a list of problems in its place)."""
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        explained = explain(error) if explain else None
        if explained is not None:
            problems.extend(explained)
        else:
            problems.append(locate(file, lines or {}, tuple(error.absolute_path), error_message(error)))
    return problems


def line_at(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of `path` in a document, or of the nearest path above it that has one."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def path_text(path: tuple) -> str:
    """A path inside a document as problems show it: ``edits[2].target``; ``(top)`` for the whole."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top)"


def locate(file: str, lines: dict[tuple, int], path: tuple, message: str = "") -> Problem:
    """A problem at `path` inside the document `file` (its line from `lines`, the line of each path)."""
    return Problem(message, file=file or None, line=line_at(lines, path), path=path_text(path))


def error_message(error: jsonschema.ValidationError) -> str:
    """A schema error in words a template or rule-file author reads: which keys, which values."""
    if error.validator == "additionalProperties":
        # A YAML mapping's keys need not be strings ("0: x"): sorted as written.
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"unexpected key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))} (expected: {allowed})"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "maxLength":
        return f"is too long: {len(error.instance)} characters (at most {error.validator_value})"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(repr, error.validator_value))}"
    if error.validator == "type":
        return f"expected {error.validator_value}, got {type(error.instance).__name__} {str(error.instance)[:40]!r}"
    if error.validator == "oneOf" and error.schema.get("description"):
        return f"{error.message[:80]}: {error.schema['description']}"
    return error.message if len(error.message) < 200 else error.message[:200] + "..."
