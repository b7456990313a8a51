"""What `drafter check` reports of a draft's adoption: the hard limits on its route (problems), the
derogations its new words suggest and its edits do not declare (warnings), the declared ones (notes).
"""

from __future__ import annotations

from dataclasses import replace

from ..amend import Amendment
from ..errors import Problem
from .route import Procedure, procedure_for
from .rules import Rules


def hard_limits(amendment: Amendment, rules: Rules | None = None) -> list[Problem]:
    """The hard limits an amendment runs into on the route it takes, as Problems at the template's edit.

    What `drafter check` fails on. Raises `NoProcedureRules` when the edition has no rule file.
    """
    return [lim.problem() for lim in procedure_for(amendment, rules).hard]


def check_warnings(procedure: Procedure) -> list[Problem]:
    """What `drafter check` warns of, at the template's edit: the derogations found in new words that
    the template does not declare (Article 156, part V)."""
    return [lim.problem() for lim in procedure.limits if lim.rule == "undeclared-derogation"]


def check_notes(procedure: Procedure) -> list[Problem]:
    """What `drafter check` notes, at the template's edit: the declared derogations, each of which
    makes the draft referendum-only (Article 156, part V). Information, not a fault."""
    return [replace(lim.problem(), message=f"referendum-only: {lim.article}: {lim.message}")
            for lims in procedure.closed.values() for lim in lims if lim.rule == "derogation"]
