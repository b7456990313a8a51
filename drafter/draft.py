"""A draft folder: the redline, the consolidated text, the amending act, the synoptic table, report.json.

`draft` is one pipeline: it reads the edition and the options, applies them,
plans each amendment (`drafter.plan`, with its route of adoption and ballot),
renders every document to bytes, makes report.json from the same plans, checks
that nothing would be overwritten (unless `force`), and only then writes the
files, each atomically. A problem at any point leaves the folder as it was.

With ``compare``, the alternatives among the options are drafted side by
side: each is applied separately together with the add-ons given, the
synoptic table gets one proposed column per alternative, and the other
documents are written once per alternative (``redline-<id>.docx``, ...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .address import citation_of
from .amend import Amendment, Change, apply_templates
from .errors import DrafterError, Problem
from .fileio import read_data, remove_file, unwritable, write_files
from .load import edition_dir, load_edition, project_dir
from .model import Constitution, blocks
from .options import reference_problems
from .plan import Plan, plan_of, scope_units
from .procedure import NoProcedureRules, Procedure, Rules, load_rules, memorandum, procedure_for
from .procedure.ballot import Question, ballot_questions
from .procedure import to_json as procedure_json
from .render import render_act, render_amended, render_redline, render_synoptic
from .render.act import BARE, ActFrame
from .render.ballot import render_ballot
from .render.memo import render_procedure
from .template import Template, load_options
from .xref import TextReferences, impact_of, links, xref_report

#: report.json of a draft, and of a draft with --compare (one part per alternative); both are described
#: by ``schemas/report.schema.json``.
REPORT_FORMAT = "drafter-draft-report/2"
COMPARE_REPORT_FORMAT = "drafter-compare-report/1"
#: The reports whose files a draft with --force may remove (those of earlier versions too).
REPORT_FORMATS = (REPORT_FORMAT, COMPARE_REPORT_FORMAT, "drafter-draft-report/1")


@dataclass(frozen=True)
class Draft:
    """What `draft` wrote, and the report it wrote with it."""

    directory: Path
    files: tuple[Path, ...]
    report: dict
    #: What makes the draft unfit as it stands: hard limits it breaks, references it leaves broken.
    problems: tuple[Problem, ...] = ()


def draft_date(value: str | None = None, environ: dict[str, str] | None = None) -> dt.datetime:
    """The date of the revisions: `value` (ISO date or date-time), else SOURCE_DATE_EPOCH, else now (UTC)."""
    environ = os.environ if environ is None else environ
    if value:
        try:
            when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise DrafterError(Problem(f"--date {value!r} is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        try:
            return _storable(when.astimezone(dt.timezone.utc).replace(microsecond=0), f"--date {value!r}")
        except OverflowError:
            raise DrafterError(Problem(f"--date {value!r} is outside the years a .docx can store ({LAST_YEAR} at the latest)"))
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise DrafterError(Problem(f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a number of seconds a date can hold"))
        return _storable(when, f"SOURCE_DATE_EPOCH={epoch!r}")
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


#: A .docx is a zip, whose entries carry a DOS date: years 1980 to 2107. Earlier dates are stamped
#: 1980 on the entries (reproducible builds use SOURCE_DATE_EPOCH=0); later ones cannot be stored.
LAST_YEAR = 2107


def _storable(when: dt.datetime, what: str) -> dt.datetime:
    if when.year > LAST_YEAR:
        raise DrafterError(Problem(f"{what} is {when.year}: a .docx (a zip file) stores dates up to {LAST_YEAR}"))
    return when


#: Word keeps at most 255 characters of an author's name (and python-docx refuses more).
AUTHOR_MAX = 255


def _author_problem(author: str) -> Problem | None:
    """Why `author` cannot sign a draft's revisions, or None."""
    if len(author) > AUTHOR_MAX:
        return Problem(f"--author is {len(author)} characters long; Word keeps at most {AUTHOR_MAX}")
    why = unwritable(author)
    return Problem(f"--author {why}") if why else None


def _linker(constitution: Constitution) -> Callable[[str, str], list[tuple[int, int, str]]]:
    """References in a provision's words as links to their targets."""
    return lambda eid, text: links(constitution, eid, text)


def _rules(base: Constitution, route: str | None = None) -> Rules | None:
    """The edition's adoption rules, read once for every amendment of the draft; None when it has none
    (an error when a route is asked for)."""
    try:
        return load_rules(base=base)
    except NoProcedureRules:
        if route is not None:
            raise
        return None


