"""The reviewer's words as template edits: the text the options give, made into the text the review gives.

Both texts are lists of printed lines (one per paragraph). Lines the review
changed become substitutions in the provision they belong to (each `find`
long enough to occur once, so it is its own guard); a provision whose lines
the reviewer deleted, all of them, is repealed (with its words as the
guard); new lines become inserted parts, items, paragraphs or articles.
Anything else (a number changed, a heading deleted alone, paragraphs joined
or split, a change to the title page) is returned as a problem, never
guessed at. Pure: the caller says who wrote what where.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..address import citation_of
from ..amend import CONTAINS
from ..model import Constitution, Provision
from ..plan.blocks import Block
from ..worddiff import EQUAL, diff_words

PART_LINE = re.compile(r"^([IVXLCDM]+)\.\t(.*)$", re.S)
ITEM_LINE = re.compile(r"^(\d+)\.\t(.*)$", re.S)
ARTICLE_LINE = re.compile(r"^Article (\d+(?:-\d+)*)\. (.+)$", re.S)


@dataclass
class Line:
    """A line of the reviewed text with where its characters are in the reviewed stream."""

    text: str
    positions: list[int]  # per character
    end: int  # the position of its paragraph mark


@dataclass
class Edit:
    """One edit of the reviewer's template, with the lines of the review it comes from."""

    data: dict
    eid: str  # the provision it concerns (for an insertion: the anchor)
    lines: list[int]  # indices of review lines it accounts for
    spans: list[tuple[int, int]] = field(default_factory=list)  # stretches of the reviewed stream


@dataclass
class Unconverted:
    """What the reviewer wrote that cannot become an edit, and why."""

    message: str
    eid: str | None
    lines: list[int]
    spans: list[tuple[int, int]] = field(default_factory=list)


def reviewer_edits(amended: Constitution, blocks: list[Block], head: list[str], tail: list[str],
                   lines: list[Line]) -> tuple[list[Edit], list[Unconverted]]:
    """Edits that turn the printed `blocks` (with the title lines `head` and `tail`) into `lines`."""
    ours = head + [b.text for b in blocks] + tail
    theirs = [ln.text for ln in lines]
    edits: list[Edit] = []
    problems: list[Unconverted] = []
    first, last = len(head), len(head) + len(blocks)
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i1 < first or i2 > last or (i1 == i2 and (i1 < first or i1 > last)) or \
                any(j < first or j >= len(theirs) - len(tail) for j in range(j1, j2)):
            problems.append(Unconverted(
                "changes the title page or the closing note, outside the constitution's text: not turned into an edit",
                None, list(range(j1, j2)), [_span(lines[j]) for j in range(j1, j2)]))
            continue
        olds = list(range(i1 - first, i2 - first))
        news = list(range(j1, j2))
        pairs, gone, added = _pair([blocks[k] for k in olds], [theirs[j] for j in news])
        for a, b in pairs:
            _words(blocks[olds[a]], lines[news[b]], news[b], edits, problems)
        _removed(amended, blocks, [olds[a] for a in gone], lines, edits, problems)
        if added:
            anchor = olds[pairs[-1][0]] if pairs else (i1 - first - 1)
            _added(amended, blocks, anchor, [news[b] for b in added], lines, edits, problems)
    return edits, problems


def _span(line: Line) -> tuple[int, int]:
    return (line.positions[0] if line.positions else line.end, line.end + 1)


