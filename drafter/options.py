"""The catalogue of options: the seeds digest joined with the templates that implement it.

`drafter list` shows it; `check_templates` is what `drafter check` runs:
schema, applicability against the edition, and conflicts between the files
given together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .address import citation_of, parse_all
from .amend import Amendment, Change, apply_templates
from .errors import DrafterError, Problem
from .load import load_edition, project_dir
from .model import Constitution
from .procedure import NoProcedureRules, hard_limits
from .xref import BROKEN, RefResult, check_references, load_known, normalise
from .template import Template, available, load_template


@dataclass(frozen=True)
class Option:
    """One option of the paper: from the seeds, with its template if it needs constitutional text."""

    id: str
    code: str
    title: str
    kind: str
    summary: str
    template: Path | None
    needs_text: bool = True


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def load_seeds(path: Path | None = None) -> dict:
    """The seeds digest (seeds/options.yaml)."""
    path = path or project_dir("seeds") / "options.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DrafterError(Problem(f"cannot read the seeds digest: {str(exc).splitlines()[0]}", file=str(path)))


def catalogue() -> list[Option]:
    """Every option: the constitutional ones with their templates, then those needing no text."""
    seeds = load_seeds()
    files = available()
    out = [Option(o["id"], o.get("code", ""), o["title"], o["kind"], _first_sentence(o.get("summary", "")),
                  files.get(o["id"])) for o in seeds.get("options", ())]
    known = {o.id for o in out}
    out += [Option(stem, "", stem, "template", "", path) for stem, path in files.items() if stem not in known]
    out += [Option(m["id"], "", m["title"], "non-constitutional", _first_sentence(m.get("why_no_text", "")),
                   None, needs_text=False) for m in seeds.get("non_constitutional", ())]
    return out


def touched(amendment: Amendment) -> list[str]:
    """The articles (or chapters) an amendment changes, as citations, in text order."""
    seen: list[str] = []
    for change in amendment.changes:
        text = amendment.amended if change.after is not None else amendment.base
        eid = change.eid if change.after is not None else (change.base_eid or change.eid)
        art = text.article_of(eid) if eid in text else None
        cite = citation_of(art.eid) if art else citation_of(eid)
        if cite not in seen:
            seen.append(cite)
    return seen


@dataclass(frozen=True)
class CheckResult:
    """What `drafter check` found for one file, or for the files together."""

    name: str
    amendment: Amendment | None
    problems: tuple[Problem, ...]


def check_templates(paths: list[Path], base: Constitution | None = None) -> list[CheckResult]:
    """Each template checked alone (schema, applicability), then all of them together (conflicts)."""
    base = base or load_edition()
    results, loaded = [], []
    given = {}
    for path in paths:
        try:
            given[path] = load_template(path)
        except DrafterError as exc:
            given[path] = exc
    by_id = {t.id: t for t in given.values() if isinstance(t, Template)}
    for path in paths:
        template = given[path]
        if isinstance(template, DrafterError):
            results.append(CheckResult(str(path), None, tuple(template.problems)))
            continue
        try:
            try:
                amendment = apply_alone(base, template)
            except DrafterError:
                # A template that edits what the options it requires insert (a review's template) is checked
                # after them; only its own problems are its own.
                needed = [by_id[n] for need in template.requires for n in [next((x for x in need if x in by_id), None)] if n]
                if not needed:
                    raise
                amendment = apply_templates(base, [_free(t) for t in needed] + [_free(template)])
            loaded.append(template)
            own = [p for p in _limits(amendment) + _references(amendment) if p.file in (None, template.path)]
            results.append(CheckResult(str(path), amendment, tuple(own)))
        except DrafterError as exc:
            results.append(CheckResult(str(path), None, tuple(exc.problems)))
    if len(loaded) > 1 and len(loaded) == len(paths):
        for combo in combinations(loaded):
            name = " + ".join(t.id for t in combo)
            try:
                amendment = apply_templates(base, [_free(t) for t in combo])
                results.append(CheckResult(name, amendment, tuple(_references(amendment))))
            except DrafterError as exc:
                results.append(CheckResult(name, None, tuple(exc.problems)))
    return results


def _limits(amendment: Amendment) -> list[Problem]:
    """Hard limits of the adoption procedure (Articles 155 and 158); none if the edition has no rules."""
    try:
        return hard_limits(amendment)
    except NoProcedureRules:
        return []


def _references(amendment: Amendment) -> list[Problem]:
    """Broken references in the amended text (known defects of the source aside), each located
    at the edit that wrote or left the citing words; what the base already had is not repeated."""
    known = load_known(amendment.base.edition.id)
    before = {(r.source, r.text, r.status) for r in check_references(amendment.base) if r.status in BROKEN}
    by_eid = {}
    for change in amendment.changes:
        for node in (change.after.walk() if change.after is not None else ()):
            by_eid.setdefault(node.eid, change)
    problems = []
    for r in check_references(amendment.amended):
        if r.status not in BROKEN or any(k.matches(r) for k in known):
            continue
        if (amendment.base_eid_of(r.source) if r.source else None, r.text, r.status) in before:
            continue
        change = by_eid.get(r.source) or (_repeal_behind(amendment, r) if r.status == "repealed" else None)
        template = amendment.template(change.template) if change else None
        loc = template.where("edits", change.edit) if template else Problem("")
        problems.append(Problem(f"{r.where}: {r.status} reference {r.text!r}: {r.reason}",
                                file=loc.file, line=loc.line, path=loc.path))
    return problems


def _repeal_behind(amendment: Amendment, result: RefResult) -> Change | None:
    """The repeal that left a reference pointing into repealed text."""
    named = set()
    for address in parse_all(normalise(result.text), result.source):
        named.update(address.eids)
    for change in amendment.changes:
        if change.kind == "repeal" and any(e == change.eid or e.startswith(change.eid + "__") for e in named):
            return change
    return None


def combinations(templates: list[Template]) -> list[list[Template]]:
    """The drafts these templates can make together: each alternative with every add-on it admits.

    Alternatives exclude each other by design, so `check` does not apply them
    together; it applies each one with all the add-ons compatible with it, so
    the conflicts it reports are the ones a real draft would meet.
    """
    alternatives = [t for t in templates if t.kind == "alternative"]
    add_ons = [t for t in templates if t.kind != "alternative"]
    if not alternatives:
        return [add_ons] if len(add_ons) > 1 else []
    out = []
    for alt in alternatives:
        combo = [alt] + [a for a in add_ons if alt.id not in a.excludes and a.id not in alt.excludes
                         and all(set(need) & {alt.id} | set(need) & {x.id for x in add_ons} for need in a.requires)]
        if len(combo) > 1:
            out.append(combo)
    return out


def _free(template: Template) -> Template:
    """The template without its requirements (they are checked where options are applied)."""
    return Template(**{**template.__dict__, "requires": ()})


def apply_alone(base: Constitution, template: Template) -> Amendment:
    """A template applied on its own: its requirements are not held against it here."""
    return apply_templates(base, [_free(template)])


def listing(base: Constitution | None = None) -> list[dict]:
    """The catalogue for `drafter list`: each option with the provisions its template touches."""
    base = base or load_edition()
    rows = []
    for option in catalogue():
        row = {"id": option.id, "code": option.code, "kind": option.kind, "title": option.title,
               "summary": option.summary, "template": str(option.template) if option.template else None,
               "touches": [], "needs_text": option.needs_text}
        if option.template:
            try:
                row["touches"] = touched(apply_alone(base, load_template(option.template)))
            except DrafterError as exc:
                row["error"] = str(exc.problems[0])
        rows.append(row)
    return rows
