"""A .docx read as one stream of characters, each knowing the revisions it is under.

The body becomes one string: the text of every paragraph followed by a
``\\n`` that stands for its paragraph mark (a paragraph mark can be inserted
or deleted like any character). Every character carries the index of the
insertion and of the deletion it is under (or -1), so accepting every change
is "keep what is not deleted" and rejecting every change "keep what is not
inserted", for words and paragraph marks alike. Word's and LibreOffice's
dialects are read the same way: rsids, proofing marks, ``w14`` ids, smart
tags, content controls and field codes carry no text; ``w:moveFrom`` /
``w:moveTo`` are a deletion and an insertion flagged as a move; a deletion
inside an insertion (a reviewer deleting words another author inserted) keeps
both.

Only this module opens the file; everything downstream works on `WordText`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..errors import DrafterError, Problem
from ..fileio import read_limited

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DCTERMS = "http://purl.org/dc/terms/"

#: A .docx of the constitution is a few MB; refuse anything far larger before unzipping it.
MAX_DOCX_BYTES = 200_000_000
#: Line breaks inside a paragraph: kept apart from "\n", which marks the end of a paragraph.
LINE_BREAK = "\v"

#: Elements that only wrap runs: read through them.
_WRAPPERS = {"hyperlink", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "dir", "bdo"}
#: Body-level wrappers of paragraphs.
_BLOCK_WRAPPERS = {"sdt", "sdtContent", "customXml"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Revision:
    """One w:ins / w:del (or move) as the file states it."""

    kind: str  # "ins" or "del"
    author: str
    date: str
    rid: str
    moved: bool = False
    mark: bool = False  # on a paragraph mark


@dataclass(frozen=True)
class Comment:
    """A comment or a reply, with the stretch of the stream it anchors on."""

    cid: str
    author: str
    date: str
    initials: str
    text: str
    start: int | None  # stream positions; None when the file gives no anchor
    end: int | None
    parent: str | None = None  # the comment this one replies to


@dataclass(frozen=True)
class Formatting:
    """A formatting-only revision (w:rPrChange, w:pPrChange, numbering): reported, never applied."""

    what: str  # "run properties", "paragraph properties", "numbering"
    author: str
    date: str
    position: int


@dataclass
class WordText:
    """The body of a .docx as one annotated character stream, with its comments."""

    text: str = ""
    ins: list[int] = field(default_factory=list)  # per character: index into `revisions`, or -1
    dele: list[int] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # per paragraph
    bookmarks: dict[str, int] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    formatting: list[Formatting] = field(default_factory=list)
    outside: list[tuple[str, Revision, str]] = field(default_factory=list)  # (part, revision, its text)
    objects: list[tuple[str, int, str]] = field(default_factory=list)  # (drawing / pict / object, position, author)
    modified_by: str = ""
    modified: str = ""

    def paragraph_of(self, pos: int) -> int:
        """The index of the paragraph the stream position `pos` falls in."""
        import bisect

        return max(bisect.bisect_right(self.paragraph_starts, pos) - 1, 0)

    def view(self, accept: bool) -> str:
        """The text with every change accepted (`accept`) or rejected."""
        keep = self.dele if accept else self.ins
        return "".join(c for c, k in zip(self.text, keep) if k < 0)


class _Reader:
    def __init__(self, out: WordText):
        self.out = out
        self.chars: list[str] = []
        self.field_depth: list[bool] = []  # per open complex field: still in its code part
        self.comment_start: dict[str, int] = {}
        self.comment_end: dict[str, int] = {}

    def rev(self, e: etree._Element, kind: str, *, mark: bool = False) -> int:
        moved = etree.QName(e).localname in ("moveFrom", "moveTo")
        self.out.revisions.append(Revision(kind, e.get(w("author"), ""), e.get(w("date"), ""),
                                           e.get(w("id"), ""), moved, mark))
        return len(self.out.revisions) - 1

    def add(self, text: str, ins: int, dele: int) -> None:
        for c in text:
            self.chars.append(c)
            self.out.ins.append(ins)
            self.out.dele.append(dele)

    def pos(self) -> int:
        return len(self.chars)

    def paragraph(self, p: etree._Element) -> None:
        self.out.paragraph_starts.append(self.pos())
        ppr = p.find(w("pPr"))
        style = ""
        mark_ins = mark_del = -1
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            style = ps.get(w("val"), "") if ps is not None else ""
            rpr = ppr.find(w("rPr"))
            if rpr is not None:
                for child in rpr:
                    name = etree.QName(child).localname
                    if name in ("ins", "moveTo"):
                        mark_ins = self.rev(child, "ins", mark=True)
                    elif name in ("del", "moveFrom"):
                        mark_del = self.rev(child, "del", mark=True)
                    elif name == "rPrChange":
                        self.formatting(child, "paragraph mark properties")
            for child in ppr:
                if etree.QName(child).localname == "pPrChange":
                    self.formatting(child, "paragraph properties")
            numpr = ppr.find(w("numPr"))
            if numpr is not None:
                for child in numpr:
                    if etree.QName(child).localname in ("ins", "del", "numberingChange"):
                        self.formatting(child, "numbering")
        self.out.styles.append(style)
        for child in p:
            if child is not ppr:
                self.inline(child, -1, -1)
        self.add("\n", mark_ins, mark_del)

    def formatting(self, e: etree._Element, what: str) -> None:
        self.out.formatting.append(Formatting(what, e.get(w("author"), ""), e.get(w("date"), ""), self.pos()))

    def inline(self, e: etree._Element, ins: int, dele: int) -> None:
        if not isinstance(e.tag, str):
            return
        name = etree.QName(e).localname
        if etree.QName(e).namespace != W:
            if name == "AlternateContent":  # mc: read the fallback a Word 2007 reader would
                for fb in e:
                    if etree.QName(fb).localname == "Fallback":
                        for c in fb:
                            self.inline(c, ins, dele)
            return
        if name == "r":
            self.run(e, ins, dele)
        elif name in ("ins", "moveTo"):
            r = self.rev(e, "ins")
            for c in e:
                self.inline(c, r, dele)
        elif name in ("del", "moveFrom"):
            r = self.rev(e, "del")
            for c in e:
                self.inline(c, ins, r)
        elif name in _WRAPPERS:
            for c in e:
                self.inline(c, ins, dele)
        elif name == "bookmarkStart":
            self.out.bookmarks.setdefault(e.get(w("name"), ""), self.pos())
        elif name == "commentRangeStart":
            self.comment_start.setdefault(e.get(w("id"), ""), self.pos())
        elif name == "commentRangeEnd":
            self.comment_end.setdefault(e.get(w("id"), ""), self.pos())
        # proofErr, permStart/End, move ranges, bookmarkEnd, oMath ...: no text

    def run(self, r: etree._Element, ins: int, dele: int) -> None:
        for c in r:
            name = etree.QName(c).localname
            if name == "rPr":
                change = c.find(w("rPrChange"))
                if change is not None:
                    self.formatting(change, "run properties")
            elif name == "fldChar":
                kind = c.get(w("fldCharType"))
                if kind == "begin":
                    self.field_depth.append(True)
                elif kind == "separate" and self.field_depth:
                    self.field_depth[-1] = False
                elif kind == "end" and self.field_depth:
                    self.field_depth.pop()
            elif self.field_depth and self.field_depth[-1]:
                continue  # a field's code, not its shown result
            elif name in ("t", "delText"):
                self.add(c.text or "", ins, dele)
            elif name == "tab":
                self.add("\t", ins, dele)
            elif name in ("br", "cr"):
                self.add(LINE_BREAK, ins, dele)
            elif name == "noBreakHyphen":
                self.add("-", ins, dele)
            elif name == "commentReference":
                self.comment_end.setdefault(c.get(w("id"), ""), self.pos())
            elif name in ("drawing", "pict", "object"):
                self.out.objects.append((name, self.pos(), self.out.revisions[ins].author if ins >= 0 else ""))
            # softHyphen, lastRenderedPageBreak, footnoteReference, drawing ...: no text of the body

    def block(self, e: etree._Element) -> None:
        name = etree.QName(e).localname
        if name == "p":
            self.paragraph(e)
        elif name == "tbl":
            for p in e.iter(w("p")):
                self.paragraph(p)
        elif name in _BLOCK_WRAPPERS:
            for c in e:
                self.block(c)


def _xml(z: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        data = z.read(name)
    except KeyError:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


def _plain(e: etree._Element) -> str:
    paras = []
    for p in e.iter(w("p")):
        paras.append("".join(t.text or "" for t in p.iter(w("t"))))
    return "\n".join(paras).strip()


def read_docx(path: str) -> WordText:
    """The body of the .docx at `path` as a `WordText`; a file that is not a .docx is a one-line error."""
    data = read_limited(path, MAX_DOCX_BYTES, "a Word document")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        body_xml = _xml(z, "word/document.xml")
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as exc:
        raise DrafterError(Problem(f"not a Word document (.docx): {exc}", file=str(path)))
    if body_xml is None or body_xml.find(w("body")) is None:
        raise DrafterError(Problem("not a Word document (.docx): it has no word/document.xml", file=str(path)))
    out = WordText()
    reader = _Reader(out)
    for child in body_xml.find(w("body")):
        reader.block(child)
    out.text = "".join(reader.chars)
    try:
        _comments(z, reader, out)
        _outside(z, out)
        core = _xml(z, "docProps/core.xml")
    except etree.XMLSyntaxError as exc:
        raise DrafterError(Problem(f"a part of the .docx is not XML: {exc}", file=str(path)))
    if core is not None:
        out.modified_by = (core.findtext(f"{{{CP}}}lastModifiedBy") or "").strip()
        out.modified = (core.findtext(f"{{{DCTERMS}}}modified") or "").strip()
    return out


def _comments(z: zipfile.ZipFile, reader: _Reader, out: WordText) -> None:
    root = _xml(z, "word/comments.xml")
    if root is None:
        return
    para_of: dict[str, str] = {}  # w14:paraId of a comment's last paragraph -> comment id
    found = []
    for c in root.iter(w("comment")):
        cid = c.get(w("id"), "")
        paras = list(c.iter(w("p")))
        if paras:
            pid = paras[-1].get(f"{{{W14}}}paraId")
            if pid:
                para_of[pid] = cid
        found.append((cid, c))
    parents: dict[str, str] = {}
    extended = _xml(z, "word/commentsExtended.xml")
    if extended is not None:
        for ex in extended.iter(f"{{{W15}}}commentEx"):
            parent = ex.get(f"{{{W15}}}paraIdParent")
            own = ex.get(f"{{{W15}}}paraId")
            if parent and own in para_of and parent in para_of:
                parents[para_of[own]] = para_of[parent]
    for cid, c in found:
        start = reader.comment_start.get(cid)
        end = reader.comment_end.get(cid, start)
        if start is None:
            start = end
        out.comments.append(Comment(cid, c.get(w("author"), ""), c.get(w("date"), ""), c.get(w("initials"), ""),
                                    _plain(c), start, end, parents.get(cid)))


def _outside(z: zipfile.ZipFile, out: WordText) -> None:
    """Revisions in headers, footers, footnotes and endnotes: outside the constitution's text."""
    for name in sorted(z.namelist()):
        if not name.startswith("word/") or not any(k in name for k in ("header", "footer", "footnotes", "endnotes")):
            continue
        if not name.endswith(".xml") or "/_rels/" in name:
            continue
        root = _xml(z, name)
        if root is None:
            continue
        for note in list(root.iter(w("footnote"))) + list(root.iter(w("endnote"))):
            if note.get(w("type")) in (None, "normal"):  # a note someone added (the redline has none)
                ins = next(note.iter(w("ins")), None)
                author = ins.get(w("author"), "") if ins is not None else ""
                out.outside.append((name[5:], Revision("note", author, "", note.get(w("id"), "")), _plain(note)))
        for e in root.iter(w("ins"), w("del"), w("moveFrom"), w("moveTo")):
            if e.getparent() is not None and etree.QName(e.getparent()).localname == "rPr":
                continue
            kind = "ins" if etree.QName(e).localname in ("ins", "moveTo") else "del"
            text = "".join(t.text or "" for t in e.iter(w("t"), w("delText")))
            out.outside.append((name[5:], Revision(kind, e.get(w("author"), ""), e.get(w("date"), ""),
                                                   e.get(w("id"), "")), text))
