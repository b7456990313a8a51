"""The catalogue of options: the seeds digest joined with the templates that implement it.

`drafter list` shows it; `check_templates` is what `drafter check` runs:
schema, applicability against the edition, and conflicts between the files
given together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .address import citation_of, parse_all
from .amend import Amendment, Change, apply_templates
from .errors import DrafterError, Problem
from .fileio import read_data
from .load import load_edition, project_dir
from .model import Constitution
from .procedure import (NoProcedureRules, Rules, ballot_problems, check_notes, check_warnings, load_rules,
                        procedure_for)
from .xref import BROKEN, RefResult, TextReferences, load_known, normalise
from .template import Template, available, load_options, load_template, resolve_option


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
    return read_data(path, "the seeds digest") or {}


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
    warnings: tuple[Problem, ...] = ()
    notes: tuple[Problem, ...] = ()  # declared derogations: why the route is a referendum


def check_templates(paths: list[Path | str], base: Constitution | None = None,
                    params: dict[str, str] | None = None) -> list[CheckResult]:
    """Each template (a file, or an option id) checked alone (schema, applicability), then all of
    them together (conflicts)."""
    base = base or load_edition()
    rules = _rules(base)
    references = TextReferences.of(base)  # checked once, for every template and combination
    results, loaded = [], []
    given = {}
    for path in paths:
        try:
            named = Path(path)
            given[path] = load_template(named if named.suffix in (".yaml", ".yml", ".json") or named.exists()
                                        else resolve_option(str(path)), params)
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
            hard, warnings, notes = _limits(amendment, rules)
            mine = (None, template.path)
            broken = reference_problems(amendment, references)
            results.append(CheckResult(str(path), amendment, tuple(p for p in hard + broken if p.file in mine),
                                       tuple(p for p in warnings if p.file in mine),
                                       tuple(p for p in notes if p.file in mine)))
        except DrafterError as exc:
            results.append(CheckResult(str(path), None, tuple(exc.problems)))
    for key in params or {}:
        if loaded and not any(key in t.parameters for t in loaded):
            known = ", ".join(sorted({k for t in loaded for k in t.parameters})) or "none"
            results.append(CheckResult("-p", None, (Problem(
                f"no template given declares parameter {key!r} (parameters: {known})"),)))
    if len(loaded) > 1 and len(loaded) == len(paths):
        for combo in combinations(loaded):
            name = " + ".join(t.id for t in combo)
            try:
                amendment = apply_templates(base, [_free(t) for t in combo])
                results.append(CheckResult(name, amendment, tuple(reference_problems(amendment, references)
                                                                  + ballot_problems(amendment, rules))))
            except DrafterError as exc:
                results.append(CheckResult(name, None, tuple(exc.problems)))
    return results


def _rules(base: Constitution) -> Rules | None:
    """The edition's adoption rules, read once for all the templates checked; None if it has none."""
    try:
        return load_rules(base=base)
    except NoProcedureRules:
        return None


def _limits(amendment: Amendment, rules: Rules | None) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """Hard limits of the adoption procedure on the draft's route (Articles 155 and 158) and what
    would stop its ballot being drafted, its warnings (undeclared derogations) and its notes (declared
    ones, Article 156 V); none if the edition has no rules."""
    if rules is None:
        return [], [], []
    procedure = procedure_for(amendment, rules)
    hard = [lim.problem() for lim in procedure.hard] + ballot_problems(amendment, rules, procedure)
    return hard, check_warnings(procedure), check_notes(procedure)


def reference_problems(amendment: Amendment, references: TextReferences | None = None) -> list[Problem]:
    """Broken references in the amended text (known defects of the source aside), each located
    at the edit that wrote or left the citing words; what the base already had is not repeated.

    `references` are the base text's (`TextReferences.of(amendment.base)`), for a caller checking
    several amendments of one text: the base is checked once, each amendment where it changes it.
    """
    known = load_known(amendment.base.edition.id)
    if references is None:
        references = TextReferences.of(amendment.base)
    before = references.broken
    by_eid = {}
    for change in amendment.changes:
        for node in (change.after.walk() if change.after is not None else ()):
            by_eid.setdefault(node.eid, change)
    problems = []
    for r in references.broken_after(amendment):
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
    """The template without its requirements, or its reliance on an alternative's territory (both are
    checked where options are applied together)."""
    return Template(**{**template.__dict__, "requires": (), "territory": {}})


