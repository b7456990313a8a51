"""Checks of WordprocessingML that nobody here has to trust the writer for.

- ``load_wml_schema()`` / ``schema_available()`` / ``validate_part()``: the ECMA-376 Transitional
  schemas from ``shared/ooxml-xsd`` (beside the repo), after Markup Compatibility processing.
- ``lint_revisions()``: the semantic rules of tracked changes, comments, bookmarks and internal links
  that the schema does not check.
- ``accept_all()`` / ``reject_all()``: an independent pure-lxml reader giving the paragraph texts of
  ``document.xml`` after accepting or rejecting every tracked change.
- ``docx_parts()`` / ``validate_docx()`` / ``lint_docx()``: the same on a whole .docx file.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

REPO_ROOT = Path(__file__).resolve().parents[2]
XSD_DIR = REPO_ROOT.parent / "shared" / "ooxml-xsd"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSD_NS = "http://www.w3.org/2001/XMLSchema"

MINI_XML_XSD = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/XML/1998/namespace">
 <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
   <xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction>
 </xs:simpleType></xs:attribute>
 <xs:attribute name="lang" type="xs:string"/><xs:attribute name="base" type="xs:anyURI"/>
 <xs:attribute name="id" type="xs:ID"/></xs:schema>"""


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _local(el) -> str | None:
    """Local name of a w: element, None for anything else (comments, PIs, other namespaces)."""
    if not isinstance(el.tag, str):
        return None
    q = etree.QName(el)
    return q.localname if q.namespace == W else None


def _parse(xml) -> etree._Element:
    if isinstance(xml, etree._Element):
        return xml
    if isinstance(xml, etree._ElementTree):
        return xml.getroot()
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    return etree.fromstring(xml, etree.XMLParser(remove_blank_text=False, resolve_entities=False))


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------

class _XmlNamespaceResolver(etree.Resolver):
    def resolve(self, url, pubid, context):
        if url and url.endswith("xml-namespace.xsd"):
            return self.resolve_string(MINI_XML_XSD, context)
        return None


@functools.lru_cache(maxsize=1)
def _load() -> tuple[etree.XMLSchema | None, str]:
    main = XSD_DIR / "wml.xsd"
    if not main.is_file():
        return None, f"{main} not found (shared/ooxml-xsd must sit beside the repo)"
    try:
        parser = etree.XMLParser()
        parser.resolvers.add(_XmlNamespaceResolver())
        xsd = etree.parse(str(main), parser)  # a file path, so relative imports resolve
        for imp in xsd.getroot().iter(f"{{{XSD_NS}}}import"):
            if imp.get("namespace") == XML_NS and not imp.get("schemaLocation"):
                imp.set("schemaLocation", "xml-namespace.xsd")
        return etree.XMLSchema(xsd), f"loaded {main}"
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
        return None, f"cannot compile {main}: {exc}"


def load_wml_schema() -> etree.XMLSchema | None:
    """The compiled WordprocessingML schema (cached), or None if the XSDs are absent;
    ``schema_available()`` says why."""
    return _load()[0]


def schema_available() -> tuple[bool, str]:
    schema, reason = _load()
    return schema is not None, reason


def mce_strip(root: etree._Element) -> etree._Element:
    """Markup Compatibility processing in place, as a consumer that knows only the 2008
    namespaces would do it: drop mc:* attributes and everything in the ignorable namespaces,
    replace mc:AlternateContent with its mc:Fallback children."""
    ign = {el.nsmap.get(p) for el in root.iter() if isinstance(el.tag, str)
           for p in (el.get(f"{{{MC}}}Ignorable") or "").split()}
    ign.discard(None)
    for ac in list(root.iter(f"{{{MC}}}AlternateContent")):
        parent = ac.getparent()
        if parent is None:
            continue
        i = parent.index(ac)
        fb = ac.find(f"{{{MC}}}Fallback")
        for k, ch in enumerate(list(fb) if fb is not None else []):
            parent.insert(i + k, ch)
        parent.remove(ac)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in ign and el.getparent() is not None:
            el.getparent().remove(el)
            continue
        for a in list(el.attrib):
            if etree.QName(a).namespace in ign | {MC}:
                del el.attrib[a]
    return root


