"""The Word review loop: a reviewed redline read back into templates.

`review` reads the draft folder (report.json says which templates, parameters
and edition made the redline) and the reviewed .docx, decides every change of
the draft (accepted, rejected, pending, modified), turns the reviewer's own
tracked edits into a template that applies after the options, maps comments
to provisions and changes, checks that the new templates give exactly the
reviewed text with every change accepted, and only then writes the templates
and review.json into the output folder, atomically.

Stages, one way: `wordfile` reads both files, `decide` walks them together,
`edits` turns text into template edits, `yamlout` writes templates; this
module joins them and builds the report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..address import citation_of
from ..amend import Amendment, apply_templates
from ..errors import DrafterError, Problem
from ..draft import COMPARE_REPORT_FORMAT, REPORT_FORMAT, edition_of
from ..fileio import read_data, read_limited, write_files
from ..load import load_edition, project_dir
from ..plan import plan_of
from ..plan.blocks import Block, text_blocks
from ..render.document import TITLE
from ..template import Template, template_from_text
from . import decide
from .edits import Edit, Line, Unconverted, reviewer_edits
from .wordfile import WordText, read_docx
from .yamlout import template_yaml

REVIEW_FORMAT = "drafter-review/2"
#: The reviewer's template is an add-on; its option code only has to be a valid one: B0 is no option of the paper.
REVIEW_OPTION = "B0"
#: Rounds of dropping edits the engine refuses or that do not reproduce the review.
VERIFY_ROUNDS = 6


@dataclass(frozen=True)
class Review:
    """What `review` found and wrote."""

    report: dict
    files: tuple[Path, ...]


@dataclass
class _Draft:
    report: dict
    templates: list[Template]
    raw: dict[str, dict]  # template id -> its YAML data as written
    amendment: Amendment
    units: list[str] | None
    redline: WordText


def _load_draft(draft_dir: Path) -> _Draft:
    report_path = draft_dir / "report.json"
    redline_path = draft_dir / "redline.docx"
    if not report_path.is_file() or not redline_path.is_file():
        raise DrafterError(Problem("not a draft folder: it needs report.json and redline.docx, as drafter draft "
                                   "writes them", file=str(draft_dir)))
    report = read_data(report_path, "a draft report", 50_000_000)
    if isinstance(report, dict) and report.get("format") == COMPARE_REPORT_FORMAT:
        raise DrafterError(Problem("a --compare draft has one redline per alternative; review a draft of one "
                                   "alternative", file=str(report_path)))
    if not isinstance(report, dict) or report.get("format") != REPORT_FORMAT:
        raise DrafterError(Problem(f"not a drafter report (format {REPORT_FORMAT!r} expected)", file=str(report_path)))
    base = load_edition(report["edition"]["id"])
    if edition_of(base)["sha256"] != report["edition"].get("sha256"):
        raise DrafterError(Problem(f"the edition {base.edition.id} changed since the draft was written",
                                   file=str(report_path)))
    templates, raw = [], {}
    root = project_dir("templates").parent
    for opt in report.get("options", []):
        path = Path(opt["file"])  # relative to the project, or else to the draft folder
        path = path if path.is_absolute() else root / path if (root / path).is_file() else draft_dir / path
        text = read_limited(path, 8_000_000, "a template").decode("utf-8")
        params = {k: str(v) for k, v in (opt.get("parameters") or {}).items()}
        templates.append(template_from_text(text, str(path), params))
        raw[opt["id"]] = yaml.safe_load(text)
    amendment = apply_templates(base, templates)
    return _Draft(report, templates, raw, amendment, report.get("units"), read_docx(str(redline_path)))


def _lines(doc: WordText) -> list[Line]:
    """The reviewed text with every change accepted, one line per paragraph, with where each character was."""
    lines: list[Line] = []
    text, pos = [], []
    for i, c in enumerate(doc.text):
        if doc.dele[i] >= 0:
            continue
        if c == "\n":
            if "".join(text).strip():  # an emptied paragraph left behind reads as gone
                lines.append(Line("".join(text), pos, i))
            text, pos = [], []
        else:
            text.append(c)
            pos.append(i)
    return lines


def _frame(draft: _Draft, blocks: list[Block]) -> tuple[list[str], list[str]]:
    """The lines the redline prints before and after the constitution's own: title page, closing note."""
    lines = draft.redline.view(True).split("\n")[:-1]
    head = len(lines) - len(blocks) - 1
    if head < 1 or lines[0] != TITLE:
        raise DrafterError(Problem("the draft's redline.docx does not match its report.json: rewrite the draft"))
    return lines[:head], lines[-1:]