def _procedure(amendment: Amendment, rules: Rules | None, route: str | None = None) -> Procedure | None:
    """The adoption route of a draft, or None when its edition has no procedure rules.

    A route asked for (`route`) that a hard limit closes is an error naming the provisions and the
    articles that forbid it: nothing is written.
    """
    if rules is None:
        return None
    procedure = procedure_for(amendment, rules, route)
    if route is not None and procedure.hard:
        raise DrafterError([lim.problem() for lim in procedure.hard])
    return procedure


def act_frame(procedure: Procedure | None) -> ActFrame:
    """The form of the draft's instrument (kind, heading, authority, entry into force, signatory), from
    its route; a bare act when the edition has no procedure rules."""
    if procedure is None or not procedure.instruments:
        return BARE
    i = procedure.instruments[0]
    return ActFrame(i.kind, i.heading, i.formula, i.authority, i.entry_into_force.says, i.signatory, i.changes)


def _xref(amendment: Amendment) -> dict:
    """The cross-references of the amended text: what `drafter xrefs OPTION... --format json` prints."""
    report = xref_report(amendment.amended)
    del report["references"]
    report["impact"] = [r.to_dict() for r in impact_of(amendment)]
    return report


def _text(node) -> str | None:
    return "\n".join(t for _, _, t in blocks(node)) if node is not None else None


def _detail(c: Change) -> dict:
    """The particulars of a change's kind, named as report.json names them (eIds as `..._eId`)."""
    if c.substitution is not None:
        s = c.substitution
        return {"field": s.field, "find": s.find, "with": s.with_, "occurrence": s.occurrence, "offset": s.offset}
    if c.insertion is not None:
        i = c.insertion
        return {"position": i.position, "anchor": i.anchor, "container_eId": i.container, "previous_eId": i.previous}
    if c.renumbering is not None:
        r = c.renumbering
        return {"from": r.old, "to": r.new, "container_eId": r.container}
    return {}


def change_report(plan: Plan) -> list[dict]:
    """Every change of a plan's amendment, as report.json lists it: numbered from 1 in the order made."""
    out = []
    for e in plan.effects:
        c = e.change
        out.append({
            "number": e.index + 1, "kind": c.kind, "citation": citation_of(e.final_eid or e.base_eid or c.eid),
            "eId": e.final_eid, "base_eId": e.base_eid,
            "base_citation": citation_of(e.base_eid) if e.base_eid else None,
            "option": c.template, "code": e.option, "edit": e.edit, "rationale": c.rationale,
            "detail": _detail(c),
            "before": _text(c.before), "after": _text(c.after),
        })
    return out


def _options(templates: list[Template] | tuple[Template, ...], out_dir: Path) -> list[dict]:
    return [{"id": t.id, "code": t.option, "title": t.title, "kind": t.kind, "author": t.author,
             "file": _shown_path(t.path, out_dir), "parameters": t.parameters} for t in templates]


def _shown_path(path: str | None, out_dir: Path) -> str | None:
    """A file's path as report.json records it: relative to the project when inside it, else relative
    to the draft folder, so the same draft gives the same report on every machine and `drafter
    review` finds the templates again."""
    if not path:
        return path
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(project_dir("templates").resolve().parent).as_posix()
    except ValueError:
        return Path(os.path.relpath(resolved, out_dir.resolve())).as_posix()


def _procedure_report(procedure: Procedure, out_dir: Path) -> dict:
    """`procedure.to_json` with the paths of the rule file and of each limit's template made relative."""
    out = procedure_json(procedure)
    out["rules"] = _shown_path(out["rules"], out_dir)
    for lim in out["limits"] + [lim for lims in out["closed"].values() for lim in lims]:
        lim["file"] = _shown_path(lim["file"], out_dir)
    return out


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("drafter")
    except PackageNotFoundError:
        return "unknown"


def edition_of(base: Constitution, edition: str | None = None) -> dict:
    """The edition drafted against: `sha256` of its edition file as read, `source_sha256` of the text
    it was imported from (as its provenance records it)."""
    path = edition_dir(edition or base.edition.id) / "constitution.json"
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = None
    return {"id": base.edition.id, "title": base.edition.title, "sha256": digest,
            "source_sha256": base.edition.sha256}


@dataclass(frozen=True)
class _Part:
    """One amendment of a draft, planned: what its documents and its part of report.json are made from."""

    amendment: Amendment
    plan: Plan  # shown for the draft's scope
    procedure: Procedure | None
    ballot: list[Question] | None  # a referendum's questions, when its instrument is put to the vote
    suffix: str  # in its file names: "-<alternative>" with --compare, else ""


