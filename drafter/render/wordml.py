"""Raw WordprocessingML: the markup python-docx has no API for, written with lxml.

Tracked changes (``w:ins`` / ``w:del`` around runs, paragraph-mark revisions),
bookmarks, internal hyperlinks, comment ranges and fields. Everything here is
small element builders that know the schema's rules (child order, ``w:delText``
in deleted runs, ids unique in a part) and nothing about constitutions.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import re
from typing import Iterable

from docx.oxml.ns import qn
from lxml import etree

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: Children of w:pPr in schema order (CT_PPr), the ones we write.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "shd",
             "tabs", "suppressAutoHyphens", "spacing", "ind", "contextualSpacing", "jc", "outlineLvl", "rPr",
             "sectPr", "pPrChange")


class _Names(dict):
    """Clark names (``{namespace}p``) of the names we write (``w:p``; an attribute's bare name is w:),
    each made once: a document asks for the same few tens of names tens of thousands of times."""

    def __missing__(self, name: str) -> str:
        value = self[name] = qn(name if ":" in name else f"w:{name}")
        return value


_q = _Names().__getitem__


def _attrib(attrs: dict[str, str] | None) -> dict[str, str] | None:
    return {_q(k): str(v) for k, v in attrs.items()} if attrs else None


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """A w: element (``tag`` like ``"w:p"``) with w: attributes and children."""
    e = etree.Element(_q(tag), _attrib(attrs))
    if children:
        e.extend(children)
    return e


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    return etree.SubElement(parent, _q(tag), _attrib(attrs))


def insert_ordered(parent: etree._Element, child: etree._Element, order: tuple[str, ...]) -> etree._Element:
    """Put `child` into `parent` where the schema's sequence `order` wants it; replaces one of the same name."""
    name = etree.QName(child).localname
    rank = order.index(name)
    for existing in list(parent):
        if etree.QName(existing).localname == name:
            parent.replace(existing, child)
            return child
    for i, existing in enumerate(parent):
        local = etree.QName(existing).localname
        if local in order and order.index(local) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def w_date(when: dt.datetime) -> str:
    """An xsd:dateTime in UTC, whole seconds: ``2026-01-01T00:00:00Z``."""
    return when.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


class Ids:
    """Revision and bookmark ids of one part, handed out in document order from `start`.

    Comment ids are python-docx's (0, 1, ...); starting revision ids above the
    number of comments keeps every id in the part distinct.
    """

    def __init__(self, start: int = 0):
        self.next = start

    def __call__(self) -> str:
        value = self.next
        self.next += 1
        return str(value)


# ---- runs ----------------------------------------------------------------------------

def rpr(*, style: str | None = None, bold: bool = False, italic: bool = False, strike: bool = False,
        underline: bool = False, color: str | None = None, size: int | None = None) -> etree._Element | None:
    """Run properties (None when there are none); `size` in half-points."""
    props = el("w:rPr")
    if style:
        sub(props, "w:rStyle", {"val": style})
    if bold:
        sub(props, "w:b")
    if italic:
        sub(props, "w:i")
    if strike:
        sub(props, "w:strike")
    if color:
        sub(props, "w:color", {"val": color})
    if size:
        sub(props, "w:sz", {"val": str(size)})
    if underline:
        sub(props, "w:u", {"val": "single"})
    return props if len(props) else None


_BREAKS = re.compile(r"(\t|\n)")


def run(text: str, *, deleted: bool = False, props: etree._Element | None = None) -> etree._Element:
    """A run of `text`; tabs and line breaks become w:tab / w:br, deleted text is w:delText."""
    r = el("w:r")
    if props is not None:
        r.append(_copy(props))
    tag = "w:delText" if deleted else "w:t"
    for piece in _BREAKS.split(text) if "\t" in text or "\n" in text else (text,):
        if piece == "\t":
            sub(r, "w:tab")
        elif piece == "\n":
            sub(r, "w:br")
        elif piece:
            t = sub(r, tag)
            t.text = piece
            if piece != piece.strip() or "  " in piece:
                t.set(XML_SPACE, "preserve")
    return r


def _copy(e: etree._Element) -> etree._Element:
    return copy.deepcopy(e)


def revision(kind: str, rid: str, author: str, date: str, *runs: etree._Element) -> etree._Element:
    """``w:ins`` or ``w:del`` (kind "ins" / "del") around `runs`."""
    if kind not in ("ins", "del"):
        raise ValueError(kind)
    return el(f"w:{kind}", {"id": rid, "author": author, "date": date}, *runs)


# ---- paragraphs ----------------------------------------------------------------------

def paragraph(style: str | None = None, *, left: int | None = None, hanging: int | None = None,
              first_line: int | None = None, keep_next: bool = False, align: str | None = None,
              page_break_before: bool = False) -> etree._Element:
    """An empty ``w:p`` with its style and layout (indents in twips)."""
    return copy.deepcopy(_empty_paragraph(style, left, hanging, first_line, keep_next, align, page_break_before))


@functools.cache
def _empty_paragraph(style: str | None, left: int | None, hanging: int | None, first_line: int | None,
                     keep_next: bool, align: str | None, page_break_before: bool) -> etree._Element:
    """The one paragraph of each layout that `paragraph` copies (never handed out itself): a document
    has thousands of paragraphs in a few tens of layouts, and lxml copies one faster than it builds it."""
    p = el("w:p")
    ppr = el("w:pPr")
    if style:
        sub(ppr, "w:pStyle", {"val": style})
    if keep_next:
        sub(ppr, "w:keepNext")
    if page_break_before:
        sub(ppr, "w:pageBreakBefore")
    if left is not None or hanging is not None or first_line is not None:
        attrs = {}
        if left is not None:
            attrs["left"] = str(left)
        if hanging:
            attrs["hanging"] = str(hanging)
        elif first_line:
            attrs["firstLine"] = str(first_line)
        sub(ppr, "w:ind", attrs)
    if align:
        sub(ppr, "w:jc", {"val": align})
    if len(ppr):
        p.append(ppr)
    return p


def text_paragraph(text: str, style: str | None = None, **layout: int | bool) -> etree._Element:
    """A paragraph of `style` holding `text` as one plain run (`layout`: as `paragraph` takes it)."""
    p = paragraph(style, **layout)
    p.append(run(text))
    return p


def mark_paragraph(p: etree._Element, kind: str, rid: str, author: str, date: str) -> None:
    """Mark the paragraph mark itself inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``, first in that rPr)."""
    ppr = p.find(_q("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    props = ppr.find(_q("w:rPr"))
    if props is None:
        props = insert_ordered(ppr, el("w:rPr"), PPR_ORDER)
    props.insert(0, el(f"w:{kind}", {"id": rid, "author": author, "date": date}))


def paragraph_mark(p: etree._Element) -> etree._Element | None:
    """The revision (``w:ins`` / ``w:del``) on the paragraph mark of `p`, if any."""
    props = p.find(f"{_q('w:pPr')}/{_q('w:rPr')}")
    if props is None:
        return None
    return next((c for c in props if c.tag in (_q("w:ins"), _q("w:del"))), None)


def ends_with(p: etree._Element, kind: str) -> bool:
    """Whether the last words of `p` (looking into links, past bookmarks) are a ``w:{kind}`` revision."""
    content = (_q("w:r"), _q("w:ins"), _q("w:del"), _q("w:hyperlink"))
    last = None
    for c in p.iter(*content):
        if c.tag != _q("w:hyperlink") and c.getparent().tag in (_q("w:p"), _q("w:hyperlink")):
            last = c
    return last is not None and last.tag == _q(f"w:{kind}")


def carry_mark(first: etree._Element, last: etree._Element, rid: str) -> None:
    """Move the paragraph-mark revision of `last` onto `first`, as Word does for a break typed after `first`.

    `first` is an existing paragraph whose last words are inserted and
    `last` closes the whole paragraphs inserted after it. Marked the plain
    way, LibreOffice joins the words and the paragraphs after them into one
    insertion that swallows the mark of `first`: rejecting all then glues
    `first` to the paragraph that follows. Marked this way every reader
    removes the same one stretch. The paragraph that survives a rejection
    ends with `last`'s mark: its properties are the amended side's, with
    ``w:pPrChange`` keeping those of `first` (the current side's).
    """
    mark = paragraph_mark(last)
    props = mark.getparent()
    props.remove(mark)
    if not len(props):
        props.getparent().remove(props)
    mark_paragraph(first, "ins", mark.get(_q("w:id")), mark.get(_q("w:author")), mark.get(_q("w:date")))
    old = _layout(first)
    if etree.tostring(old) == etree.tostring(_layout(last)):
        return
    change = el("w:pPrChange", {"id": rid, "author": mark.get(_q("w:author")), "date": mark.get(_q("w:date"))}, old)
    insert_ordered(last.find(_q("w:pPr")), change, PPR_ORDER)


def _layout(p: etree._Element) -> etree._Element:
    """A copy of the paragraph properties of `p` without its mark's run properties (what w:pPrChange holds)."""
    ppr = p.find(_q("w:pPr"))
    out = el("w:pPr")
    for c in (ppr if ppr is not None else ()):
        if etree.QName(c).localname not in ("rPr", "sectPr", "pPrChange"):
            out.append(_copy(c))
    return out


# ---- bookmarks, links, comments, fields ---------------------------------------------------

BOOKMARK_MAX = 40


def bookmark_name(eid: str, used: set[str]) -> str:
    """A Word bookmark name for an eId: [A-Za-z0-9_], at most 40 characters, unique among `used`.

    `used` holds the lower-cased names taken so far (Word compares bookmark
    names without case); the new name is added to it.

    ``art_139-1__part_II`` -> ``art_139_1__part_II``; a name too long or
    already taken gets a short hash of the eId instead of its tail.
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", eid)
    if not name or not name[0].isalpha():
        name = "p_" + name
    if len(name) > BOOKMARK_MAX or name.lower() in used:
        digest = hashlib.sha1(eid.encode("utf-8")).hexdigest()
        stem, n = name, 8
        while True:
            name = f"{stem[:BOOKMARK_MAX - n - 1]}_{digest[:n]}"
            if name.lower() not in used or n >= len(digest):
                break
            n += 2
    used.add(name.lower())
    return name


def bookmark_start(bid: str, name: str) -> etree._Element:
    return el("w:bookmarkStart", {"id": bid, "name": name})


def bookmark_end(bid: str) -> etree._Element:
    return el("w:bookmarkEnd", {"id": bid})


def hyperlink(anchor: str, children: Iterable[etree._Element]) -> etree._Element:
    """An internal link (``w:hyperlink w:anchor``) to a bookmark around runs and revisions."""
    link = el("w:hyperlink", {"anchor": anchor, "history": "1"})
    for c in children:
        link.append(c)
    return link


def comment_start(cid: int) -> etree._Element:
    return el("w:commentRangeStart", {"id": str(cid)})


def comment_end(cid: int) -> etree._Element:
    return el("w:commentRangeEnd", {"id": str(cid)})


def comment_reference(cid: int) -> etree._Element:
    """The run that shows a comment's mark, placed after its range end."""
    r = el("w:r", None, el("w:rPr", None, el("w:rStyle", {"val": "CommentReference"})))
    sub(r, "w:commentReference", {"id": str(cid)})
    return r


def comment(cid: int, author: str, initials: str | None, date: str, text: str) -> etree._Element:
    """A ``w:comment`` holding `text`, a paragraph a line, the first opening with the comment's mark
    (the markup python-docx's `add_comment` writes)."""
    attrs = {"id": str(cid), "author": author}
    if initials is not None:
        attrs["initials"] = initials
    attrs["date"] = date
    c = el("w:comment", attrs)
    for n, line in enumerate(text.split("\n")):
        p = sub(c, "w:p")
        sub(sub(p, "w:pPr"), "w:pStyle", {"val": "CommentText"})
        if n == 0:
            p.append(el("w:r", None, el("w:rPr", None, el("w:rStyle", {"val": "CommentReference"})),
                        el("w:annotationRef")))
        if line:
            p.append(run(line))
    return c


def field(instruction: str, shown: str, props: etree._Element | None = None) -> list[etree._Element]:
    """The runs of a complex field (``PAGE``, ``NUMPAGES``) with `shown` as its last computed result."""
    def r() -> etree._Element:
        out = el("w:r")
        if props is not None:
            out.append(_copy(props))
        return out

    begin = r()
    sub(begin, "w:fldChar", {"fldCharType": "begin"})
    instr = r()
    code = sub(instr, "w:instrText")
    code.text = f" {instruction} "
    code.set(XML_SPACE, "preserve")
    sep = r()
    sub(sep, "w:fldChar", {"fldCharType": "separate"})
    result = r()
    t = sub(result, "w:t")
    t.text = shown
    end = r()
    sub(end, "w:fldChar", {"fldCharType": "end"})
    return [begin, instr, sep, result, end]


# ---- tables ---------------------------------------------------------------------------------------

def table(widths: list[int], *, look: dict[str, str] | None = None) -> etree._Element:
    """A ``w:tbl`` of fixed columns `widths` (twentieths of a point) in the grid style; `look`: its
    ``w:tblLook`` (which of the style's first and last rows and columns apply)."""
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblStyle", {"val": "TableGrid"})
    sub(tblpr, "w:tblW", {"w": str(sum(widths)), "type": "dxa"})
    sub(tblpr, "w:tblLayout", {"type": "fixed"})
    if look is not None:
        sub(tblpr, "w:tblLook", look)
    grid = sub(tbl, "w:tblGrid")
    for w in widths:
        sub(grid, "w:gridCol", {"w": str(w)})
    return tbl


def table_row(tbl: etree._Element, *, header: bool = False, unsplit: bool = False) -> etree._Element:
    """A row added to `tbl`: `header` repeats at the top of each page (and is never split across
    pages), `unsplit` is kept on one page."""
    tr = sub(tbl, "w:tr")
    if header or unsplit:
        trpr = sub(tr, "w:trPr")
        sub(trpr, "w:cantSplit")
        if header:
            sub(trpr, "w:tblHeader")
    return tr


def table_cell(width: int, paragraphs: Iterable[etree._Element], *, shade: str | None = None,
               span: int = 1) -> etree._Element:
    """A ``w:tc`` of `width` holding `paragraphs` (a cell must hold at least one: an empty one gets an
    empty paragraph of the TableText style); `span` columns of the grid, `shade` its fill colour."""
    tc = el("w:tc")
    tcpr = sub(tc, "w:tcPr")
    sub(tcpr, "w:tcW", {"w": str(width), "type": "dxa"})
    if span > 1:
        sub(tcpr, "w:gridSpan", {"val": str(span)})
    if shade:
        sub(tcpr, "w:shd", {"val": "clear", "color": "auto", "fill": shade})
    paragraphs = list(paragraphs)
    for p in paragraphs or [paragraph("TableText")]:
        tc.append(p)
    return tc
