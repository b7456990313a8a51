"""The text of the constitution as Word shows it: the redline and the consolidated text, one code path.

Both documents walk the same aligned blocks. The redline writes each
difference as a native revision (``w:ins`` / ``w:del`` around the words,
paragraph-mark revisions for whole paragraphs), authored by the option whose
change produced it, with one comment per change giving its rationale. The
consolidated text writes the amended side of the same walk, plain. So
accepting every change in the redline gives the consolidated text, and
rejecting every change gives the current text of the same scope.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable

from docx.oxml.ns import qn
from lxml import etree

from ..address import citation_of
from ..amend import Amendment
from ..plan import Plan, plan_of
from ..plan.blocks import Block, Pair, describe_units
from ..plan.changes import Effect
from . import layout, wordml
from ..worddiff import DELETE, EQUAL, INSERT, diff_words

#: (provision eId, its words) -> [(start, end, target eId)]: the references in the words.
Linker = Callable[[str, str], list[tuple[int, int, str]]]

TITLE = "CONSTITUTION OF THE REPUBLIC OF AZERBAIJAN"


def option_names(amendment: Amendment) -> str:
    """ "A4 enhanced-local, B1 antiquities-authority": the options as the header names them."""
    return ", ".join(f"{t.option} {t.id}".strip() for t in amendment.templates)


@dataclass
class _Seg:
    op: int
    text: str
    effect: Effect | None = None
    link: str | None = None


class _Writer:
    """One document being written: ids, bookmarks, the revisions each change produced."""

    def __init__(self, plan: Plan, *, redline: bool, date: dt.datetime, author: str | None,
                 links: Linker | None, bookmarked: list[str], current_links: Linker | None = None,
                 current_bookmarked: list[tuple[str, str | None]] = ()):
        self.amendment = plan.amendment
        self.redline = redline
        self.date = wordml.w_date(date)
        self.author = author
        self.links = links
        self.current_links = current_links if redline else None
        self.effects = plan.effects
        self.who = plan.attribution
        self.ids = wordml.Ids(start=len(self.effects) if redline else 0)
        used: set[str] = set()
        self.bookmark = {eid: wordml.bookmark_name(eid, used) for eid in bookmarked}
        # The current text's provisions, for the links of the rejected view: a provision the amended
        # text shows in the same paragraph shares its bookmark; the others (repealed, renumbered) get
        # their own, in the paragraph that shows their words.
        self.current_bookmark: dict[str, str] = {}
        for eid, shared in current_bookmarked:
            self.current_bookmark[eid] = self.bookmark[shared] if shared else wordml.bookmark_name(eid, used)
        self.revisions: dict[int, list[etree._Element]] = {e.index: [] for e in self.effects}
        self.paragraphs: dict[str, list[etree._Element]] = {}  # eId (either side) -> its paragraphs

    def author_of(self, effect: Effect | None) -> str:
        if self.author:
            return self.author
        if effect is not None:
            return effect.author
        return self.amendment.options[0] if self.amendment.options else "drafter"

    # ---- segments ------------------------------------------------------------------
    def _link_spans(self, block: Block | None, offset: int, current: bool = False) -> list[tuple[int, int, str]]:
        """References in a block's words as (start, end, bookmark name), in positions of its whole line."""
        links, names = (self.current_links, self.current_bookmark) if current else (self.links, self.bookmark)
        if links is None or block is None or block.role != "text" or not block.body:
            return []
        spans = []
        for start, end, target in links(block.eid, block.body):
            if target in names and 0 <= start < end <= len(block.body):
                spans.append((start + offset, end + offset, names[target]))
        return sorted(spans)

    def segments(self, pair: Pair) -> list[_Seg]:
        b, a = pair.base, pair.amended
        was = self._link_spans(b, len(b.label) + len(b.sep), current=True) if b is not None else []
        if a is None:
            effect = self.who.removed_by(b.eid) or self.who.words_change(None, b.eid, b.role, 0)
            return _split([_Seg(DELETE, b.text, effect)], [], was)
        offset = len(a.label) + len(a.sep)
        spans = self._link_spans(a, offset)
        if not self.redline:
            return _split([_Seg(EQUAL, a.text)], spans)
        if b is None:
            effect = self.who.inserted_by(a.eid) or self.who.words_change(a.eid, None, a.role, 0)
            return _split(_merge([_Seg(INSERT, a.text, effect)]), spans)
        if b.text == a.text:
            return _split([_Seg(EQUAL, a.text)], spans, was)
        segs: list[_Seg] = []
        if b.sep == a.sep:
            for op, text in diff_words(b.label, a.label):
                segs.append(_Seg(op, text, self.who.label_change(a.eid) if op != EQUAL else None))
            if a.sep:
                segs.append(_Seg(EQUAL, a.sep))
            segs.extend(_Seg(op, text, effect)
                        for op, text, effect in self.who.words_diff(a.eid, b.eid, a.role, b.body, a.body))
            return _split(_merge(segs), spans, was)
        cursor = -offset  # the number and the words changed together: diff the whole line
        for op, text in diff_words(b.text, a.text):
            effect = None
            if op != EQUAL:
                effect = self.who.words_change(a.eid, b.eid, a.role, max(cursor, 0))
            segs.append(_Seg(op, text, effect))
            if op != DELETE:
                cursor += len(text)
        return _split(_merge(segs), spans, was)

    # ---- paragraphs ----------------------------------------------------------------
    def paragraph(self, pair: Pair) -> etree._Element | None:
        b, a = pair.base, pair.amended
        if a is None and not self.redline:
            return None
        block = a or b
        p = wordml.paragraph(block.style, left=block.left, hanging=block.hanging)
        segs = self.segments(pair)
        if self.redline and (a is None or b is None):
            kind = "del" if a is None else "ins"
            effect = segs[0].effect if segs else None
            wordml.mark_paragraph(p, kind, self.ids(), self.author_of(effect), self.date)
            if effect is not None:
                self.revisions[effect.index].append(p)
        names = [self.bookmark[eid] for eid in (a.starts if a is not None else ()) if eid in self.bookmark]
        names += [self.current_bookmark[eid] for eid in (b.starts if b is not None and self.redline else ())
                  if eid in self.current_bookmark and self.current_bookmark[eid] not in names]
        marks = [(name, self.ids()) for name in names]
        for name, bid in marks:
            p.append(wordml.bookmark_start(bid, name))
        group: list[_Seg] = []
        for seg in segs + [None]:
            if group and (seg is None or seg.link != group[-1].link):
                self._emit(p, group)
                group = []
            if seg is not None:
                group.append(seg)
        for eid, bid in reversed(marks):
            p.append(wordml.bookmark_end(bid))
        for side in (a, b):
            if side is not None:
                self.paragraphs.setdefault(side.eid, []).append(p)
        return p

    def _emit(self, p: etree._Element, group: list[_Seg]) -> None:
        link = group[0].link
        container = wordml.hyperlink(link, ()) if link else p
        props = wordml.rpr(style="CrossReference") if link else None
        for seg in group:
            if not seg.text:
                continue
            if seg.op == EQUAL:
                container.append(wordml.run(seg.text, props=props))
                continue
            kind = "ins" if seg.op == INSERT else "del"
            mark = wordml.revision(kind, self.ids(), self.author_of(seg.effect), self.date,
                                   wordml.run(seg.text, deleted=seg.op == DELETE, props=props))
            container.append(mark)
            if seg.effect is not None:
                self.revisions[seg.effect.index].append(mark)
        if link:
            p.append(container)

    # ---- comments ------------------------------------------------------------------
    def comment_anchor(self, e: Effect, first_paragraph: etree._Element) -> tuple[etree._Element, etree._Element]:
        """The first and last element a change's comment spans."""
        own = [x for x in self.revisions[e.index] if x.tag != qn("w:p")]
        if not own:  # no words of its own (stated inside another change): its provision's revisions
            for eid in (e.final_eid, e.base_eid):
                for p in self.paragraphs.get(eid or "", ()):
                    own.extend(x for x in p.iter(qn("w:ins"), qn("w:del")) if x.getparent().tag != qn("w:rPr"))
                if own:
                    break
        if own:
            return own[0], own[-1]
        for eid in (e.final_eid, e.base_eid):
            if self.paragraphs.get(eid or ""):
                return self.paragraphs[eid][0], self.paragraphs[eid][0]
        return first_paragraph, first_paragraph