def _apply(base: Constitution, templates: list[Template], alternatives: list[Template] | None) -> list[Amendment]:
    """The amendment of the options; with `alternatives` (--compare), one per alternative with every
    other option. Every problem of every alternative raised together."""
    if alternatives is None:
        return [apply_templates(base, templates)]
    if len(alternatives) < 2:
        raise DrafterError(Problem(f"--compare needs two or more alternatives among the options "
                                   f"(got {len(alternatives)}: {', '.join(t.id for t in alternatives) or 'none'})"))
    addons = [t for t in templates if t.kind != "alternative"]
    amendments = []
    problems: list[Problem] = []
    for alt in alternatives:
        try:
            amendments.append(apply_templates(base, [alt] + addons))
        except DrafterError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DrafterError(problems)
    return amendments


def _planned(amendment: Amendment, scope: str, rules: Rules | None, route: str | None, suffix: str) -> _Part:
    """The amendment's plan shown for `scope`, its route of adoption and, for a referendum, its ballot."""
    whole = plan_of(amendment)  # one per amendment, read by every writer
    plan = whole.scoped(scope_units(amendment, scope, plan=whole))
    procedure = _procedure(amendment, rules, route)
    ballot = None
    if procedure is not None and amendment.changes and procedure.instruments[0].ballot:
        ballot = ballot_questions(amendment, procedure.instruments[0].changes, plan=plan)
    return _Part(amendment, plan, procedure, ballot, suffix)


def _unfit(part: _Part, references: TextReferences) -> list[Problem]:
    """What makes an amendment's draft unfit as it stands: hard limits it breaks, references it leaves
    broken (`references`: the base text's, checked once for every alternative of the draft)."""
    hard = [lim.problem() for lim in part.procedure.hard] if part.procedure else []
    return hard + reference_problems(part.amendment, references)


