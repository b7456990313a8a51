"""Links for the Word drafts: where each reference of a provision's words points."""

from __future__ import annotations

from ..model import Constitution
from .finding import find_references
from .resolving import resolve_address

def links(constitution: Constitution, provision_eid: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, target eId) for each reference in `text` that points at a provision.

    Offsets are character offsets into `text` itself. A list links each of its
    members ("Articles 95 and 96": "Articles 95" and "96"); a range links its
    first provision.
    """
    out = []
    for ref in find_references(text, provision_eid):
        if ref.status is not None:
            continue
        for address, (start, end) in zip(ref.addresses, ref.spans):
            status, targets, _, _ = resolve_address(constitution, address)
            if targets and status not in ("dangling", "repealed", "ambiguous"):
                out.append((start, end, targets[0]))
    return out