def validate_part(xml_bytes) -> list[str]:
    """Schema errors of one WordprocessingML part (document, styles, settings, numbering,
    comments, headers, ...) after MCE stripping; [] when valid. Every error is reported, including
    python-docx's settings.xml ``w:zoom`` without ``w:percent``: callers decide what to ignore.
    Raises RuntimeError when the schemas are not available."""
    schema, reason = _load()
    if schema is None:
        raise RuntimeError(reason)
    root = _parse(xml_bytes)
    if isinstance(xml_bytes, (etree._Element, etree._ElementTree)):
        root = etree.fromstring(etree.tostring(root))  # never strip the caller's tree
    root = mce_strip(root)
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


# --------------------------------------------------------------------------------------------
# Whole packages
# --------------------------------------------------------------------------------------------

WML_PART = re.compile(r"^word/(document|styles|settings|numbering|comments|footnotes|endnotes"
                      r"|header\d*|footer\d*|fontTable|webSettings)\.xml$")


def docx_parts(path) -> dict[str, bytes]:
    """All parts of a .docx, by name."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("/")}


def validate_docx(path) -> dict[str, list[str]]:
    """validate_part for every WordprocessingML part in the package; {part: errors}."""
    return {name: validate_part(data) for name, data in sorted(docx_parts(path).items())
            if WML_PART.match(name)}


def lint_docx(path) -> list[str]:
    parts = docx_parts(path)
    return lint_revisions(parts["word/document.xml"], parts.get("word/comments.xml"))


# --------------------------------------------------------------------------------------------
# Semantic lint of revisions, comments, bookmarks, links
# --------------------------------------------------------------------------------------------

# Tracked-change marks carrying w:id, w:author, w:date (each id must be unique in the part).
REVISION_MARKS = {
    "ins", "del", "moveFrom", "moveTo",
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
}
_DATETIME = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?"
                       r"(Z|[+-](\d{2}):(\d{2}))?$")
BOOKMARK_NAME_MAX = 40
BUILTIN_ANCHORS = {"_top"}


def _is_datetime(value: str) -> bool:
    """xsd:dateTime lexical form with valid field ranges (24:00:00 allowed, as in XSD 1.0)."""
    m = _DATETIME.match(value or "")
    if not m:
        return False
    year, month, day, hh, mm, ss = (int(g) for g in m.groups()[:6])
    if year == 0 or not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if not 1 <= day <= days:
        return False
    if hh == 24:
        if mm or ss or (m.group(7) and int(m.group(7)[1:] or 0)):
            return False
    elif hh > 23 or mm > 59 or ss > 59:
        return False
    if m.group(9) is not None and (int(m.group(9)) > 14 or int(m.group(10)) > 59):
        return False
    return True


def _where(el) -> str:
    line = getattr(el, "sourceline", None)
    return f"line {line}" if line else "?"


def lint_revisions(document_xml_bytes, comments_xml_bytes=None) -> list[str]:
    """Problems the schema does not catch; [] when clean.

    - ``w:t`` inside ``w:del`` / ``w:moveFrom`` (must be ``w:delText``); ``w:delText`` outside them;
    - ``w:ins`` nested in ``w:ins``, ``w:del`` in ``w:del`` (also moveFrom/moveTo);
    - duplicate ``w:id`` among revision marks, or a revision id equal to a comment or bookmark id;
    - a revision mark without ``w:author`` or without a valid ``xsd:dateTime`` ``w:date``;
    - bookmarkStart/End not matched by id (or End before Start), names empty, longer than 40
      characters, containing whitespace, or not unique;
    - commentRangeStart/End/Reference not matched, and (with comments.xml) ids without a comment,
      or comments never referenced;
    - ``w:hyperlink/@w:anchor`` naming no bookmark.
    """
    root = _parse(document_xml_bytes)
    errors: list[str] = []
    wid = w("id")

    # -- text in the wrong kind of revision, nesting -----------------------------------------
    for el in root.iter(w("t"), w("delText"), w("ins"), w("del"), w("moveFrom"), w("moveTo")):
        name = _local(el)
        anc = {_local(a) for a in el.iterancestors()}
        if name == "t" and anc & {"del", "moveFrom"} and "delText" not in anc:
            errors.append(f"{_where(el)}: w:t inside w:del (deleted text must be w:delText): "
                          f"{el.text!r}")
        elif name == "delText" and not anc & {"del", "moveFrom"}:
            errors.append(f"{_where(el)}: w:delText outside w:del: {el.text!r}")
        elif name in ("ins", "del", "moveFrom", "moveTo"):
            same = [a for a in el.iterancestors(w(name))]
            if same:
                errors.append(f"{_where(el)}: w:{name} id={el.get(wid)} nested in w:{name} "
                              f"id={same[0].get(wid)}")

    # -- revision marks: ids, author, date --------------------------------------------------
    rev_ids: Counter = Counter()
    for el in root.iter():
        name = _local(el)
        if name not in REVISION_MARKS:
            continue
        rid = el.get(wid)
        if rid is None:
            errors.append(f"{_where(el)}: w:{name} without w:id")
        else:
            rev_ids[rid] += 1
        if not el.get(w("author")):
            errors.append(f"{_where(el)}: w:{name} id={rid} without w:author")
        date = el.get(w("date"))
        if date is None:
            errors.append(f"{_where(el)}: w:{name} id={rid} without w:date")
        elif not _is_datetime(date):
            errors.append(f"{_where(el)}: w:{name} id={rid} has w:date {date!r}, "
                          f"not an xsd:dateTime")
    for rid, n in sorted(rev_ids.items()):
        if n > 1:
            errors.append(f"revision id {rid} used {n} times")

    # -- bookmarks ----------------------------------------------------------------------------
    bm_start: dict[str, etree._Element] = {}
    bm_names: Counter = Counter()
    seen_end: set[str] = set()
    for el in root.iter(w("bookmarkStart"), w("bookmarkEnd")):
        bid = el.get(wid)
        if _local(el) == "bookmarkStart":
            if bid in bm_start:
                errors.append(f"{_where(el)}: bookmarkStart id={bid} used twice")
            bm_start[bid] = el
            name = el.get(w("name")) or ""
            bm_names[name] += 1
            if not name:
                errors.append(f"{_where(el)}: bookmarkStart id={bid} without a name")
            if len(name) > BOOKMARK_NAME_MAX:
                errors.append(f"{_where(el)}: bookmark name {name!r} longer than "
                              f"{BOOKMARK_NAME_MAX} characters ({len(name)})")
            if re.search(r"\s", name):
                errors.append(f"{_where(el)}: bookmark name {name!r} contains whitespace")
        else:
            if bid not in bm_start:
                errors.append(f"{_where(el)}: bookmarkEnd id={bid} without a preceding "
                              f"bookmarkStart")
            if bid in seen_end:
                errors.append(f"{_where(el)}: bookmarkEnd id={bid} used twice")
            seen_end.add(bid)
    for bid, el in bm_start.items():
        if bid not in seen_end:
            errors.append(f"{_where(el)}: bookmarkStart id={bid} name={el.get(w('name'))!r} "
                          f"without bookmarkEnd")
    for name, n in sorted(bm_names.items()):
        if name and n > 1:
            errors.append(f"bookmark name {name!r} used {n} times")

    # -- comments -----------------------------------------------------------------------------
    c_start: dict[str, etree._Element] = {}
    c_end: dict[str, etree._Element] = {}
    c_ref: dict[str, etree._Element] = {}
    for el in root.iter(w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")):
        cid = el.get(wid)
        kind = _local(el)
        table = {"commentRangeStart": c_start, "commentRangeEnd": c_end,
                 "commentReference": c_ref}[kind]
        if cid in table:
            errors.append(f"{_where(el)}: {kind} id={cid} used twice")
        table[cid] = el
        if kind == "commentRangeEnd" and cid not in c_start:
            errors.append(f"{_where(el)}: commentRangeEnd id={cid} without a preceding "
                          f"commentRangeStart")
    for cid, el in c_start.items():
        if cid not in c_end:
            errors.append(f"{_where(el)}: commentRangeStart id={cid} without commentRangeEnd")
        if cid not in c_ref:
            errors.append(f"{_where(el)}: commentRangeStart id={cid} without commentReference")
    for cid, el in c_ref.items():
        if cid not in c_start:
            errors.append(f"{_where(el)}: commentReference id={cid} without commentRangeStart")
    used_comment_ids = set(c_start) | set(c_end) | set(c_ref)
    if comments_xml_bytes is not None:
        croot = _parse(comments_xml_bytes)
        defined = [c.get(wid) for c in croot.iter(w("comment"))]
        for cid, n in Counter(defined).items():
            if n > 1:
                errors.append(f"comments.xml: comment id={cid} defined {n} times")
        for cid in sorted(used_comment_ids - set(defined), key=str):
            errors.append(f"comment id={cid} is referenced but not in comments.xml")
        for cid in sorted(set(defined) - used_comment_ids, key=str):
            errors.append(f"comments.xml: comment id={cid} is never referenced in the document")

    # -- revision ids against comment and bookmark ids ----------------------------------------
    for rid in sorted(set(rev_ids) & used_comment_ids, key=str):
        errors.append(f"revision id {rid} is also a comment id")
    for rid in sorted(set(rev_ids) & set(bm_start), key=str):
        errors.append(f"revision id {rid} is also a bookmark id")

    # -- internal links ----------------------------------------------------------------------
    names = set(bm_names)
    for el in root.iter(w("hyperlink")):
        anchor = el.get(w("anchor"))
        if anchor is not None and anchor not in names and anchor not in BUILTIN_ANCHORS:
            errors.append(f"{_where(el)}: hyperlink anchor {anchor!r} names no bookmark")
    return errors


# --------------------------------------------------------------------------------------------
# Our own reader: paragraph texts after accepting / rejecting all changes
# --------------------------------------------------------------------------------------------

# Content that is not text of the paragraph itself (field codes, drawings/text boxes, notes).
_SKIP = {"pPr", "rPr", "instrText", "delInstrText", "drawing", "pict", "object",
         "footnoteReference", "endnoteReference", "commentReference", "fldChar",
         "annotationRef", "footnoteRef", "endnoteRef", "lastRenderedPageBreak",
         "sectPr", "rPrChange", "pPrChange"}
_CHARS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011", "softHyphen": "\u00ad",
          "ptab": "\t"}
# mode -> (marks whose content disappears, paragraph marks that disappear)
_GONE = {"accept": {"del", "moveFrom"}, "reject": {"ins", "moveTo"}}


def _run_text(el, gone: set[str], out: list[str]) -> None:
    for ch in el:
        name = _local(ch)
        if name is None:
            if isinstance(ch.tag, str) and etree.QName(ch).namespace == MC and \
                    etree.QName(ch).localname == "AlternateContent":
                fb = ch.find(f"{{{MC}}}Fallback")
                if fb is not None:
                    _run_text(fb, gone, out)
            continue
        if name in _SKIP:
            continue
        if name in gone:
            continue
        if name in ("t", "delText"):
            out.append(ch.text or "")
        elif name in _CHARS:
            out.append(_CHARS[name])
        elif name == "sym":
            try:
                out.append(chr(int(ch.get(w("char")), 16)))
            except (TypeError, ValueError):
                pass
        else:  # r, ins, del, hyperlink, smartTag, sdt/sdtContent, fldSimple, customXml, ...
            if name == "sdt":
                content = ch.find(w("sdtContent"))
                if content is not None:
                    _run_text(content, gone, out)
                continue
            _run_text(ch, gone, out)


def _mark_gone(p, gone: set[str]) -> bool:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return False
    return any(_local(c) in gone for c in rpr)


def _flat_blocks(container):
    """w:p and w:tbl children of a block container, looking through sdt and customXml."""
    for el in container:
        name = _local(el)
        if name in ("p", "tbl"):
            yield el
        elif name == "sdt":
            content = el.find(w("sdtContent"))
            if content is not None:
                yield from _flat_blocks(content)
        elif name == "customXml":
            yield from _flat_blocks(el)
        # sectPr, bookmarks, permStart, ... carry no text


def _blocks(container, gone: set[str], out: list[str]) -> None:
    """Paragraph texts of a block container (body, cell) appended to out; a paragraph whose mark
    disappears is merged into the next paragraph of the same container."""
    pending: str | None = None
    for el in _flat_blocks(container):
        if _local(el) == "p":
            parts: list[str] = []
            _run_text(el, gone, parts)
            text = (pending or "") + "".join(parts)
            pending = None
            if _mark_gone(el, gone):
                pending = text
            else:
                out.append(text)
        else:
            if pending is not None:  # a paragraph cannot merge into a table: it stays
                out.append(pending)
                pending = None
            _table(el, gone, out)
    if pending is not None:  # the container's last paragraph mark cannot disappear
        out.append(pending)


def _row_gone(tr, mode: str) -> bool:
    trpr = tr.find(w("trPr"))
    if trpr is None:
        return False
    marks = {_local(c) for c in trpr}
    return ("del" in marks) if mode == "accept" else ("ins" in marks)


def _cell_gone(tc, mode: str) -> bool:
    tcpr = tc.find(w("tcPr"))
    if tcpr is None:
        return False
    marks = {_local(c) for c in tcpr}
    return ("cellDel" in marks) if mode == "accept" else ("cellIns" in marks)


def _table(tbl, gone: set[str], out: list[str]) -> None:
    mode = "accept" if "del" in gone else "reject"
    for tr in _children(tbl, "tr"):
        if _row_gone(tr, mode):
            continue
        for tc in _children(tr, "tc"):
            if _cell_gone(tc, mode):
                continue
            _blocks(tc, gone, out)


def _children(el, name):
    """Children named w:name, looking through sdt/customXml wrappers."""
    for ch in el:
        n = _local(ch)
        if n == name:
            yield ch
        elif n == "sdt":
            content = ch.find(w("sdtContent"))
            if content is not None:
                yield from _children(content, name)
        elif n == "customXml":
            yield from _children(ch, name)


def _read(document_xml_bytes, mode: str) -> list[str]:
    root = _parse(document_xml_bytes)
    body = root.find(w("body")) if _local(root) == "document" else root
    if body is None:
        raise ValueError("no w:body in document.xml")
    out: list[str] = []
    _blocks(body, _GONE[mode], out)
    return out


def accept_all(document_xml_bytes) -> list[str]:
    """Paragraph texts of the body after accepting every change: w:del/w:moveFrom content
    dropped, w:ins/w:moveTo unwrapped, a paragraph whose mark is deleted merged with the next one,
    deleted table rows dropped. Tables give their cells' paragraphs in document order;
    w:tab is "\\t", w:br / w:cr are "\\n"; field codes, drawings and text boxes give nothing.

    Word's semantics where LibreOffice 7.4 differs: a ``w:del`` nested in a ``w:ins`` is dropped
    here, LibreOffice imports only the outer insertion and keeps that text; a page break
    (``w:br w:type="page"``) is "\\n" here, LibreOffice splits the paragraph there."""
    return _read(document_xml_bytes, "accept")


def reject_all(document_xml_bytes) -> list[str]:
    """Paragraph texts of the body after rejecting every change: w:ins/w:moveTo content dropped,
    w:delText read as text, a paragraph whose mark is inserted merged with the next one, inserted
    table rows dropped. Same conventions as accept_all."""
    return _read(document_xml_bytes, "reject")
