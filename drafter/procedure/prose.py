"""The procedure in words: a summary for the terminal (`summary_lines`) and the drafting memorandum a lawyer
reads (`memorandum`, written to procedure.docx by `render.memo`). What to say is decided here; the writers
only write.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..address import joined
from .classify import ADDITION, REVISION
from .limits import Limit, named
from .route import Instrument, Procedure
from .rules import PRACTICE, TEXT, Rule


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _rules_line(rules: tuple[Rule, ...]) -> str:
    return " ".join(str(r) for r in rules)


def _carried(p: Procedure, i: Instrument) -> str:
    return " and ".join(_plural(sum(c.cls == cls for c in p.classified), cls) for cls in i.carries)


def _closing(p: Procedure, limits: tuple[Limit, ...]) -> str:
    """The hard limits closing a route, grouped by the article that sets them."""
    by_article: dict[str, dict[str, None]] = {}  # article -> its provisions, in order, once each
    for lim in limits:
        by_article.setdefault(lim.article, {})[lim.provision] = None
    return "; ".join(f"{art} ({'; '.join(provs)})" for art, provs in by_article.items())


def summary_lines(procedure: Procedure) -> list[str]:
    """The adoption route, for the terminal."""
    p = procedure
    out = [f"Adoption procedure ({p.edition}) for {', '.join(p.options) or 'no options'}"]
    if not p.instruments:
        out.append("No changes: nothing to adopt.")
        return out
    i = p.instruments[0]
    out.append(f"One instrument: {i.kind} \u201c{i.heading}\u201d ({_carried(p, i)}): {i.title}.")
    for r in p.reasons:
        out.append(f"   Why: {r}")
    titles = p.titles
    out.append("Routes open: " + ("; ".join(titles[r] for r in p.open_routes) or "none") + "."
               + (f" Recommended: {titles[p.recommended]}." if p.recommended else ""))
    for rid, lims in p.closed.items():
        out.append(f"Closed: {titles[rid]}, by {_closing(p, lims)}.")
    out.append(f"Points carried: {'; '.join(i.provisions)}.")
    out.append(f"   Adoption: {_rules_line(i.adoption)}")
    out.append(f"   Initiative: {_rules_line(i.initiators)}")
    out.append(f"   Votes: {_rules_line(i.votes)}")
    for k, s in enumerate(i.steps, start=1):
        extra = "".join(f"; {x}" for x in (s.votes, s.when) if x)
        out.append(f"   Step {k}: {s.who}: {s.does.rstrip('.')}{extra} ({s.cite}).")
    out.append(f"   Entry into force: {i.entry_into_force}")
    for r in i.conditions:
        out.append(f"   Condition: {r}")
    for c, d in p.derogations:
        state = "declared" if d.declared else "found, not declared"
        out.append(f"Derogation ({state}): {named(c.change, c.provision)} derogates from {d.provision}: {d.reason}")
    if len(p.per_option) > 1:
        out.append("Per option:")
        for o in p.per_option:
            what = ", ".join(s for s in (_plural(o.revisions, "revision") if o.revisions else "",
                                         _plural(o.additions, "addition") if o.additions else "") if s) or "no changes"
            opened = "; ".join(titles[r] for r in o.routes) or "no route open"
            out.append(f"   {o.option}: {what}; open alone to: {opened}")
    if p.limits:
        out.append(f"Limits: {_plural(len(p.hard), 'hard limit')}, {_plural(len(p.warnings), 'warning')}.")
        for lim in p.limits:
            out.append(f"   {lim.severity.upper()} {lim.article}: {lim.message}")
    for note in p.notes:
        out.append(f"Note: {note}")
    if p.hard:
        out.append(f"Cannot be adopted as drafted ({i.title}): {_plural(len(p.hard), 'hard limit')} "
                   f"({', '.join(dict.fromkeys(lim.article for lim in p.hard))}).")
    else:
        rest = f", subject to {_plural(len(p.warnings), 'warning')} to check" if p.warnings else ""
        out.append(f"Adoptable ({i.title}){rest}.")
    return out


# ---- the drafting memorandum ---------------------------------------------------------------

@dataclass(frozen=True)
class MemoSection:
    """A section of the memorandum: a heading, paragraphs of prose, and perhaps a table."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Memo:
    """The adoption procedure as a lawyer reads it: prose and a table of steps (`render_procedure`)."""

    title: str
    subtitle: str
    sections: tuple[MemoSection, ...]


