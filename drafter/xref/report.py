"""The cross-reference report of a constitution (`drafter xrefs`, report.json): every reference
checked, problems and known defects apart, and counts."""

from __future__ import annotations

from collections import Counter

from ..address import citation_of
from ..model import Constitution
from .checking import BROKEN, check_references
from .known import KnownDefect, load_known

def xref_report(constitution: Constitution, known: list[KnownDefect] | None = None) -> dict:
    """Every reference of a constitution checked: problems, known source defects, and counts.

    ``broken`` counts the problems that are not known defects of the source;
    the known ones are listed apart under ``known``, each with its reason.
    """
    results = check_references(constitution)
    if known is None:
        known = load_known(constitution.edition.id)
    problems, known_hits = [], []
    for r in results:
        if r.status not in BROKEN:
            continue
        defect = next((k for k in known if k.matches(r)), None)
        if defect is not None and defect.meant and defect.meant not in constitution:
            # The only provision the defective words can mean is gone: broken like any other reference.
            problems.append({**r.to_dict(), "reason": f"{r.reason}; the only provision it can mean, "
                                                      f"{citation_of(defect.meant)}, is gone (erratum "
                                                      f"{defect.erratum or 'none'})", "erratum": defect.erratum})
        elif defect is None:
            problems.append(r.to_dict())
        else:
            known_hits.append({**r.to_dict(), "known_reason": defect.reason, "erratum": defect.erratum})
    return {
        "edition": constitution.edition.id,
        "summary": {
            "references": len(results),
            "status": dict(sorted(Counter(r.status for r in results).items())),
            "form": dict(sorted(Counter(r.form for r in results).items())),
        },
        "broken": len(problems),
        "problems": problems,
        "known": known_hits,
        "references": [r.to_dict() for r in results],
    }