def _merge(segs: list[_Seg]) -> list[_Seg]:
    out: list[_Seg] = []
    for s in segs:
        if not s.text:
            continue
        if out and out[-1].op == s.op and out[-1].effect is s.effect and out[-1].link == s.link:
            out[-1] = _Seg(s.op, out[-1].text + s.text, s.effect, s.link)
        else:
            out.append(s)
    return out


class _Spans:
    """References of one text, (start, end, bookmark), looked up by position in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int, str]]):
        self.ordered = sorted(spans)
        self.starts = [s for s, _, _ in self.ordered]

    def at(self, pos: int) -> str | None:
        """The bookmark of the reference that covers `pos`, if any."""
        k = bisect.bisect_right(self.starts, pos) - 1
        return self.ordered[k][2] if k >= 0 and pos < self.ordered[k][1] else None


def _split(segs: list[_Seg], spans: list[tuple[int, int, str]],
           current: list[tuple[int, int, str]] = ()) -> list[_Seg]:
    """Segments cut at the edges of the references, each marked with the bookmark it links to.

    `spans` are the amended text's references (in its positions), `current`
    the current text's: deleted words link as the current text does, inserted
    words as the amended text does, and words in both as the amended text
    does, else as the current text does, so that each view has its own links.
    """
    if not spans and not current:
        return segs
    cuts = sorted({x for s, e, _ in spans for x in (s, e)})
    old_cuts = sorted({x for s, e, _ in current for x in (s, e)})
    # By bisection: a paragraph of thousands of references is cut in linear time (issue 14).
    new_table, old_table = _Spans(spans), _Spans(current)

    out: list[_Seg] = []
    new_pos = old_pos = 0  # where the segment starts in the amended and in the current text
    for seg in segs:
        text = seg.text
        while text:
            end = len(text)
            if seg.op != DELETE:
                at = bisect.bisect_right(cuts, new_pos)
                if at < len(cuts):
                    end = min(end, cuts[at] - new_pos)
            if seg.op != INSERT:
                at = bisect.bisect_right(old_cuts, old_pos)
                if at < len(old_cuts):
                    end = min(end, old_cuts[at] - old_pos)
            new_link = new_table.at(new_pos) if seg.op != DELETE else None
            old_link = old_table.at(old_pos) if seg.op != INSERT else None
            out.append(_Seg(seg.op, text[:end], seg.effect, new_link or old_link))
            text = text[end:]
            if seg.op != DELETE:
                new_pos += end
            if seg.op != INSERT:
                old_pos += end
    return _merge(out)


@layout.uncollected
def render_text(amendment: Amendment, *, redline: bool, units: Iterable[str] | None = None,
                date: dt.datetime, author: str | None = None, links: Linker | None = None,
                meta_author: str | None = None, current_links: Linker | None = None,
                plan: Plan | None = None) -> bytes:
    """The redline (`redline` True) or the consolidated text of `units` (None: the whole text) as .docx bytes.

    `links` finds the references of the amended text; `current_links` those of the current text,
    which the redline links in the words the rejected view shows. `plan`: the amendment's plan (one
    is made when not given), shown for `units`.
    """
    units = None if units is None else frozenset(units)
    plan = plan or plan_of(amendment, units)
    if plan.units != units:
        plan = plan.scoped(units)
    amended_blocks = plan.amended_blocks
    pairs = plan.pairs
    bookmarked = [eid for blk in amended_blocks for eid in blk.starts]
    current_bookmarked = []  # (current eId, the amended eId whose bookmark it shares, if one)
    for pair in pairs if redline and current_links else ():
        shown = pair.amended.starts if pair.amended is not None else ()
        for eid in pair.base.starts if pair.base is not None else ():
            current_bookmarked.append((eid, eid if eid in shown else None))
    writer = _Writer(plan, redline=redline, date=date, author=author, links=links, bookmarked=bookmarked,
                     current_links=current_links, current_bookmarked=current_bookmarked)

    names = option_names(amendment)
    if not amendment.changes:
        header = f"Current text ({amendment.base.edition.id}): no amendments"
    elif redline:
        header = f"DRAFT \u2014 {names} \u2014 tracked changes"
    else:
        header = f"DRAFT \u2014 {names} \u2014 text as amended"
    what = "tracked changes" if redline else "consolidated text"
    meta = layout.Meta(
        title="Constitution of the Republic of Azerbaijan \u2014 "
              + (f"draft amendments ({what})" if amendment.changes else "current text"),
        subject=f"Options: {names}" if amendment.changes else "No amendments",
        author=meta_author or author or authors(amendment),
        header=header, date=date, keywords=", ".join(amendment.options),
        description=f"Generated by drafter from edition {amendment.base.edition.id}"
                    + (f"; {describe_units(units)}" if units else "; full text"))
    doc = layout.new_document(meta, track_revisions=redline)

    body: list[etree._Element] = []
    title = wordml.text_paragraph(TITLE, "Title")
    body.append(title)
    if units:
        body.append(wordml.text_paragraph(f"Extract: {describe_units(units)}", "Subtitle"))
    for pair in pairs:
        p = writer.paragraph(pair)
        if p is not None:
            body.append(p)
    if redline:
        _carry_marks(body, writer.ids)
    edition = amendment.base.edition
    note = wordml.text_paragraph(f"Base text: {edition.title}. {edition.translation}".strip(), "Note")
    body.append(note)  # the last paragraph: never a revision (its mark cannot be removed)
    layout.append_body(doc, body)

    if redline:
        _comments(doc, writer, title, date)
    return layout.to_bytes(doc, date)


def _carry_marks(body: list[etree._Element], ids: wordml.Ids) -> None:
    """Whole paragraphs inserted right after words inserted at the end of a paragraph take that
    paragraph's mark into the insertion, the way Word marks them (see `wordml.carry_mark`).

    Deletions need no such care: LibreOffice accepts words struck at the end of a paragraph and
    the struck paragraphs after it correctly (measured), so they keep the plain markup.
    """
    i = 0
    while i + 1 < len(body):
        first = body[i]
        if not _inserted(body[i + 1]) or wordml.paragraph_mark(first) is not None:
            i += 1
            continue
        j = i + 1
        while j + 1 < len(body) and _inserted(body[j + 1]):
            j += 1
        if wordml.ends_with(first, "ins"):
            wordml.carry_mark(first, body[j], ids())
        i = j + 1


def _inserted(p: etree._Element) -> bool:
    mark = wordml.paragraph_mark(p)
    return mark is not None and mark.tag == qn("w:ins")


def authors(amendment: Amendment) -> str:
    """The templates' authors, each once, as a document's properties name its author ("drafter" if none)."""
    names = []
    for t in amendment.templates:
        if t.author and t.author not in names:
            names.append(t.author)
    return "; ".join(names) or "drafter"


def comment_text(e: Effect, amendment: Amendment) -> str:
    """What a change's comment says: the option, the edit, the citation, the rationale."""
    where = citation_of(e.final_eid or e.base_eid or e.change.eid)
    head = f"{e.option} {e.author}".strip() + f", edit {e.edit} ({e.kind}, {where})"
    return f"{head}\n{e.change.rationale.strip()}" if e.change.rationale else head


def _comments(doc, writer: _Writer, first: etree._Element, date: dt.datetime) -> None:
    """One comment per change, in change order (ids 0, 1, ...), spanning the revisions it produced.

    The ids are counted here: python-docx's `add_comment` looks through every comment for a free id,
    which made a redline's comments quadratic in their number.
    """
    if not writer.effects:
        return
    comments = layout.comments(doc)
    when = wordml.w_date(date)
    for cid, e in enumerate(writer.effects):
        comments.append(wordml.comment(cid, writer.author or e.author, e.option or None, when,
                                       comment_text(e, writer.amendment)))
        start, end = writer.comment_anchor(e, first)
        if start.tag == qn("w:p"):
            _after_ppr(start, [wordml.comment_start(cid), wordml.comment_end(cid), wordml.comment_reference(cid)])
        else:
            start.addprevious(wordml.comment_start(cid))
            end.addnext(wordml.comment_reference(cid))
            end.addnext(wordml.comment_end(cid))


def _after_ppr(p: etree._Element, elements: list[etree._Element]) -> None:
    ppr = p.find(qn("w:pPr"))
    at = 1 if ppr is not None else 0
    for k, e in enumerate(elements):
        p.insert(at + k, e)
