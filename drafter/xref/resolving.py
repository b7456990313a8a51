"""Resolving an address against a constitution: the provisions it names, or why it names none
(repealed, dangling, a range only partly there, the wrong chapter, items whose part is not said)."""

from __future__ import annotations

from ..address import Address, citation_of, compress, describe_contents, nearby, practised
from ..model import Constitution, Provision, make_eid, num_key, to_roman


def _numeral(kind: str, n: int) -> str:
    return to_roman(n) if kind in ("chapter", "part") else str(n)


def _repealed_in(constitution: Constitution, address: Address) -> str | None:
    """The eId of the repealed provision an address falls in (itself or a container), if any."""
    eid = None
    for kind, num in address.steps:
        eid = make_eid(eid, kind, num or None)
        if eid in constitution.repealed:
            return eid
    return None


def place_items(constitution: Constitution, address: Address) -> tuple[Address, str | None]:
    """"items 2, 3, 4 of the present Article" when the items are in the article's only itemised part.

    The translation cites items by article when the article keeps its items in
    one part (Article 94, part II: "items 2, 3, 4 of the present Article" are
    in part I). Several parts holding the items make the citation ambiguous.
    """
    kinds = [k for k, _ in address.steps]
    if len(kinds) < 2 or kinds[-2:] != ["article", "item"]:
        return address, None
    article = constitution.get(Address(address.steps[:-1]).eid)
    if article is None or any(c.kind == "item" for c in article.children):
        return address, None
    wanted = [address.steps[-1][1]] + ([address.end] if address.end else [])
    parts = [p for p in article.children
             if p.kind == "part" and all(make_eid(p.eid, "item", n) in constitution for n in wanted)]
    if len(parts) == 1:
        steps = address.steps[:-1] + (("part", parts[0].num), address.steps[-1])
        return Address(steps, address.end, address.chapter), None
    if len(parts) > 1:
        return address, (f"{address.citation} does not say which part: parts {compress([p.num for p in parts])} "
                         f"of {citation_of(article.eid)} all have {address.citation.split(', ')[-1]}")
    return address, None


def resolve_address(constitution: Constitution, address: Address) -> tuple[str, tuple[str, ...], str, Address]:
    """(status, target eIds, reason, the address as completed) for one address."""
    address, ambiguity = place_items(constitution, practised(constitution, address))
    if ambiguity:
        return "ambiguous", (), ambiguity, address
    # A range's own members are the range's business; its container, and a single provision, are checked here.
    steps = address.steps if address.end is None else address.steps[:-1]
    gone = _repealed_in(constitution, Address(steps)) if steps else None
    if gone is not None:
        return "repealed", (), f"{citation_of(gone)} has been repealed", address
    if address.end is None:
        if address.eid not in constitution:
            return "dangling", (), f"{address.citation} does not exist ({nearby(constitution, address)})", address
        targets: tuple[str, ...] = (address.eid,)
        status, reason = "ok", ""
    else:
        status, targets, reason = _resolve_range(constitution, address)
        if status == "dangling":
            return status, targets, reason, address
    if address.chapter:
        wrong = _wrong_chapter(constitution, address, targets)
        if wrong:
            return wrong[0], targets, wrong[1], address
    return status, targets, reason, address


def _resolve_range(constitution: Constitution, address: Address) -> tuple[str, tuple[str, ...], str]:
    kind, start = address.steps[-1]
    parent_steps = address.steps[:-1]
    parent_eid = Address(parent_steps).eid if parent_steps else None
    if parent_eid is not None and parent_eid not in constitution:
        return "dangling", (), f"{address.citation} does not exist ({nearby(constitution, address)})"
    if parent_eid is None:
        siblings = [p for p in constitution.walk() if p.kind == kind]
    else:
        siblings = [c for c in constitution.get(parent_eid).children if c.kind == kind]
    lo, hi = num_key(kind, start), num_key(kind, address.end)
    if hi < lo:
        return "dangling", (), f"{address.citation} runs backwards"
    members = [s for s in siblings if lo <= num_key(kind, s.num) <= hi]
    have = {num_key(kind, s.num) for s in siblings}
    missing, repealed = [], []
    for n in range(lo[0], hi[0] + 1):
        if (n,) in have or (n,) < lo or (n,) > hi:
            continue
        eid = make_eid(parent_eid, kind, _numeral(kind, n))
        (repealed if eid in constitution.repealed else missing).append(_numeral(kind, n))
    targets = tuple(m.eid for m in members)
    if missing:
        if not members:
            first = Address.from_eid(address.eids[0])
            return "dangling", (), f"{address.citation} does not exist ({nearby(constitution, first)})"
        where = (describe_contents(constitution.get(parent_eid), kind) if parent_eid
                 else f"the {kind}s run from {siblings[0].num} to {siblings[-1].num}")
        what, verb = _numbers(kind, missing)
        return ("partial-range", targets,
                f"{address.citation} is only partly there: {what} {verb('does', 'do')} not exist ({where})")
    if repealed:
        what, verb = _numbers(kind, repealed)
        return "repealed", targets, f"{address.citation}: {what} {verb('has', 'have')} been repealed"
    return "ok", targets, ""


def _numbers(kind: str, nums: list[str]):
    """("Articles 159-160", a verb chooser) for the numbers of one kind a message names."""
    word = kind.capitalize() if kind in ("article", "chapter") else kind
    if len(nums) == 1:
        return f"{word} {nums[0]}", lambda one, many: one
    return f"{word}s {compress(nums)}", lambda one, many: many


def _wrong_chapter(constitution: Constitution, address: Address, targets: tuple[str, ...]) -> tuple[str, str] | None:
    """Why "Chapter VIII, Article 144" is wrong, if it is: name both chapters with their headings."""
    claimed = constitution.get(make_eid(None, "chapter", address.chapter))
    if claimed is None:
        return "dangling", nearby(constitution, Address((("chapter", address.chapter),)))
    outside: dict[str, list[str]] = {}
    for t in targets:
        real = constitution.chapter_of(t)
        if real is None or real.eid != claimed.eid:
            outside.setdefault(_chapter_name(real) if real else "no chapter", []).append(citation_of(t))
    if not outside:
        return None
    where = "; ".join(f"{', '.join(names)} {'is' if len(names) == 1 else 'are'} in {chapter}"
                      for chapter, names in outside.items())
    return "wrong-container", f"{where}, not in {_chapter_name(claimed)}"


def _chapter_name(chapter: Provision) -> str:
    return f"Chapter {chapter.num} ({chapter.heading})" if chapter.heading else f"Chapter {chapter.num}"
