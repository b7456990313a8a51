"""The change plan: what an amendment's documents say, worked out once and without Word.

The redline, the consolidated text, the act, the ballot, the synoptic table
and report.json all read the same things from an amendment: its changes
resolved against the final text (`effects`), who made each revision
(`Attribution`), which change states which (`absorbed`), the printed blocks
of both texts and their alignment, and the act's statements. Each writer
used to recompute them; a `Plan` computes each on first use and keeps it, so
a draft builds one plan per amendment and hands it to every writer.

Pure: nothing here writes a document, and what a plan hands out is shared
by the writers, read and never changed; importing the package loads neither
python-docx nor lxml. Modules: `changes` (the change list resolved against
the final text, who made each revision, which change states which),
`blocks` (printed blocks, scope, alignment), `wording` (a provision's old and
new words as instructions), `statements` (the act's points and formulas),
`table` (the rows of the synoptic table). The act's points grouped into a
referendum's questions are the procedure's (`drafter.procedure.ballot`).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property
from typing import Iterable

from ..amend import Amendment, Change
from .blocks import Block, Pair, align, text_blocks, unit_of
from .changes import Attribution, Effect, absorbed_by, effects
from .statements import Statement, plan_statements


class _Analysis:
    """The parts of a plan that do not depend on its scope, shared by the plans of one amendment."""

    def __init__(self, amendment: Amendment):
        self.amendment = amendment
        self.statements: dict[tuple[int, ...] | None, list[list[Statement]]] = {}

    @cached_property
    def effects(self) -> list[Effect]:
        return effects(self.amendment)

    @cached_property
    def attribution(self) -> Attribution:
        return Attribution(self.amendment, self.effects)

    @cached_property
    def absorbed(self) -> dict[int, int]:
        return absorbed_by(self.effects, self.amendment)

    @cached_property
    def blocks(self) -> tuple[list[Block], list[Block]]:
        return text_blocks(self.amendment.base), text_blocks(self.amendment.amended)

    @cached_property
    def pairs(self) -> list[Pair]:
        return align(*self.blocks, self.amendment.renumbered)


class Plan:
    """What the writers of one amendment's draft read, each part computed once on first use.

    `units` is the scope the redline and the consolidated text show (None: the whole text); the act,
    the ballot and the synoptic table place their statements in the whole text (`whole_pairs`).
    """

    def __init__(self, amendment: Amendment, units: Iterable[str] | None = None,
                 _analysis: _Analysis | None = None):
        self.amendment = amendment
        self.units = None if units is None else frozenset(units)
        self._analysis = _analysis or _Analysis(amendment)

    def scoped(self, units: Iterable[str] | None) -> Plan:
        """This plan showing `units`: the analysis already made is shared, not made again."""
        return Plan(self.amendment, units, self._analysis)

    @property
    def effects(self) -> list[Effect]:
        """Every change resolved against the final text, in the order made."""
        return self._analysis.effects

    @property
    def attribution(self) -> Attribution:
        """Which change produced each revision: the redline's authors and comments."""
        return self._analysis.attribution

    @property
    def absorbed(self) -> dict[int, int]:
        """Change index -> index of the change whose statement states it (see `changes.absorbed_by`)."""
        return self._analysis.absorbed

    @cached_property
    def affected_units(self) -> frozenset[str]:
        """The chapters (or preamble, transitional provisions, sections) the changes touch."""
        a = self.amendment
        units = set()
        for e in self.effects:
            if e.final_eid:
                units.add(unit_of(a.amended, e.final_eid))
            if e.base_eid:
                units.add(unit_of(a.base, e.base_eid))
        units.discard(None)
        return frozenset(units)

    @cached_property
    def base_blocks(self) -> list[Block]:
        """The printed blocks of the current text in scope."""
        if self.units is None:
            return self._analysis.blocks[0]
        return text_blocks(self.amendment.base, self.units)

    @cached_property
    def amended_blocks(self) -> list[Block]:
        """The printed blocks of the amended text in scope."""
        if self.units is None:
            return self._analysis.blocks[1]
        return text_blocks(self.amendment.amended, self.units)

    @cached_property
    def pairs(self) -> list[Pair]:
        """The blocks in scope of both texts walked together in document order."""
        if self.units is None:
            return self._analysis.pairs
        return align(self.base_blocks, self.amended_blocks, self.amendment.renumbered)

    @property
    def whole_pairs(self) -> list[Pair]:
        """The blocks of the whole of both texts walked together: where the act and the table place
        each statement."""
        return self._analysis.pairs

    def statements(self, only: Collection[Change] | None = None) -> list[list[Statement]]:
        """The act's points in the order of the text, each a list of sub-points (see `statements`); with
        `only`, those stating these changes (one instrument of a draft that needs two)."""
        key = None if only is None else tuple(sorted(id(c) for c in only))
        cache = self._analysis.statements
        if key not in cache:
            cache[key] = plan_statements(self, only)
        return cache[key]


def plan_of(amendment: Amendment, units: Iterable[str] | None = None) -> Plan:
    """The change plan of `amendment` for a draft showing `units` (None: the whole text)."""
    return Plan(amendment, units)


def scope_units(amendment: Amendment, scope: str = "affected", *, plan: Plan | None = None) -> frozenset[str] | None:
    """The units a draft of `scope` shows: None for the whole text (scope "full", or no change at all);
    else the chapters (or preamble, transitional provisions, sections) the changes touch."""
    if scope not in ("affected", "full"):
        raise ValueError(f"scope must be 'affected' or 'full', not {scope!r}")
    if scope == "full" or not amendment.changes:
        return None
    return (plan or plan_of(amendment)).affected_units