def _pair(olds: list[Block], news: list[str]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Old blocks and new lines paired in order where they are alike: (pairs, old left over, new left over)."""
    if len(olds) == len(news):
        return [(k, k) for k in range(len(olds))], [], []
    pairs: list[tuple[int, int]] = []
    b = 0
    for a, blk in enumerate(olds):
        for k in range(b, len(news)):
            same_label = news[k].startswith(blk.label + blk.sep) if blk.label else True
            if same_label and difflib.SequenceMatcher(None, blk.text, news[k], autojunk=False).ratio() >= 0.6:
                pairs.append((a, k))
                b = k + 1
                break
    paired_a = {a for a, _ in pairs}
    paired_b = {k for _, k in pairs}
    return pairs, [a for a in range(len(olds)) if a not in paired_a], [k for k in range(len(news)) if k not in paired_b]


def _words(block: Block, line: Line, index: int, edits: list[Edit], problems: list[Unconverted]) -> None:
    """Substitutions that make `block` read like `line`."""
    prefix = block.label + block.sep
    where = citation_of(block.eid)
    if not line.text.startswith(prefix):
        what = "heading" if block.role == "title" else "provision"
        problems.append(Unconverted(f"changes the number of the {what} ({prefix.strip()!r}): numbers are the "
                                    f"engine's, not turned into an edit", block.eid, [index], [_span(line)]))
        return
    if block.role == "title" and block.kind not in ("article", "chapter", "section"):
        problems.append(Unconverted(f"changes the heading line {block.text!r}, which has no words of its own",
                                    block.eid, [index], [_span(line)]))
        return
    old, new = block.body, line.text[len(prefix):].replace("\v", "\n")
    running = old
    shift = 0
    pos = 0
    hunks: list[tuple[int, int, str, int]] = []  # start and end in `old`, the new words, where they start in `new`
    cur: list | None = None
    npos = 0
    for op, text in diff_words(old, new):
        if op == EQUAL:
            if cur:
                hunks.append(tuple(cur))
                cur = None
            pos += len(text)
            npos += len(text)
            continue
        if cur is None:
            cur = [pos, pos, "", npos]
        if op < 0:
            pos += len(text)
            cur[1] = pos
        else:
            cur[2] += text
            npos += len(text)
    if cur:
        hunks.append(tuple(cur))
    for s, e, words, at_new in hunks:
        a, b = s + shift, e + shift
        after = running[:a] + words + running[b:]
        a, b = _widen(running, a, b)
        tail = len(running) - b
        find, with_ = running[a:b], after[a:len(after) - tail]
        occurrence = None
        while running.count(find) > 1 and b < len(running):
            b = _next_word_end(running, b)
            tail = len(running) - b
            find, with_ = running[a:b], after[a:len(after) - tail]
        while running.count(find) > 1 and a > 0:
            a = _prev_word_start(running, a)
            find, with_ = running[a:b], after[a:len(after) - tail]
        if not find:
            problems.append(Unconverted(f"adds words to {where}, which has none to anchor them on", block.eid,
                                        [index], [_span(line)]))
            return
        if running.count(find) > 1:
            occurrence = _occurrence(running, find, a)
        data = {"op": "substitute", "target": where, "find": find, "with": with_}
        if occurrence:
            data["occurrence"] = occurrence
        if block.role == "title":
            data["field"] = "heading"
        # The stretch of the reviewed stream the hunk covers, one character wider on each side: the word
        # diff may put a space on the other side of a deletion than the reviewer's revision did.
        k, k2 = len(prefix) + at_new, len(prefix) + at_new + len(words)
        pos_ = line.positions
        lo = pos_[max(k - 2, 0)] if pos_ else line.end
        hi = pos_[k2 + 1] if k2 + 1 < len(pos_) else line.end
        edits.append(Edit(data, block.eid, [index], [(lo, hi + 1)]))
        shift += len(words) - (e - s)
        running = after


def _widen(text: str, a: int, b: int) -> tuple[int, int]:
    """The stretch [a, b) grown to whole words, and to one word at least."""
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    if a == b:
        if a > 0:
            a = _prev_word_start(text, a)
        else:
            b = _next_word_end(text, b)
    return a, b


def _next_word_end(text: str, b: int) -> int:
    while b < len(text) and text[b].isspace():
        b += 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return b


def _prev_word_start(text: str, a: int) -> int:
    while a > 0 and text[a - 1].isspace():
        a -= 1
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    return a


def _occurrence(text: str, find: str, at: int) -> int:
    """Which occurrence of `find` (counted as str.count and the engine count them) starts at `at`."""
    n, start = 0, 0
    while True:
        k = text.find(find, start)
        if k < 0 or k > at:
            return max(n, 1)
        n += 1
        if k == at:
            return n
        start = k + len(find)


def _subtree_extent(blocks: list[Block], start: int, amended: Constitution, eid: str) -> int:
    """The index after the last printed block of the provision `eid` whose first block is `start`."""
    k = start + 1
    while k < len(blocks):
        other = blocks[k].eid
        if other != eid and eid not in [a.eid for a in amended.ancestors(other)]:
            break
        k += 1
    return k


def _removed(amended: Constitution, blocks: list[Block], gone: list[int], lines: list[Line],
             edits: list[Edit], problems: list[Unconverted]) -> None:
    """Repeals for provisions all of whose lines are gone; a problem for any other line gone."""
    gone_set = set(gone)
    done: set[int] = set()
    for k in gone:
        if k in done:
            continue
        for eid in blocks[k].starts:
            end = _subtree_extent(blocks, k, amended, eid)
            if all(x in gone_set for x in range(k, end)):
                node = amended.get(eid)
                edits.append(Edit({"op": "repeal", "target": citation_of(eid), "expect": _guard(node)}, eid, []))
                done.update(range(k, end))
                break
        if k in done:
            continue
        b = blocks[k]
        what = "the heading of" if b.role == "title" else "the words of"
        problems.append(Unconverted(f"deletes {what} {citation_of(b.eid)} but not the provisions under it: "
                                    f"not guessed at (repeal the provision, or change its words)", b.eid, []))
        done.add(k)


def _guard(node: Provision) -> str:
    words = node.text or node.heading or node.words()
    words = " ".join(words.split())
    return words if len(words) <= 80 else words[:80].rsplit(" ", 1)[0]


def _added(amended: Constitution, blocks: list[Block], anchor: int, new: list[int], lines: list[Line],
           edits: list[Edit], problems: list[Unconverted]) -> None:
    """Insertions for new lines after the block `anchor`: articles, parts, items, paragraphs."""
    if anchor < 0:
        problems.append(Unconverted("adds text before the constitution's first provision in the draft: "
                                    "not turned into an edit", None, new, [_span(lines[j]) for j in new]))
        return
    k = 0
    prev = blocks[anchor]
    while k < len(new):
        text = lines[new[k]].text.replace("\v", "\n")
        m = ARTICLE_LINE.match(text)
        if m:
            group = [new[k]]
            k += 1
            while k < len(new) and not ARTICLE_LINE.match(lines[new[k]].text):
                group.append(new[k])
                k += 1
            _article(amended, prev, m.group(2), [lines[j].text.replace("\v", "\n") for j in group[1:]], group,
                     lines, edits, problems)
            continue
        group = [new[k]]
        k += 1
        kind, words = _kind(text)
        items = []
        while kind == "part" and k < len(new) and _kind(lines[new[k]].text)[0] == "item":
            items.append(_kind(lines[new[k]].text.replace("\v", "\n"))[1])
            group.append(new[k])
            k += 1
        spec: dict = {"kind": kind, "text": words}
        if items:
            spec["items"] = items
        _place(amended, prev, spec, group, lines, edits, problems)


def _kind(text: str) -> tuple[str, str]:
    for kind, pattern in (("part", PART_LINE), ("item", ITEM_LINE)):
        m = pattern.match(text)
        if m:
            return kind, m.group(2)
    return "paragraph", text


def _article(amended: Constitution, prev: Block, heading: str, body: list[str], group: list[int],
             lines: list[Line], edits: list[Edit], problems: list[Unconverted]) -> None:
    article = amended.article_of(prev.eid)
    spans = [_span(lines[j]) for j in group]
    if article is None:
        problems.append(Unconverted("adds an article where no article precedes it: not turned into an edit",
                                    prev.eid, group, spans))
        return
    spec: dict = {"kind": "article", "heading": heading}
    parts: list = []
    for text in body:
        kind, words = _kind(text)
        if kind == "part":
            parts.append({"text": words})
        elif kind == "item" and parts:
            parts[-1].setdefault("items", []).append(words)
        elif not parts and "text" not in spec and kind == "paragraph":
            spec["text"] = words
        else:
            problems.append(Unconverted(f"adds an article whose lines do not read as parts and items: "
                                        f"{text[:60]!r}", prev.eid, group, spans))
            return
    if parts:
        if "text" in spec:
            problems.append(Unconverted("adds an article with both opening words and parts: not turned into an edit",
                                        prev.eid, group, spans))
            return
        spec["parts"] = [p["text"] if set(p) == {"text"} else p for p in parts]
    if "text" not in spec and not parts:
        problems.append(Unconverted("adds an article heading without any text: not turned into an edit",
                                    prev.eid, group, spans))
        return
    edits.append(Edit({"op": "insert", "after": citation_of(article.eid), "provision": spec}, article.eid, group,
                      spans))


def _place(amended: Constitution, prev: Block, spec: dict, group: list[int], lines: list[Line],
           edits: list[Edit], problems: list[Unconverted]) -> None:
    """Where a new part, item or paragraph goes, said as the engine reads it: after a sibling, or into."""
    kind = spec["kind"]
    spans = [_span(lines[j]) for j in group]
    chain = [amended.get(prev.eid)] + amended.ancestors(prev.eid)
    chain = [n for n in chain if n is not None]
    sibling = next((n for n in chain if n.kind == kind), None)
    data: dict | None = None
    if sibling is not None and kind != "paragraph":
        parent = amended.parent_of(sibling.eid)
        data = {"op": "insert", "after": citation_of(sibling.eid), "provision": spec}
        if parent is not None and parent.children and parent.children[-1] is not sibling and \
                any(c.kind == kind for c in parent.children[parent.children.index(sibling) + 1:]):
            data["renumber"] = True
        anchor = sibling.eid
    else:
        container = next((n for n in chain if kind in CONTAINS.get(n.kind, ())), None)
        if container is not None and not any(c.kind == kind for c in container.children) or \
                container is not None and kind == "paragraph":
            data = {"op": "insert", "into": citation_of(container.eid), "provision": spec}
            anchor = container.eid
    if data is None:
        problems.append(Unconverted(f"adds {'an' if kind[0] in 'aeiou' else 'a'} {kind} where the text has "
                                    f"no place for one after {citation_of(prev.eid)}: not turned into an edit",
                                    prev.eid, group, spans))
        return
    edits.append(Edit(data, anchor, group, spans))
