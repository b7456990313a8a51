"""The rows of the synoptic table: the changes the act states, grouped by the provision they concern.

Each change the act states, with the changes it absorbs, makes one row for its
provision (the renumbering of several provisions of one article is one row); with
several alternatives (``--compare``) a row holds what each alternative does to
that provision, and the rows follow the order of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..amend import Amendment
from . import Plan, plan_of
from .blocks import Pair
from .changes import Attribution, Effect


@dataclass
class Entry:
    """What one amendment does to one row's provision."""

    amendment: Amendment
    who: Attribution
    effects: list[Effect] = field(default_factory=list)
    base_eids: list[str] = field(default_factory=list)
    final_eids: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One row of the table: a provision (or the renumbered provisions of one container) and what each
    alternative does to it."""

    key: str
    position: tuple
    whole: bool = False
    entries: dict[int, Entry] = field(default_factory=dict)  # alternative index -> entry


def _positions(pairs: list[Pair]) -> dict[tuple[str, str], tuple[int, int]]:
    """("old"|"new", eId) -> (base blocks before it, amended-only blocks since): comparable across alternatives."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    seen_base = extra = 0
    for pair in pairs:
        if pair.base is not None:
            seen_base += 1
            extra = 0
            for eid in (pair.base.eid,) + pair.base.starts:
                out.setdefault(("old", eid), (seen_base, 0))
        else:
            extra += 1
        if pair.amended is not None:
            for eid in (pair.amended.eid,) + pair.amended.starts:
                out.setdefault(("new", eid), (seen_base, extra))
    return out


def rows(alternatives: list[Amendment], plans: list[Plan] | None = None) -> list[Row]:
    """The table's rows, in the order of the text, for one amendment or several alternatives (`plans`:
    theirs, made when not given)."""
    table: dict[str, Row] = {}
    for n, amendment in enumerate(alternatives):
        plan = plans[n] if plans else plan_of(amendment)
        effs = plan.effects
        who = plan.attribution
        absorbed = plan.absorbed
        where = _positions(plan.whole_pairs)
        stated = [e for e in effs if e.index not in absorbed and (e.final_eid or e.base_eid)]
        keyed: dict[tuple[str, str], list[Effect]] = {}
        for e in stated:
            keyed.setdefault(_key(e), []).append(e)
        for e in effs:
            if e.index in absorbed:
                key = _key(effs[absorbed[e.index]])
                if key in keyed:
                    keyed[key].append(e)
        # Provisions only renumbered: one row per container.
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, es in keyed.items():
            side, eid = key
            if all(e.kind == "renumber" for e in es) and side == "old":
                groups.setdefault(f"renumber:{amendment.base.parent_of(eid).eid}", []).append(key)
            else:
                groups[f"{side}:{eid}"] = [key]
        for rkey, members in groups.items():
            es = sorted((e for m in members for e in keyed[m]), key=lambda e: e.index)
            finals, bases = [], []
            for side, eid in members:
                if side == "old":
                    bases.append(eid)
                    final = amendment.renumbered.get(eid, eid)
                    if final in amendment.amended and any(e.final_eid for e in keyed[(side, eid)]):
                        finals.append(final)
                else:
                    finals.append(eid)
            pos = min([where.get(("old", b), (10**9, 0)) for b in bases]
                      + [where.get(("new", f), (10**9, 0)) for f in finals])
            row = table.setdefault(rkey, Row(rkey, pos))
            row.position = min(row.position, pos)
            row.whole = row.whole or any(e.kind in ("insert", "replace", "repeal") for e in es)
            row.entries[n] = Entry(amendment, who, es, bases, finals)
    return sorted(table.values(), key=lambda r: (r.position, r.key))


def _key(e: Effect) -> tuple[str, str]:
    """The provision a change is about: in the base numbering if it exists there, else as new."""
    return ("old", e.base_eid) if e.base_eid else ("new", e.final_eid)