def _cited(r: Rule) -> str:
    """A rule as a sentence of prose with its source: the provision, and for practice the acts."""
    if r.basis == PRACTICE:
        return f"{r.says.rstrip('.')} (practice, reading {r.cite}: {r.source})."
    return f"{r.says.rstrip('.')} ({r.cite})."


def memorandum(procedure: Procedure) -> Memo:
    """The drafting memorandum of a draft's adoption: the instrument and why, the routes open and
    closed, the steps, the limits checked, the derogations and the warnings."""
    p = procedure
    subtitle = f"Options: {', '.join(p.options) or 'none'}. Edition: {p.edition}."
    if not p.instruments:
        return Memo("Adoption of the draft: drafting memorandum", subtitle,
                    (MemoSection("The instrument", ("The options change no provision: there is nothing to adopt.",)),))
    i = p.instruments[0]
    revisions = sum(c.cls == REVISION for c in p.classified)
    additions = sum(c.cls == ADDITION for c in p.classified)
    what = " and ".join(x for x in (_plural(revisions, "amendment") + " to the text in force" if revisions else "",
                                    _plural(additions, "addition") if additions else "") if x)
    sections = [MemoSection("The instrument", (
        f"The draft makes {what}. It is to be adopted as one instrument, the {i.kind} "
        f"\u201c{i.heading}\u201d ({i.title.lower()}), carrying all of them: "
        f"{'; '.join(i.provisions)}.",
        *(_cited(r) for r in p.reasons),
        f"Enacting authority and legal basis: {i.authority}",
        f"Entry into force: {_cited(i.entry_into_force)}",
    ))]
    routes = []
    opened = [p.titles[r] for r in p.open_routes]
    routes.append(f"Routes open to the draft: {joined(opened) if opened else 'none'}."
                  + (f" Recommended: {p.titles[p.recommended]}." if p.recommended else "")
                  + (" The route was chosen by the drafter (--route)." if p.forced else ""))
    for rid, lims in p.closed.items():
        first = {lim.rule: lim for lim in reversed(lims)}
        why = " ".join(f"{_cap(lim.message.split(': ', 1)[-1])} ({lim.article})." for lim in reversed(first.values()))
        routes.append(f"{p.titles[rid]} is closed, by {_closing(p, lims)}. {why}")
    sections.append(MemoSection("Routes", tuple(routes)))
    header = ("No.", "Who acts", "What", "Votes", "When", "Provision")
    rows = tuple((str(k), s.who, s.does, s.votes or "\u2014", s.when or "\u2014",
                  s.cite if s.basis == TEXT else f"{s.cite} (practice: {s.source})")
                 for k, s in enumerate(i.steps, start=1))
    sections.append(MemoSection("Steps", (
        "Initiative: " + " ".join(_cited(r) for r in i.initiators),
        "Votes: " + " ".join(_cited(r) for r in i.votes)), header, rows))
    checked = [f"The limits of {joined(list(p.checked))} were checked against every change."] if p.checked else []
    checked += [_cited(r) for r in i.conditions]
    hard = [f"{lim.article}: {lim.message}." for lim in p.hard]
    checked += (["The draft cannot be adopted as drafted:"] + hard) if hard else \
        [f"No limit bars the draft on its route ({i.title})."]
    sections.append(MemoSection("Limits checked", tuple(checked)))
    if p.derogations:
        sections.append(MemoSection("Derogations (Article 156, part V)", tuple(
            f"{c.provision} ({'declared' if d.declared else 'found in its words, not declared'}): derogates from "
            f"{d.provision}: {d.reason}." for c, d in p.derogations)))
    # Each limit's message names its change by option and edit (`limits.named`): no path of the machine
    # that drafted it (report.json has the file and line).
    warnings = [f"{lim.article}: {lim.message}." for lim in p.warnings]
    warnings += [_cited(n) for n in p.notes]
    if warnings:
        sections.append(MemoSection("Warnings and notes", tuple(warnings)))
    return Memo("Adoption of the draft: drafting memorandum", subtitle, tuple(sections))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]

