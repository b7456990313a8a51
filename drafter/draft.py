"""A draft folder: the redline, the consolidated text, the amending act, the synoptic table, report.json.

`draft` applies the options, renders every document to bytes first, checks
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
from .fileio import decode_utf8, read_limited, remove_file, write_files
from .load import load_edition, project_dir
from .model import Constitution, blocks
from .procedure import NoProcedureRules, Procedure, procedure_for, summary_lines
from .procedure import to_json as procedure_json
from .render import render_act, render_amended, render_redline, render_synoptic, scope_units
from .render.changes import effects
from .template import load_options, unwritable
from .xref import BROKEN, check_references, impact_of, links

REPORT_FORMAT = "drafter-draft-report/1"


@dataclass(frozen=True)
class Draft:
    """What `draft` wrote, and the report it wrote with it."""

    directory: Path
    files: tuple[Path, ...]
    report: dict


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


def _procedure(amendment: Amendment) -> Procedure | None:
    """The adoption route of a draft, or None when its edition has no procedure rules."""
    try:
        return procedure_for(amendment)
    except NoProcedureRules:
        return None


ENACTING_BY_CLASS = {
    "revision": "The following changes shall be made to the Constitution of the Republic of Azerbaijan:",
    "addition": "The following additions shall be made to the Constitution of the Republic of Azerbaijan:",
}


def _instruments(procedure: Procedure | None) -> list[tuple[str, str, tuple[Change, ...]]] | None:
    """One act per route the draft needs (Articles 152 and 156): title, formula, changes."""
    if procedure is None or not procedure.instruments:
        return None
    return [(f"{i.instrument} of the Republic of Azerbaijan", ENACTING_BY_CLASS.get(i.carries[0], ENACTING_BY_CLASS["revision"]),
             i.changes) for i in procedure.instruments]


def _xref(amendment: Amendment) -> dict:
    results = check_references(amendment.amended)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return {"checked": len(results), "statuses": dict(sorted(counts.items())),
            "problems": [r.to_dict() for r in results if r.status in BROKEN],
            "affected_by_changes": [r.to_dict() for r in impact_of(amendment)]}


def _text(node) -> str | None:
    return "\n".join(t for _, _, t in blocks(node)) if node is not None else None


def change_report(amendment: Amendment) -> list[dict]:
    """Every change of an amendment, as report.json lists it."""
    out = []
    for e in effects(amendment):
        c = e.change
        out.append({
            "index": e.index, "kind": c.kind, "citation": citation_of(e.final_eid or e.base_eid or c.eid),
            "eid": e.final_eid, "base_eid": e.base_eid,
            "base_citation": citation_of(e.base_eid) if e.base_eid else None,
            "template": c.template, "option": e.option, "edit": e.edit, "rationale": c.rationale,
            "detail": {k: v for k, v in c.detail.items()},
            "before": _text(c.before), "after": _text(c.after),
        })
    return out


def _options(amendment: Amendment) -> list[dict]:
    return [{"id": t.id, "option": t.option, "title": t.title, "kind": t.kind, "author": t.author,
             "file": _shown_path(t.path), "parameters": t.parameters} for t in amendment.templates]


def _shown_path(path: str) -> str:
    """A template's path as report.json records it: relative to the project when inside it, so the
    same draft gives the same report on every machine."""
    try:
        return Path(path).resolve().relative_to(project_dir("templates").resolve().parent).as_posix()
    except ValueError:
        return path


def draft(options: list[str], out_dir: Path | str, *, scope: str = "affected", author: str | None = None,
          date: str | dt.datetime | None = None, force: bool = False, compare: bool = False,
          params: dict[str, str] | None = None, edition: str | None = None,
          procedure_lines: list[str] | None = None) -> Draft:
    """Apply `options` and write the draft documents and report.json into `out_dir`."""
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

    if compare:
        alternatives = [t for t in templates if t.kind == "alternative"]
        addons = [t for t in templates if t.kind != "alternative"]
        if len(alternatives) < 2:
            raise DrafterError(Problem(f"--compare needs two or more alternatives among the options "
                                       f"(got {len(alternatives)}: {', '.join(t.id for t in alternatives) or 'none'})"))
        amendments = []
        problems: list[Problem] = []
        for alt in alternatives:
            try:
                amendments.append(apply_templates(base, [alt] + addons))
            except DrafterError as exc:
                problems.extend(exc.problems)
        if problems:
            raise DrafterError(problems)
        suffixes = [f"-{alt.id}" for alt in alternatives]
    else:
        amendments = [apply_templates(base, templates)]
        suffixes = [""]

    outputs: dict[str, bytes] = {}
    parts = []
    for amendment, suffix in zip(amendments, suffixes):
        units = scope_units(amendment, scope)
        links = _linker(amendment.amended)
        outputs[f"redline{suffix}.docx"] = render_redline(amendment, units=units, date=when, author=author,
                                                          links=links, current_links=_linker(amendment.base))
        outputs[f"amended{suffix}.docx"] = render_amended(amendment, units=units, date=when, author=author,
                                                          links=links)
        procedure = _procedure(amendment)
        lines = procedure_lines if procedure_lines is not None else (
            summary_lines(procedure) if procedure else None)
        if amendment.changes:
            outputs[f"amending-act{suffix}.docx"] = render_act(amendment, date=when, author=author,
                                                               procedure_lines=lines,
                                                               instruments=_instruments(procedure))
        parts.append({
            "options": _options(amendment), "scope": scope,
            "units": sorted(units) if units is not None else None,
            "changes": change_report(amendment), "cross_references": _xref(amendment),
            "procedure": procedure_json(procedure) if procedure else None,
            "procedure_summary": lines,
        })
    if any(a.changes for a in amendments):
        if compare:
            alternatives = [t for t in templates if t.kind == "alternative"]
            addons = ", ".join(f"{t.option} {t.id}" for t in templates if t.kind != "alternative") or None
            outputs["synoptic.docx"] = render_synoptic(amendments, date=when, author=author, addons=addons,
                                                       labels=[f"{t.option} {t.id}" for t in alternatives])
        else:
            outputs["synoptic.docx"] = render_synoptic(amendments, date=when, author=author)

    report = {
        "format": REPORT_FORMAT,
        "edition": {"id": base.edition.id, "title": base.edition.title, "sha256": base.edition.sha256},
        "date": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "author": author, "scope": scope, "compare": compare,
        "options": [{"id": t.id, "option": t.option, "kind": t.kind, "title": t.title} for t in templates],
    }
    if compare:
        report["alternatives"] = [dict(part, alternative=alt.id) for part, alt in
                                  zip(parts, [t for t in templates if t.kind == "alternative"])]
    else:
        report.update(parts[0])
    if not any(a.changes for a in amendments):
        report["note"] = "no option changes the text: redline.docx and amended.docx are the current text"
    report["files"] = [{"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                       for name, data in outputs.items()]
    outputs["report.json"] = (json.dumps(report, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    targets = [out_dir / name for name in outputs]
    stale = _stale_files(out_dir, set(outputs)) if force else []
    write_files(dict(zip(targets, outputs.values())), force=force)
    for path in stale:
        remove_file(path)
    return Draft(out_dir, tuple(targets), report)


def _stale_files(out_dir: Path, names: set[str]) -> list[Path]:
    """The files an earlier draft wrote into `out_dir` (its report.json lists them) that this draft does not
    write: removed once this draft is in place, so that the folder holds one draft. A file changed since
    that draft wrote it is someone's work: the draft stops and names it."""
    previous = out_dir / "report.json"
    if not previous.is_file():
        return []
    try:
        data = json.loads(decode_utf8(read_limited(previous, 50_000_000, "a draft report"), str(previous)))
    except (DrafterError, ValueError, RecursionError):
        return []  # not a report drafter wrote: nothing in it is ours to remove
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT or not isinstance(data.get("files"), list):
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