def apply_alone(base: Constitution, template: Template) -> Amendment:
    """A template applied on its own: its requirements are not held against it here."""
    return apply_templates(base, [_free(template)])


def listing(base: Constitution | None = None) -> list[dict]:
    """The catalogue for `drafter list`: each option with the provisions its template touches, the
    add-ons each alternative admits and the alternatives each add-on requires."""
    base = base or load_edition()
    rows, loaded = [], []
    for option in catalogue():
        row = {"id": option.id, "code": option.code, "kind": option.kind, "title": option.title,
               "summary": option.summary, "template": str(option.template) if option.template else None,
               "touches": [], "needs_text": option.needs_text}
        if option.template:
            try:
                template = load_template(option.template)
                loaded.append(template)
                row["touches"] = touched(apply_alone(base, template))
                if template.kind == "alternative":
                    row["admits"] = []
                else:
                    row["requires"] = [list(need) for need in template.requires]
            except DrafterError as exc:
                row["error"] = str(exc.problems[0])
        rows.append(row)
    by_id = {r["id"]: r for r in rows}
    for combo in combinations(loaded):
        if combo[0].kind == "alternative":
            by_id[combo[0].id]["admits"] = [t.id for t in combo[1:]]
    return rows


def without_text(names: list[str]) -> tuple[list[str], list[str]]:
    """The names that need constitutional text, and one line for each that needs none, saying why."""
    if all(Path(n).suffix in (".yaml", ".yml", ".json") or n in available() for n in names):
        return list(names), []  # templates only: the seeds digest need not be read
    plain = {o.id: o for o in catalogue() if not o.needs_text}
    lines = [f"{n} needs no constitutional text: {plain[n].summary}" for n in names if n in plain]
    return [n for n in names if n not in plain], lines


@dataclass(frozen=True)
class Selection:
    """Options as `diff` and `procedure` show them: an amendment holding the options' own changes,
    and a line saying which alternative add-ons given alone were applied beside, if any."""

    amendment: Amendment
    beside: str | None = None


def select(names: list[str], edition: str | None = None, params: dict[str, str] | None = None) -> Selection:
    """The options applied so that add-ons can be shown on their own.

    Add-ons named without an alternative they require are applied beside the
    first alternative all of them admit, and only their own changes are kept:
    what an add-on changes does not depend on the drafter choosing an
    alternative first. Add-ons that require none apply to the bare text.
    """
    base = load_edition(edition)
    templates = load_options(names, params)
    if any(t.kind == "alternative" for t in templates) or not any(t.requires for t in templates):
        return Selection(apply_templates(base, templates))
    given = {t.id for t in templates}
    wanted = [alt for t in templates for need in t.requires for alt in need]
    for alt_id in dict.fromkeys(wanted):
        fits = all(alt_id in need or set(need) & given for t in templates for need in t.requires)
        if fits and not any(alt_id in t.excludes for t in templates):
            alt = load_template(resolve_option(alt_id), params)
            amendment = apply_templates(base, [alt] + templates)
            own = tuple(c for c in amendment.changes if c.template in given)
            mine = tuple(t for t in amendment.templates if t.id in given)
            note = (f"{', '.join(t.id for t in templates)} applied beside {alt.id} ({alt.option}), the first "
                    f"alternative {'it admits' if len(templates) == 1 else 'they all admit'}; shown: "
                    f"{'its' if len(templates) == 1 else 'their'} own changes")
            return Selection(replace(amendment, changes=own, templates=mine), note)
    return Selection(apply_templates(base, templates))  # no alternative fits them all: say what is missing
