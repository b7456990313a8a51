"""The page a lawyer expects: styles, page set-up, header and footer, core properties, stable bytes.

Every document starts from `new_document` (python-docx's default package
with our own style sheet in place of its Calibri-and-blue one, set up once
per process and opened again for each document) and ends in `to_bytes`,
which zips python-docx's parts once with every timestamp fixed, so that the
same inputs and date give the same file.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import io
import zipfile
from dataclasses import dataclass
from typing import Callable

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import Part
from docx.opc.spec import default_content_types
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from . import wordml

FONT = "Times New Roman"

#: A4 in twips, and margins: portrait for the texts, landscape for the table.
A4 = (11906, 16838)
PORTRAIT_MARGINS = {"top": 1134, "bottom": 1134, "left": 1701, "right": 1134}
LANDSCAPE_MARGINS = {"top": 1134, "bottom": 1134, "left": 1134, "right": 1134}

#: Indentation of numbered provisions: each level hangs its number in this much space (twips).
HANG = 567

STYLES = f"""<w:styles {nsdecls('w')}>
 <w:docDefaults>
  <w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
   <w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
 </w:docDefaults>
 <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
  <w:pPr><w:widowControl/><w:jc w:val="both"/></w:pPr></w:style>
 <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>
  <w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
 <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>
  <w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>
  <w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>
  <w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
 <w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/>
  <w:semiHidden/><w:unhideWhenUsed/></w:style>
 <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
  <w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="240"/><w:jc w:val="center"/></w:pPr>
  <w:rPr><w:b/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr>
  <w:rPr><w:i/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="480" w:after="240"/>
  <w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="240"/>
  <w:jc w:val="center"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>
  <w:jc w:val="left"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="Part"><w:name w:val="Part"/><w:basedOn w:val="Normal"/>
  <w:qFormat/><w:pPr><w:ind w:left="{HANG}" w:hanging="{HANG}"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="Item"><w:name w:val="Item"/><w:basedOn w:val="Normal"/>
  <w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="{2 * HANG}" w:hanging="{HANG}"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ProvisionText"><w:name w:val="Provision Text"/>
  <w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="{HANG}"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="Preamble"><w:name w:val="Preamble"/>
  <w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLine="{HANG}"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:spacing w:before="480" w:after="0"/><w:jc w:val="left"/></w:pPr>
  <w:rPr><w:i/><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ActHeading"><w:name w:val="Act Heading"/>
  <w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="120"/>
  <w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ActTitle"><w:name w:val="Act Title"/>
  <w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:after="360"/><w:jc w:val="center"/></w:pPr>
  <w:rPr><w:b/></w:rPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ActPoint"><w:name w:val="Act Point"/>
  <w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="120"/>
  <w:ind w:left="{HANG}" w:hanging="{HANG}"/><w:jc w:val="left"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ActSubpoint"><w:name w:val="Act Subpoint"/>
  <w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="{2 * HANG + 227}" w:hanging="{HANG + 227}"/><w:jc w:val="left"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ActQuote"><w:name w:val="Act Quote"/>
  <w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="{2 * HANG + 227}"/><w:jc w:val="left"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ActClosing"><w:name w:val="Act Closing"/>
  <w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:pos="{A4[0] - PORTRAIT_MARGINS['left'] - PORTRAIT_MARGINS['right']}"/></w:tabs>
  <w:spacing w:before="0" w:after="0"/><w:jc w:val="left"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="ActSignature"><w:name w:val="Act Signature"/>
  <w:basedOn w:val="ActClosing"/><w:pPr><w:spacing w:before="720" w:after="240"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="Procedure"><w:name w:val="Procedure"/>
  <w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="20" w:after="20"/><w:jc w:val="left"/></w:pPr>
  <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/>
  <w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>
  <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:customStyle="1" w:styleId="TableHeading"><w:name w:val="Table Heading"/>
  <w:basedOn w:val="TableText"/><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0"/>
  <w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:spacing w:after="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
 <w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>
  <w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
 <w:style w:type="character" w:customStyle="1" w:styleId="CrossReference"><w:name w:val="Cross Reference"/>
  <w:basedOn w:val="DefaultParagraphFont"/></w:style>
 <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>
  <w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>
  <w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>
  <w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>
  <w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"""


def uncollected(write: Callable[..., bytes]) -> Callable[..., bytes]:
    """`write` (a writer returning a document's bytes) run with Python's cyclic garbage collector paused,
    then the young objects collected once.

    A writer makes hundreds of thousands of small objects (elements, runs, segments) that live until
    the document is written and form no cycles; the collector's passes over them, and over the
    edition and plans alive beside them, grew faster than the text (a fifth of a draft at 100x). The
    one cycle is python-docx's package (parts and package refer to each other), which holds the
    document's whole element tree: collecting the young generation as the writer returns frees it at
    once, instead of at the next full collection (peak memory at 100x: 635 MB before, 540 MB after).
    """
    @functools.wraps(write)
    def paused(*args, **kwargs) -> bytes:
        if not gc.isenabled():
            return write(*args, **kwargs)
        gc.disable()
        try:
            return write(*args, **kwargs)
        finally:
            gc.enable()
            gc.collect(0)
    return paused


@dataclass(frozen=True)
class Meta:
    """What the header and the core properties say about a document."""

    title: str
    subject: str
    author: str
    header: str
    date: dt.datetime
    keywords: str = ""
    description: str = ""


def new_document(meta: Meta, *, landscape: bool = False, track_revisions: bool = False) -> Document:
    """An empty document with our styles, A4 page, header text, page numbers and core properties.

    Each is opened from one prototype package (`_prototype`), set up once per process: what differs
    between documents (orientation, header text, revision tracking, core properties) is set here.
    """
    doc = docx.Document(io.BytesIO(_prototype()))
    if landscape:
        _landscape(doc)
    header = doc.part.part_related_by(RT.HEADER).element.find(qn("w:p"))
    header.append(wordml.run(meta.header))
    if track_revisions:
        wordml.insert_ordered(doc.settings.element, wordml.el("w:trackRevisions"), SETTINGS_ORDER)
    _core(doc, meta)
    return doc


@functools.cache
def _prototype() -> bytes:
    """python-docx's default package made ours, saved: our style sheet in place of its Calibri-and-blue
    one, an empty body on a portrait A4 page, the header's style, the footer's page numbers, our settings.

    Made once per process: opening these bytes costs a fraction of setting up python-docx's template
    again for every document.
    """
    doc = docx.Document()
    _trim_package(doc)
    styles = doc.styles.element
    for child in list(styles):
        styles.remove(child)
    for child in parse_xml(STYLES):
        styles.append(child)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _page(doc, landscape=False)
    _header_footer(doc)
    _settings(doc)
    raw = io.BytesIO()
    doc.save(raw)
    return raw.getvalue()


def _trim_package(doc: Document) -> None:
    """Drop what python-docx's template carries that is not ours: a thumbnail, stale style copies, its
    extended properties (replaced by ours, under the same relationship id and in the same place)."""
    package = doc.part.package
    pkg_rels = list(package.rels.values())
    package.rels.clear()
    for rel in pkg_rels:
        if rel.reltype == RT.THUMBNAIL:
            continue
        target = rel.target_part
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            target = Part(target.partname, target.content_type, _APP_XML, package)
        package.load_rel(rel.reltype, target, rel.rId)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            doc.part.rels.pop(rid)


_APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            b"<Application>drafter</Application></Properties>")


def _page(doc: Document, landscape: bool) -> None:
    sect = doc.element.body.find(qn("w:sectPr"))
    for child in list(sect):
        sect.remove(child)
    for name in list(sect.attrib):
        del sect.attrib[name]
    _page_setup(sect, landscape)


def _page_setup(sect: etree._Element, landscape: bool) -> None:
    w, h = A4
    size = {"w": h, "h": w, "orient": "landscape"} if landscape else {"w": w, "h": h}
    margins = dict(LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS, header=567, footer=567, gutter=0)
    wordml.sub(sect, "w:pgSz", {k: str(v) for k, v in size.items()})
    wordml.sub(sect, "w:pgMar", {k: str(v) for k, v in margins.items()})
    wordml.sub(sect, "w:cols", {"space": "720"})
    wordml.sub(sect, "w:docGrid", {"linePitch": "360"})


def _landscape(doc: Document) -> None:
    """Turn the prototype's portrait page (see `_page`) on its side, with the table's margins."""
    sect = doc.element.body.find(qn("w:sectPr"))
    fresh = wordml.el("w:sectPr")
    _page_setup(fresh, landscape=True)
    for new in list(fresh):
        old = sect.find(new.tag)
        sect.replace(old, new)


def text_width(landscape: bool = False) -> int:
    """Width between the margins, in twips."""
    w, h = A4
    m = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    return (h if landscape else w) - m["left"] - m["right"]


def _header_footer(doc: Document) -> None:
    """A header of one empty paragraph (`new_document` writes its text) and a footer "Page 1 of 1"."""
    section = doc.sections[0]
    section.header.is_linked_to_previous = False
    _reset_paragraph(doc.part.part_related_by(RT.HEADER).element.find(qn("w:p")), "Header")
    section.footer.is_linked_to_previous = False
    p = doc.part.part_related_by(RT.FOOTER).element.find(qn("w:p"))
    _reset_paragraph(p, "Footer")
    p.append(wordml.run("Page "))
    p.extend(wordml.field("PAGE", "1"))
    p.append(wordml.run(" of "))
    p.extend(wordml.field("NUMPAGES", "1"))


def _reset_paragraph(p: etree._Element, style: str) -> None:
    for child in list(p):
        p.remove(child)
    p.append(wordml.el("w:pPr", None, wordml.el("w:pStyle", {"val": style})))


SETTINGS_ORDER = ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                  "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                  "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
                  "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
                  "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
                  "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
                  "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
                  "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
                  "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop")


def _settings(doc: Document) -> None:
    settings = doc.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.set(qn("w:percent"), "100")
    for name in ("proofState", "rsids", "savePreviewPicture"):
        for e in settings.findall(qn(f"w:{name}")):
            settings.remove(e)


#: The core properties are short text: Word keeps 255 characters of each (python-docx refuses more).
CORE_MAX = 255


def _core(doc: Document, meta: Meta) -> None:
    props = doc.core_properties
    props.title = _short(meta.title)
    props.subject = _short(meta.subject)
    props.author = _short(meta.author)
    props.last_modified_by = _short(meta.author)
    props.keywords = _short(meta.keywords)
    props.comments = _short(meta.description)
    props.category = "Draft constitutional amendment"
    when = meta.date.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    props.created = when
    props.modified = when
    props.revision = 1


def _short(value: str) -> str:
    """`value` as a core property holds it: many options' names joined can run past the limit."""
    return value if len(value) <= CORE_MAX else value[:CORE_MAX - 1] + "\u2026"


def to_bytes(doc: Document, date: dt.datetime) -> bytes:
    """The .docx file, zipped in one pass with every entry stamped `date` (reproducible).

    The entries are python-docx's package as its `save` writes it, in its order: the content types,
    the package relationships, then each part followed by its relationships.
    """
    package = doc.part.package
    parts = list(package.iter_parts())
    stamp = date.astimezone(dt.timezone.utc).timetuple()[:6]
    stamp = (max(stamp[0], 1980),) + tuple(stamp[1:])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        def put(name: str, blob: bytes) -> None:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zf.writestr(entry, blob)

        put(CONTENT_TYPES_URI.membername, _content_types(parts))
        put(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            put(part.partname.membername, part.blob)
            if len(part.rels):
                put(part.partname.rels_uri.membername, part.rels.xml)
    return out.getvalue()


def _content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml`` of `parts` as python-docx writes it: a default for each extension the
    specification gives one, an override for every other part, each sorted."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        ext = part.partname.ext
        if (ext.lower(), part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    types = CT_Types.new()
    for ext in sorted(defaults):
        types.add_default(ext, defaults[ext])
    for name in sorted(overrides):
        types.add_override(name, overrides[name])
    return serialize_part_xml(types)


def comments(doc: Document) -> etree._Element:
    """The ``w:comments`` element of `doc`'s comments part (python-docx adds the part when absent)."""
    doc.comments  # noqa: B018  (python-docx makes the part on first access)
    return doc.part.part_related_by(RT.COMMENTS).element


def append_body(doc: Document, elements: list[etree._Element]) -> None:
    """Add block elements (paragraphs, tables) to the body, before its section properties."""
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    for e in elements:
        sect.addprevious(e)
