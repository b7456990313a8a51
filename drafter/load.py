"""constitution/ <-> model: edition files read, validated against their schema, and written.

An edition lives in ``constitution/<edition-id>/``: ``constitution.json`` (the
structured text, validated by ``schemas/constitution.schema.json``),
``errata.yaml`` (the corrections the importer applied, with reasons) and
``PROVENANCE.md``.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DrafterError, Problem
from .fileio import decode_utf8, read_limited, write_atomic
from .model import DEFAULT_EDITION, Constitution, Edition, Provision
from .schemas import passed, remember_passed, schema, schema_problems

if TYPE_CHECKING:
    from .errata import Erratum

FORMAT = "drafter-constitution/1"
#: Far above the bench's 100x synthetic edition (some 20 MB); refuses a device or a runaway file.
MAX_EDITION_BYTES = 1_000_000_000


def project_dir(name: str) -> Path:
    """Where the project's `name` folder ("constitution", "templates", "seeds") is.

    ``DRAFTER_HOME`` points at a project folder; otherwise the checkout this
    package was installed from (``pip install -e .``), then the current folder.
    """
    home = os.environ.get("DRAFTER_HOME")
    candidates = [Path(home) / name] if home else []
    candidates += [Path(__file__).resolve().parents[1] / name, Path.cwd() / name]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def edition_dir(edition_id: str | None = None, root: Path | None = None) -> Path:
    return (root or project_dir("constitution")) / (edition_id or DEFAULT_EDITION)


def list_editions(root: Path | None = None) -> list[str]:
    """The ids of the editions present."""
    root = root or project_dir("constitution")
    return sorted(p.parent.name for p in root.glob("*/constitution.json"))


# ---- JSON form ----------------------------------------------------------------

def _node_to_json(node: Provision) -> dict:
    out: dict = {"kind": node.kind, "eId": node.eid}
    for key in ("num", "heading", "text"):
        if getattr(node, key) is not None:
            out[key] = getattr(node, key)
    if node.children:
        out["children"] = [_node_to_json(c) for c in node.children]
    return out


def _node_from_json(data: dict) -> Provision:
    return Provision(data["kind"], data["eId"], data.get("num"), data.get("heading"), data.get("text"),
                     tuple(_node_from_json(c) for c in data.get("children", ())))


def to_json(constitution: Constitution) -> dict:
    """The edition-file form of a constitution."""
    e = constitution.edition
    edition = {"id": e.id, "title": e.title, "source": e.source, "translation": e.translation,
               "as_revised": e.as_revised, "sha256": e.sha256}
    if e.notes:
        edition["notes"] = e.notes
    out = {"format": FORMAT, "edition": edition}
    if constitution.repealed:
        out["repealed"] = sorted(constitution.repealed)
    out["body"] = [_node_to_json(n) for n in constitution.body]
    return out


def from_json(data: object, file: str = "constitution.json", *, checked: bool = False) -> Constitution:
    """The constitution an edition file holds; every schema problem reported with its path.

    `checked` says the data is known to be valid (the very same bytes were validated before).
    """
    if not checked:
        import jsonschema  # only when validating: reading commands need not load it

        validator = jsonschema.Draft202012Validator(schema("constitution"))
        problems = schema_problems(validator, data, file)
        if problems:
            raise DrafterError(problems[:10])
    body = tuple(_node_from_json(n) for n in data["body"])
    seen: set[str] = set()
    dupes = []
    for top in body:
        for node in top.walk():
            if node.eid in seen:
                dupes.append(Problem(f"duplicate eId {node.eid}", file=file))
            seen.add(node.eid)
    if dupes:
        raise DrafterError(dupes)
    e = data["edition"]
    edition = Edition(e["id"], e["title"], e["source"], e["translation"], e["as_revised"], e["sha256"],
                      e.get("notes", ""))
    return Constitution(edition, body, frozenset(data.get("repealed", ())))


def dumps(constitution: Constitution) -> bytes:
    return (json.dumps(to_json(constitution), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def save_edition(constitution: Constitution, root: Path | None = None, *, force: bool = False) -> Path:
    """Write the edition file atomically; returns its path."""
    path = edition_dir(constitution.edition.id, root) / "constitution.json"
    from_json(to_json(constitution), str(path))  # never write what we could not read back
    write_atomic(path, dumps(constitution), force=force)
    return path


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Constitution:
    raw = read_limited(Path(path), MAX_EDITION_BYTES, "an edition file")
    try:
        data = json.loads(decode_utf8(raw, path))
    except (ValueError, RecursionError) as exc:
        raise DrafterError(Problem(f"cannot read edition file: {exc}", file=path))
    checked = passed("constitution", raw)  # validating is nearly all the time of loading an edition
    constitution = from_json(data, path, checked=checked)
    if not checked:
        remember_passed("constitution", raw)
    return constitution


def load_edition(edition_id: str | None = None, root: Path | None = None) -> Constitution:
    """The structured constitution of an edition (the embedded default if none is named)."""
    path = edition_dir(edition_id, root) / "constitution.json"
    if not path.is_file():
        have = ", ".join(list_editions(root)) or "none"
        raise DrafterError(Problem(f"no edition {edition_id or DEFAULT_EDITION!r} (editions present: {have})",
                                   file=str(path)))
    return _load_cached(str(path), path.stat().st_mtime)


def load_edition_errata(edition_id: str | None = None, root: Path | None = None) -> list[Erratum]:
    """The errata recorded with an edition (empty if it has none)."""
    from .errata import load_errata  # here: only `show` reads the errata

    path = edition_dir(edition_id, root) / "errata.yaml"
    return load_errata(path) if path.is_file() else []