def draft(options: list[str], out_dir: Path | str, *, scope: str = "affected", author: str | None = None,
          date: str | dt.datetime | None = None, force: bool = False, compare: bool = False,
          params: dict[str, str] | None = None, edition: str | None = None, route: str | None = None) -> Draft:
    """Apply `options` and write the draft documents and report.json into `out_dir`; `route` forces the
    route of adoption (an error when a hard limit closes it)."""
    if scope not in ("affected", "full"):
        raise DrafterError(Problem(f"--scope must be 'affected' or 'full', not {scope!r}"))
    when = date if isinstance(date, dt.datetime) else draft_date(date)
    if author is not None and _author_problem(author):
        raise DrafterError(_author_problem(author))
    if not str(out_dir).strip():
        raise DrafterError(Problem("-o is empty: name the folder to write the draft into (-o . for this one)"))
    out_dir = Path(out_dir)
    _check_folder(out_dir)

    base = load_edition(edition)
    templates = load_options(list(options), params) if options else []
    alternatives = [t for t in templates if t.kind == "alternative"] if compare else None
    amendments = _apply(base, templates, alternatives)
    rules = _rules(base, route)
    parts = [_planned(amendment, scope, rules, route, f"-{alt.id}" if alternatives else "")
             for amendment, alt in zip(amendments, alternatives or [None])]
    outputs = _documents(parts, alternatives, templates, when, author)
    report = _report(parts, alternatives, templates, base, edition, when, author, scope, out_dir, outputs)
    outputs["report.json"] = (json.dumps(report, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    references = TextReferences.of(base)
    found = [problem for part in parts for problem in _unfit(part, references)]

    targets = [out_dir / name for name in outputs]
    stale = _stale_files(out_dir, set(outputs)) if force else []
    write_files(dict(zip(targets, outputs.values())), force=force)
    for path in stale:
        remove_file(path)
    return Draft(out_dir, tuple(targets), report, tuple(found))


def _documents(parts: list[_Part], alternatives: list[Template] | None, templates: list[Template],
               when: dt.datetime, author: str | None) -> dict[str, bytes]:
    """Every document of the draft as bytes, by file name, in the order report.json lists them."""
    outputs: dict[str, bytes] = {}
    for part in parts:
        amendment, plan, procedure, suffix = part.amendment, part.plan, part.procedure, part.suffix
        units = plan.units
        links = _linker(amendment.amended)
        outputs[f"redline{suffix}.docx"] = render_redline(amendment, units=units, date=when, author=author,
                                                          links=links, current_links=_linker(amendment.base),
                                                          plan=plan)
        outputs[f"amended{suffix}.docx"] = render_amended(amendment, units=units, date=when, author=author,
                                                          links=links, plan=plan)
        if amendment.changes:
            outputs[f"amending-act{suffix}.docx"] = render_act(amendment, date=when, author=author,
                                                               frame=act_frame(procedure), plan=plan)
        if procedure is not None and amendment.changes:
            names = ", ".join(amendment.options)
            outputs[f"procedure{suffix}.docx"] = render_procedure(
                memorandum(procedure), date=when, author=author or names,
                header=f"DRAFT \u2014 {names} \u2014 adoption procedure")
            act = procedure.instruments[0]
            if part.ballot is not None:
                outputs[f"ballot{suffix}.docx"] = render_ballot(
                    part.ballot, kind=act.kind, heading=act.heading, date=when, author=author or names,
                    header=f"DRAFT \u2014 {names} \u2014 referendum ballot")
    amendments = [part.amendment for part in parts]
    plans = [part.plan for part in parts]
    if any(a.changes for a in amendments):
        if alternatives:
            addons = ", ".join(f"{t.option} {t.id}" for t in templates if t.kind != "alternative") or None
            outputs["synoptic.docx"] = render_synoptic(amendments, date=when, author=author, addons=addons,
                                                       labels=[f"{t.option} {t.id}" for t in alternatives],
                                                       plans=plans)
        else:
            outputs["synoptic.docx"] = render_synoptic(amendments, date=when, author=author, plans=plans)
    return outputs


def _part_report(part: _Part, out_dir: Path) -> dict:
    """What report.json says of one amendment: its options, scope, changes, references, route, ballot."""
    amendment, units = part.amendment, part.plan.units
    return {
        "options": [t.id for t in amendment.templates],
        "units": sorted(units) if units is not None else None,
        "changes": change_report(part.plan), "cross_references": _xref(amendment),
        "procedure": _procedure_report(part.procedure, out_dir) if part.procedure else None,
        "ballot": {"questions": [q.to_json() for q in part.ballot]} if part.ballot is not None else None,
    }


def _report(parts: list[_Part], alternatives: list[Template] | None, templates: list[Template],
            base: Constitution, edition: str | None, when: dt.datetime, author: str | None, scope: str,
            out_dir: Path, outputs: dict[str, bytes]) -> dict:
    """report.json of the draft: one part per alternative with --compare, else the amendment's own."""
    report = {
        "format": COMPARE_REPORT_FORMAT if alternatives else REPORT_FORMAT,
        "drafter": {"version": _version()},
        "edition": edition_of(base, edition),
        "date": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "author": author, "scope": scope,
        "options": _options(templates, out_dir),
    }
    if alternatives:
        report["alternatives"] = [{"alternative": alt.id, **_part_report(part, out_dir)}
                                  for part, alt in zip(parts, alternatives)]
    else:
        report["options"] = _options(parts[0].amendment.templates, out_dir)
        report.update({k: v for k, v in _part_report(parts[0], out_dir).items() if k != "options"})
    if not any(part.amendment.changes for part in parts):
        report["note"] = "no option changes the text: redline.docx and amended.docx are the current text"
    report["files"] = [{"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                       for name, data in outputs.items()]
    return report


def _stale_files(out_dir: Path, names: set[str]) -> list[Path]:
    """The files an earlier draft wrote into `out_dir` (its report.json lists them) that this draft does not
    write: removed once this draft is in place, so that the folder holds one draft. A file changed since
    that draft wrote it is someone's work: the draft stops and names it."""
    previous = out_dir / "report.json"
    if not previous.is_file():
        return []
    try:
        data = read_data(previous, "a draft report", 50_000_000)
    except DrafterError:
        return []  # not a report drafter wrote: nothing in it is ours to remove
    if (not isinstance(data, dict) or data.get("format") not in REPORT_FORMATS
            or not isinstance(data.get("files"), list)):
        return []
    stale, changed = [], []
    for entry in data["files"]:
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or name in names or not _draft_file_name(name):
            continue
        path = out_dir / name
        if not path.is_file() or path.is_symlink():
            continue
        try:
            same = hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
        except OSError:
            same = False
        (stale if same else changed).append(path)
    if changed:
        raise DrafterError([Problem("was written by the earlier draft in this folder and changed since; "
                                    "move it away (this draft does not replace it)", file=str(p)) for p in changed])
    return stale


def _draft_file_name(name: str) -> bool:
    """Whether `name` is one a draft writes: a plain .docx name in the folder itself."""
    return name == os.path.basename(name) and "\\" not in name and not name.startswith(".") and name.endswith(".docx")


def _check_folder(out_dir: Path) -> None:
    """The output folder must be a folder we can write in (or one we can create)."""
    probe = out_dir
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise DrafterError(Problem("is not a directory", file=str(probe)))
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        raise DrafterError(Problem("cannot write here: permission denied", file=str(probe)))