def _check_same(draft: _Draft, blocks: list[Block], head: list[str]) -> None:
    """The templates must still give the redline that was written: otherwise the review is read wrongly."""
    lines = draft.redline.view(True).split("\n")[:-1]
    for k, b in enumerate(blocks):
        if lines[len(head) + k] != b.text.replace("\n", "\v"):
            raise DrafterError(Problem(f"the templates changed since the draft was written: {citation_of(b.eid)} "
                                       f"reads differently in redline.docx; draft again, then review"))


def review(reviewed: Path | str, draft_dir: Path | str, out_dir: Path | str, *, force: bool = False,
           today: dt.datetime | None = None) -> Review:
    """Read `reviewed` (a reviewed copy of `draft_dir`/redline.docx) into templates and review.json in `out_dir`."""
    reviewed, draft_dir, out_dir = Path(reviewed), Path(draft_dir), Path(out_dir)
    draft = _load_draft(draft_dir)
    doc = read_docx(str(reviewed))
    first = doc.text.split("\n", 1)[0]
    if first != TITLE:
        raise DrafterError(Problem(f"not a drafter redline: it does not open with {TITLE!r}", file=str(reviewed)))
    a = draft.amendment
    units = draft.units
    plan = plan_of(a, units)  # what the draft's redline was written from
    amended_blocks = plan.amended_blocks
    head, tail = _frame(draft, amended_blocks)
    _check_same(draft, amended_blocks, head)
    pairs = plan.pairs

    option_authors = {r.author for r in draft.redline.revisions}
    dated = {r.date for r in draft.redline.revisions}
    other = sorted({r.date for r in doc.revisions if r.author in option_authors and r.date and r.date not in dated})
    if other:
        raise DrafterError(Problem(f"not a review of this draft: its options' revisions are dated {other[0]}, the "
                                   f"draft's {', '.join(sorted(dated))} (a redline of another drafting run)",
                                   file=str(reviewed)))
    walk = decide.walk(draft.redline, doc, option_authors, str(reviewed))
    owner = decide.owners(draft.redline)
    effs = plan.effects
    decisions, touched = decide.change_decisions(draft.redline, walk, doc, owner, len(effs))
    runs = decide.reviewer_runs(doc, walk.reviewer)

    def eid_at(r_pos: int) -> str | None:
        """The provision (amended numbering, else base) a position of the reviewed stream falls in."""
        o = walk.o_of_r[min(r_pos, len(walk.o_of_r) - 1)] if walk.o_of_r else 0
        k = draft.redline.paragraph_of(o) - len(head)
        if 0 <= k < len(pairs):
            pair = pairs[k]
            return (pair.amended or pair.base).eid
        return None

    # ---- the options' templates, updated ----------------------------------------------
    by_edit: dict[tuple[str, int], list[int]] = {}
    for e in effs:
        by_edit.setdefault((e.author, e.edit - 1), []).append(e.index)
    when = _when(doc, today)
    decided_by = doc.modified_by or "the reviewer"
    removed: list[dict] = []
    kept: dict[str, list[tuple[list[str], dict, list[int]]]] = {}  # template id -> (notes, edit, its changes)
    for t in draft.templates:
        kept[t.id] = []
        in_draft = {source: n for n, source in enumerate(t.sources)}
        for i, edit in enumerate(draft.raw[t.id]["edits"]):
            if i not in in_draft:  # a choice (`when`) the draft's parameters did not make
                kept[t.id].append((["review: not in the draft reviewed (its `when` was not met)"], edit, []))
                continue
            idx = by_edit.get((t.id, in_draft[i]), [])
            ds = [decisions[k] for k in idx]
            verdict = _verdict(ds)
            if verdict == decide.REJECTED:
                removed.append({"option": t.id, "edit": i + 1, "citation": _citation_of(effs, idx)})
                continue
            if not ds:
                note = "review: no revision of its own in the redline"
            elif verdict == decide.PENDING:
                note = "review: pending (left undecided)"
            else:
                note = f"review: {verdict} (file saved by {decided_by}, {when})"
            if verdict == decide.MODIFIED:
                who = sorted({doc.revisions[runs[n][2]].author for k in idx for n in touched.get(k, [])})
                if who:
                    note += f"; edited by {', '.join(who)}"
                else:
                    note += "; partly accepted: the reviewer's template states the rest"
            kept[t.id].append(([note], edit, idx))
    texts, updated = _option_files(draft, kept, reviewed, when, out_dir)
    base = a.base
    try:
        options_amendment = apply_templates(base, updated)
    except DrafterError as exc:
        raise DrafterError([Problem(f"without the edits the reviewer rejected the options no longer apply: {p}")
                            for p in exc.problems])

    # ---- the reviewer's own edits -------------------------------------------------------
    lines = _lines(doc)
    reviewers = [r for r, _ in Counter(doc.revisions[k].author for k in walk.reviewer).most_common()]
    straddles = _straddles(doc, runs, lines, eid_at)
    edits, unconverted = reviewer_edits(options_amendment.amended, text_blocks(options_amendment.amended, units),
                                        head, tail, lines)
    blocked = {j for u in straddles for j in u.lines}
    blocked_eids = {u.eid for u in straddles}
    held = [e for e in edits if set(e.lines) & blocked or e.eid in blocked_eids]
    edits = [e for e in edits if e not in held]
    unconverted = [u for u in straddles if u.message] + unconverted + [
        Unconverted(f"{e.data['op']} read from the review in a provision whose paragraphs the reviewer joined or "
                    f"split: not turned into an edit", e.eid, e.lines, e.spans) for e in held]
    for e in edits:
        e.data["rationale"] = _rationale(e, doc, runs)
    review_id = _review_id(reviewers)
    merged = _merge_modified(draft, kept, edits, effs, decisions, base, units, reviewed, when, out_dir, updated,
                             review_id, reviewers)
    written_in: list[dict] = []
    if merged is not None:
        texts, updated, edits, written_in = merged
    reviewer_text, edits, dropped = _verified(draft, updated, edits, review_id, reviewers, reviewed, when,
                                              units, head, tail, lines, base)
    unconverted += dropped

    # ---- comments --------------------------------------------------------------------
    ours = {(c.author, c.text) for c in draft.redline.comments}
    comments = []
    for c in doc.comments:
        if (c.author, c.text) in ours:
            continue
        eid = eid_at(c.start) if c.start is not None else None
        change = _change_at(c, walk, owner)
        parent = next((p for p in doc.comments if p.cid == c.parent), None)
        if change is None and parent is not None and (parent.author, parent.text) in ours and parent.cid.isdigit():
            change = int(parent.cid)
        on_edit = next((k for k, e in enumerate(edits) if c.start is not None and
                        any(c.start <= hi and (c.end or c.start) >= lo for lo, hi in e.spans)), None)
        comments.append({"id": c.cid, "author": c.author, "date": c.date, "text": c.text,
                         "reply_to": c.parent, "eId": eid, "citation": citation_of(eid) if eid else None,
                         "reviewer_edit": on_edit,
                         "anchor": doc.text[c.start:c.end].replace("\n", " / ") if c.start is not None else None,
                         "change": change + 1 if change is not None else None})

    # ---- the report ------------------------------------------------------------------
    report = _report(draft, draft_dir, reviewed, doc, effs, decisions, touched, runs, walk, eid_at, edits,
                     unconverted, comments, removed, reviewers, review_id, when)
    report["edits_updated"] = written_in
    outputs = {out_dir / name: text.encode("utf-8") for name, text in texts.items()}
    if reviewer_text is not None:
        outputs[out_dir / f"{review_id}.yaml"] = reviewer_text.encode("utf-8")
    report["files"] = [p.name for p in outputs] + ["review.json"]
    outputs[out_dir / "review.json"] = (json.dumps(report, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    write_files(outputs, force=force)
    return Review(report, tuple(outputs))


def _option_files(draft: _Draft, kept: dict, reviewed: Path, when: str, out_dir: Path
                  ) -> tuple[dict[str, str], list[Template]]:
    """The options' templates as the review leaves them: their YAML text, and read back as templates."""
    texts: dict[str, str] = {}
    updated: list[Template] = []
    for t in draft.templates:
        if not kept[t.id]:
            continue  # every edit rejected: the option is gone from the draft
        header = {k: v for k, v in draft.raw[t.id].items() if k != "edits"}
        text = template_yaml([f"{t.id}: updated by drafter review of {reviewed.name} ({when}).",
                              "Edits the reviewer rejected are removed; each edit says what the review decided."],
                             header, [(notes, edit) for notes, edit, _ in kept[t.id]])
        texts[f"{t.id}.yaml"] = text
        updated.append(template_from_text(text, str(out_dir / f"{t.id}.yaml"),
                                          {k: str(v) for k, v in t.parameters.items()}))
    return texts, updated


def _merge_modified(draft: _Draft, kept: dict, edits: list[Edit], effs, decisions: dict[int, str], base,
                    units, reviewed: Path, when: str, out_dir: Path, updated: list[Template], review_id: str,
                    reviewers: list[str]):
    """The reviewer's words written into the option edits they modified, where that is plain.

    A reviewer substitution inside the words an option's substitution or
    insertion wrote, found exactly once in one of that edit's strings as
    written (words a {{parameter}} stands for are not found there), updates
    that string instead of going into the reviewer's template. Kept only if
    the amended text is exactly the same either way; None when nothing was
    merged.
    """
    import copy

    modified = [e for e in effs if decisions[e.index] == decide.MODIFIED and e.final_eid]
    if not modified or not edits:
        return None
    new_kept = copy.deepcopy(kept)
    rest: list[Edit] = []
    merged: list[dict] = []
    for edit in edits:
        d = edit.data
        target = None
        if d["op"] == "substitute":
            for e in modified:
                inside = edit.eid == e.final_eid or (e.kind == "insert" and e.final_eid in
                                                     [x.eid for x in _around(draft, edit.eid)])
                if inside and e.kind in ("insert", "substitute"):
                    target = e
                    break
        place = _string_holding(new_kept, target, d) if target is not None else None
        if place is None:
            rest.append(edit)
            continue
        holder, key = place
        holder[key] = _replace_nth(holder[key], d["find"], d["with"], d.get("occurrence", 1))
        for notes, raw, idx in new_kept[target.author]:
            if target.index in idx:
                notes.append(f"review: the reviewer's words written in ({d['rationale']})")
        merged.append({"option": target.author, "edit": target.edit, "change": target.index + 1,
                       "citation": d["target"], "find": d["find"], "with": d["with"], "rationale": d["rationale"]})
    if not merged:
        return None
    try:
        texts, new_updated = _option_files(draft, new_kept, reviewed, when, out_dir)
        before = _amended_with(base, updated, edits, review_id, reviewers, draft, reviewed, when)
        after = _amended_with(base, new_updated, rest, review_id, reviewers, draft, reviewed, when)
    except DrafterError:
        return None
    if before is None or after is None or [b.text for b in text_blocks(before, units)] != \
            [b.text for b in text_blocks(after, units)]:
        return None
    kept.clear()
    kept.update(new_kept)
    return texts, new_updated, rest, merged


def _around(draft: _Draft, eid: str):
    """The provisions around `eid` in the text the options give (nothing if it is not there)."""
    amended = draft.amendment.amended
    return amended.ancestors(eid) if eid in amended else []


def _replace_nth(text: str, find: str, new: str, n: int) -> str:
    """`text` with the `n`-th occurrence of `find` (from 1) replaced by `new`."""
    at = -1
    for _ in range(n):
        at = text.index(find, at + 1)
    return text[:at] + new + text[at + len(find):]


def _string_holding(kept: dict, effect, d: dict):
    """(mapping, key) of the one string of `effect`'s edit that holds the words `d` finds (as often
    as the provision does, when `d` names an occurrence), or None. The caller keeps the result only
    if it gives the same amended text, which catches words a {{parameter}} stands for."""
    wanted = d.get("occurrence", 1)
    for notes, raw, idx in kept.get(effect.author, ()):
        if effect.index not in idx:
            continue
        found = []

        def holds(v: str) -> bool:
            return v.count(d["find"]) == 1 if "occurrence" not in d else v.count(d["find"]) >= wanted

        def visit(node):
            if isinstance(node, dict):
                for k, v in node.items():
                    if isinstance(v, str) and k in ("with", "text", "heading") and holds(v):
                        found.append((node, k))
                    elif isinstance(v, (dict, list)):
                        visit(v)
            elif isinstance(node, list):
                for k, v in enumerate(node):
                    if isinstance(v, str) and holds(v):
                        found.append((node, k))
                    elif isinstance(v, (dict, list)):
                        visit(v)
        visit(raw.get("provision") if raw["op"] == "insert" else {"with": raw.get("with")} if raw["op"] == "substitute" else None)
        if raw["op"] == "substitute" and found:
            found = [(raw, "with")]
        return found[0] if len(found) == 1 else None
    return None


def _amended_with(base, updated: list[Template], edits: list[Edit], review_id, reviewers, draft, reviewed, when):
    templates = list(updated)
    if edits:
        text = _reviewer_yaml(edits, review_id, reviewers, draft, reviewed, when, updated)
        templates.append(template_from_text(text, f"{review_id}.yaml"))
    try:
        return apply_templates(base, templates).amended
    except DrafterError:
        return None


def _when(doc: WordText, today: dt.datetime | None) -> str:
    """The date of the review: the file's last save, else today."""
    if doc.modified:
        return doc.modified
    now = today or dt.datetime.now(dt.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def _verdict(ds: list[str]) -> str:
    if not ds:
        return decide.PENDING
    if all(d == decide.REJECTED for d in ds):
        return decide.REJECTED
    if len(set(ds)) == 1:
        return ds[0]
    return decide.MODIFIED


def _citation_of(effs, idx: list[int]) -> str | None:
    for k in idx:
        e = effs[k]
        eid = e.final_eid or e.base_eid or e.change.eid
        return citation_of(eid)
    return None


def _review_id(reviewers: list[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (reviewers[0] if reviewers else "").lower()).strip("-")
    return f"review-{slug}" if slug and slug[0].isalpha() else "review"


def _straddles(doc: WordText, runs, lines: list[Line], eid_at) -> list[Unconverted]:
    """Reviewer edits that join two paragraphs or split one: reported, never guessed at."""
    line_of: dict[int, int] = {}
    for j, ln in enumerate(lines):
        for p in ln.positions:
            line_of[p] = j
        line_of[ln.end] = j
    out = []
    starts = doc.paragraph_starts
    for p, q, r in runs:
        rev = doc.revisions[r]
        for m in range(p, q):
            if doc.text[m] != "\n":
                continue
            k = doc.paragraph_of(m)
            own = range(starts[k], m)
            nxt = range(m + 1, (starts[k + 2] if k + 2 < len(starts) else len(doc.text)) - 1)
            if rev.kind == "del" and all(doc.dele[i] >= 0 for i in own):
                continue  # a whole paragraph deleted
            if rev.kind == "ins" and any(len(x) and all(doc.ins[i] >= 0 for i in x) for x in (own, nxt)):
                continue  # a whole paragraph added (Word marks the mark before it, LibreOffice its own)
            a, b = eid_at(max(m - 1, 0)), eid_at(min(m + 1, len(doc.text) - 1))
            what = "joins" if rev.kind == "del" else "splits"
            names = " and ".join(dict.fromkeys(citation_of(e) for e in (a, b) if e)) or "the title page"
            before = next((line_of[i] for i in range(m, -1, -1) if i in line_of), None)
            after = next((line_of[i] for i in range(m + 1, len(doc.text)) if i in line_of), None)
            affected = sorted({j for j in (before, after) if j is not None})
            out.append(Unconverted(f"{rev.author} ({rev.date}) {what} paragraphs at {names}: an edit that straddles "
                                   f"two provisions is not guessed at", a or b, affected,
                                   [(starts[k], starts[k + 2] if k + 2 < len(starts) else len(doc.text))]))
            out.extend(Unconverted("", e, []) for e in (a, b) if e)  # blocks edits of both provisions
    return out


def _rationale(e: Edit, doc: WordText, runs) -> str:
    """Who made the edit and when, and the reviewer's comment on those words if there is one."""
    hits = [doc.revisions[r] for p, q, r in runs if any(p <= hi and q >= lo for lo, hi in e.spans)]
    words = [c.text for c in doc.comments if c.start is not None and
             any(c.start <= hi and (c.end or c.start) >= lo for lo, hi in e.spans) and c.author in
             {h.author for h in hits}]
    if hits:
        who = ", ".join(dict.fromkeys(h.author for h in hits))
        date = max(h.date for h in hits)
        text = f"Tracked change by {who} ({date}) in the review of the redline."
    else:
        text = "Follows the reviewer's decisions on the options' revisions (no tracked edit of the reviewer here)."
    if words:
        text += " Comment: " + " / ".join(words)
    return text


def _reviewer_yaml(edits: list[Edit], review_id: str, reviewers: list[str], draft: _Draft, reviewed: Path,
                   when: str, updated: list[Template]) -> str:
    header = {"id": review_id,
              "title": f"Review by {', '.join(reviewers) or 'an unknown reviewer'} of the draft "
                       f"{', '.join(t.id for t in draft.templates)}",
              "option": REVIEW_OPTION, "kind": "add-on"}
    if updated:  # its edits were read against the text all of them give
        header["requires"] = [t.id for t in updated]
    header.update({"edition": draft.amendment.base.edition.id,
                   "author": "; ".join(reviewers) or "unknown reviewer",
                   "rationale": f"The reviewer's own tracked edits in {reviewed.name}, read back by drafter review; "
                                f"applies after the options.",
                   "argument": "The reviewer's corrections to the draft, in the reviewer's words."})
    notes = []
    for e in edits:
        notes.append(([e.data["rationale"].split(" in the review")[0].split(" Comment:")[0]], e.data))
    return template_yaml([f"{review_id}: the reviewer's own edits, read from {reviewed.name} ({when}).",
                          "Apply after the options: drafter draft OPTIONS... " + f"{review_id}.yaml"], header, notes)


def _verified(draft: _Draft, updated: list[Template], edits: list[Edit], review_id: str, reviewers: list[str],
              reviewed: Path, when: str, units, head: list[str], tail: list[str], lines: list[Line], base
              ) -> tuple[str | None, list[Edit], list[Unconverted]]:
    """The reviewer's template, with every edit the engine refuses or that does not give the review's words
    dropped and listed: what is kept reproduces the review exactly."""
    dropped: list[Unconverted] = []
    want = [ln.text.replace("\v", "\n") for ln in lines]
    for _ in range(VERIFY_ROUNDS):
        if not edits:
            return None, edits, dropped
        text = _reviewer_yaml(edits, review_id, reviewers, draft, reviewed, when, updated)
        template = template_from_text(text, f"{review_id}.yaml")
        try:
            result = apply_templates(base, updated + [template])
        except DrafterError as exc:
            bad = {}
            for p in exc.problems:
                m = re.match(r"edits\[(\d+)\]", p.path or "")
                if m and p.file == f"{review_id}.yaml":
                    bad.setdefault(int(m.group(1)), p.message)
            if not bad:
                raise
            for k, msg in bad.items():
                dropped.append(Unconverted(f"the engine refuses the edit read from the review: {msg}", edits[k].eid,
                                           edits[k].lines, edits[k].spans))
            edits = [e for k, e in enumerate(edits) if k not in bad]
            continue
        got_blocks = text_blocks(result.amended, units)
        got = head + [b.text for b in got_blocks] + tail
        if got == want:
            return text, edits, dropped
        wrong: set[int] = set()
        wrong_eids: set[str] = set()
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, got, want, autojunk=False).get_opcodes():
            if op != "equal":
                wrong.update(range(j1, max(j2, j1 + 1)))
                wrong_eids.update(got_blocks[i - len(head)].eid for i in range(i1, i2)
                                  if 0 <= i - len(head) < len(got_blocks))
        bad_edits = [k for k, e in enumerate(edits) if set(e.lines) & wrong or e.eid in wrong_eids]
        bad_edits = bad_edits or list(range(len(edits)))
        for k in bad_edits:
            data = edits[k].data
            if data.get("renumber"):
                kind = data["provision"]["kind"]
                why = (f"adds {'an' if kind[0] in 'aeiou' else 'a'} {kind} in the middle: the engine would renumber "
                       f"the {kind}s after it, which the review does not show; not turned into an edit")
            else:
                why = ("the edit read from the review does not give the reviewer's words when applied "
                       "(numbering or placement differs): not turned into an edit")
            dropped.append(Unconverted(why, edits[k].eid, edits[k].lines, edits[k].spans))
        edits = [e for k, e in enumerate(edits) if k not in bad_edits]
    return None, [], dropped


def _change_at(c, walk: decide.Walk, owner: dict[int, int]) -> int | None:
    """The change of the draft a comment anchors on: the revision its anchor overlaps."""
    if c.start is None:
        return None
    best = None
    for rev, (a, b) in walk.spans.items():
        if rev in owner and a <= (c.end or c.start) and b >= c.start and b > a:
            best = owner[rev] if best is None else min(best, owner[rev])
    return best


def _report(draft, draft_dir, reviewed, doc, effs, decisions, touched, runs, walk, eid_at, edits, unconverted,
            comments, removed, reviewers, review_id, when) -> dict:
    data = reviewed.read_bytes()
    changes = []
    for e in effs:
        eid = e.final_eid or e.base_eid or e.change.eid
        changes.append({"number": e.index + 1, "option": e.author, "edit": e.edit, "kind": e.kind,
                        "citation": citation_of(eid), "eId": eid, "decision": decisions[e.index],
                        "reviewer_revisions": [_run(doc, runs[n], eid_at) for n in touched.get(e.index, [])]})
    revisions = [_run(doc, run, eid_at) for run in runs]
    return {
        "format": REVIEW_FORMAT,
        "reviewed": {"file": str(reviewed), "sha256": hashlib.sha256(data).hexdigest(),
                     "saved_by": doc.modified_by or None, "saved": doc.modified or None},
        "draft": {"folder": str(draft_dir), "date": draft.report.get("date"),
                  "options": [t.id for t in draft.templates], "units": draft.units},
        "date": when,
        "reviewers": reviewers,
        "changes": changes,
        "removed_edits": removed,
        "reviewer_revisions": revisions,
        "reviewer_template": review_id if edits else None,
        "reviewer_edits": [dict(e.data, eId=e.eid) for e in edits],
        "comments": comments,
        "formatting": [{"what": f.what, "author": f.author, "date": f.date, "eId": eid_at(f.position),
                        "citation": citation_of(eid_at(f.position)) if eid_at(f.position) else None}
                       for f in doc.formatting if f.author not in {r.author for r in draft.redline.revisions}],
        "not_converted": [{"message": u.message, "eId": u.eid, "citation": citation_of(u.eid) if u.eid else None,
                           "words": [doc.text[p:q].replace("\n", " / ") for p, q in u.spans]}
                          for u in unconverted] + [
            {"message": f"{'a note' if rev.kind == 'note' else 'a tracked change'} in {part} (outside the "
                        f"constitution's text): not turned into an edit",
             "eId": None, "citation": None, "words": [f"{rev.kind} by {rev.author}: {text}"]}
            for part, rev, text in doc.outside] + [
            {"message": f"a {what} in the text (not words): not turned into an edit", "eId": eid_at(pos),
             "citation": citation_of(eid_at(pos)) if eid_at(pos) else None, "words": [f"{what} by {author or 'unknown'}"]}
            for what, pos, author in doc.objects],
    }


def _run(doc: WordText, run, eid_at) -> dict:
    p, q, r = run
    rev = doc.revisions[r]
    eid = eid_at(p)
    return {"kind": "insertion" if rev.kind == "ins" else "deletion", "author": rev.author, "date": rev.date,
            "moved": rev.moved, "text": doc.text[p:q].replace("\n", "\u00b6").replace("\v", "\n"), "eId": eid,
            "citation": citation_of(eid) if eid else None}


def summary(report: dict) -> list[str]:
    """What a drafter reads in a terminal: per provision, the decision, the reviewer's edits, the comments."""
    out = [f"Review of {report['draft']['folder']} ({', '.join(report['draft']['options'])}) "
           f"by {', '.join(report['reviewers']) or 'no tracked edits'}"]
    rows: dict[str, list[str]] = {}
    for c in report["changes"]:
        who = {r["author"] for r in c["reviewer_revisions"]}
        rows.setdefault(c["citation"], []).append(
            f"{c['decision']}: {c['option']} edit {c['edit']} ({c['kind']})" + (f", edited by {', '.join(sorted(who))}" if who else ""))
    for e in report["edits_updated"]:
        rows.setdefault(e["citation"], []).append(f"reviewer's words written into {e['option']} edit {e['edit']}: "
                                                 f"{e['find']!r} -> {e['with']!r}")
    for e in report["reviewer_edits"]:
        rows.setdefault(citation_of(e["eId"]), []).append(f"reviewer edit: {_edit_line(e)}")
    for c in report["comments"]:
        if c["citation"]:
            rows.setdefault(c["citation"], []).append(f"comment by {c['author']}: {c['text']}")
    for u in report["not_converted"]:
        rows.setdefault(u["citation"] or "(outside the text)", []).append(f"NOT CONVERTED: {u['message']}")
    for cite, items in rows.items():
        out.append(f"{cite}")
        out.extend(f"  {i}" for i in dict.fromkeys(items))  # a renumbering shows once, not once a provision
    for c in report["comments"]:
        if not c["citation"]:
            out.append(f"comment by {c['author']} (outside the text): {c['text']}")
    for f in report["formatting"]:
        out.append(f"formatting only (ignored): {f['what']} by {f['author']} at {f['citation'] or 'the title page'}")
    return out


def _edit_line(e: dict) -> str:
    if e["op"] == "substitute":
        return f"{e['find']!r} -> {e['with']!r}"
    if e["op"] == "repeal":
        return f"repeal {e['target']}"
    where = e.get("after") or e.get("into")
    return f"insert {e['provision']['kind']} {'after' if 'after' in e else 'into'} {where}"
