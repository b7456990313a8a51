"""The procedure as plain data: what `drafter procedure --format json` prints and report.json holds.

Edits and changes are numbered from 1 here, as everywhere in report.json.
"""

from __future__ import annotations

from .classify import Classified
from .limits import Limit
from .route import Procedure
from .rules import Rule, Step

REPORT_FORMAT = "drafter-procedure-report/2"


def _rule_json(r: Rule) -> dict:
    out: dict = {"says": r.says, "cite": r.cite, "basis": r.basis}
    if r.source is not None:
        out["source"] = r.source
    if r.count is not None:
        out["count"] = r.count
    if r.months is not None:
        out["months"] = r.months
    return out


def _step_json(s: Step) -> dict:
    return {"who": s.who, "does": s.does, "votes": s.votes, "when": s.when, "cite": s.cite, "basis": s.basis}


def _change_json(c: Classified, number: int) -> dict:
    """A classified change; `number` is its place in the amendment's change list, from 1 (as report.json
    numbers changes), and `edit` its edit's place in its template, from 1."""
    return {"number": number, "class": c.cls, "kind": c.change.kind, "citation": c.provision,
            "eId": c.change.eid, "base_eId": c.change.base_eid, "option": c.change.template,
            "edit": c.change.edit + 1, "articles": list(c.articles), "chapters": list(c.chapters)}


def _limit_json(lim: Limit) -> dict:
    return {"severity": lim.severity, "rule": lim.rule, "cite": lim.article, "message": lim.message,
            "route": lim.route, "citation": lim.provision, "kind": lim.change.kind, "option": lim.template,
            "edit": lim.edit + 1, "file": lim.file, "line": lim.line, "path": lim.path}


def to_json(procedure: Procedure) -> dict:
    """The procedure as plain data (for `--format json` and the draft's report.json)."""
    p = procedure
    by_change = {id(c.change): (c, n) for n, c in enumerate(p.classified, start=1)}
    return {
        "format": REPORT_FORMAT,
        "edition": p.edition,
        "rules": p.rules_file,
        "options": list(p.options),
        "route": p.route,
        "forced": p.forced,
        "open_routes": list(p.open_routes),
        "recommended": p.recommended,
        "reasons": [_rule_json(r) for r in p.reasons],
        "adoptable": p.adoptable,
        "only_route_open": p.open_routes[0] if len(p.open_routes) == 1 and len(p.titles) > 1 else None,
        "instruments": [{
            "route": i.route, "title": i.title, "instrument": i.instrument, "kind": i.kind, "heading": i.heading,
            "authority": i.authority, "basis": list(i.basis), "entry_into_force": _rule_json(i.entry_into_force),
            "signatory": i.signatory, "ballot": i.ballot, "carries": list(i.carries), "options": list(i.options),
            "adoption": [_rule_json(r) for r in i.adoption],
            "initiators": [_rule_json(r) for r in i.initiators],
            "votes": [_rule_json(r) for r in i.votes],
            "steps": [_step_json(s) for s in i.steps],
            "conditions": [_rule_json(r) for r in i.conditions],
            "changes": [_change_json(*by_change[id(c)]) for c in i.changes],
        } for i in p.instruments],
        "closed": {rid: [_limit_json(lim) for lim in lims] for rid, lims in p.closed.items()},
        "derogations": [{"provision": d.provision, "reason": d.reason, "declared": d.declared,
                         "change": c.provision, "option": c.change.template, "edit": c.change.edit + 1}
                        for c, d in p.derogations],
        "per_option": [{"option": o.option, "routes": list(o.routes), "revisions": o.revisions,
                        "additions": o.additions, "hard": o.hard, "warnings": o.warnings} for o in p.per_option],
        "limits": [_limit_json(lim) for lim in p.limits],
        "notes": [_rule_json(r) for r in p.notes],
    }
