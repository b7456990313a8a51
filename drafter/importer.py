"""Plain-text constitution -> structured `Constitution`, with the edition's errata applied.

The plain-text form is the one the Constitute Project publishes (and anyone
can produce from another translation): one block a line, blank lines between
blocks, headings "FIRST PART. ...", "CHAPTER I. ...", "Article 1. ...", parts
"I. ...", items "1.text" or "1. text", unnumbered paragraphs as plain lines.
Web-page artifacts (lines reading just "Share") are dropped. Anything the
parser cannot place is an error with its line number: a defective source is
corrected through the errata file, never silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .address import Address
from .errors import DrafterError, Problem
from .errata import Erratum
from .fileio import decode_utf8, read_limited
from .model import ORDINALS, Constitution, Edition, Provision, article_sort_key, from_roman, make_eid, to_roman

ARTIFACT_LINES = {"Share"}

#: A constitution in plain text is well under a megabyte; a source this large is something else.
MAX_SOURCE_BYTES = 32_000_000

_SECTION = re.compile(rf"^({'|'.join(ORDINALS)}) PART\.\s+(.+)$")
_CHAPTER = re.compile(r"^CHAPTER ([IVXLC]+)\.\s+(.+)$")
_ARTICLE = re.compile(r"^Article (\d+(?:-\d+)*)\.\s+(.+)$")
_PART = re.compile(r"^([IVXLC]+)\.\s+(.+)$")
_ITEM = re.compile(r"^(\d+)\.\s*(\S.*)$")
_PREAMBLE = re.compile(r"^Preamble$")
_TRANSITIONAL = re.compile(r"^TRANSITIONAL PROVISIONS$")


@dataclass
class _Draft:
    """A provision under construction (mutable while parsing, frozen at the end)."""

    kind: str
    num: str | None
    heading: str | None = None
    text: str | None = None
    line: int = 0
    children: list["_Draft"] = field(default_factory=list)

    def freeze(self, parent_eid: str | None) -> Provision:
        eid = make_eid(parent_eid, self.kind, self.num)
        kids = tuple(c.freeze(eid) for c in self.children)
        return Provision(self.kind, eid, self.num, self.heading, self.text, kids)

    def add_paragraph(self, text: str, line: int) -> None:
        if self.text is None and not self.children:
            self.text = text
        else:
            n = sum(1 for c in self.children if c.kind == "paragraph") + 1
            self.children.append(_Draft("paragraph", str(n), text=text, line=line))


def parse_text(text: str, source_name: str = "source") -> tuple[str, list[Provision]]:
    """The title line and the top-level provisions of a plain-text constitution."""
    lines = text.split("\n")
    problems: list[Problem] = []

    def fail(lineno: int, message: str) -> None:
        problems.append(Problem(message, file=source_name, line=lineno))

    title = ""
    top: list[_Draft] = []
    section = chapter = article = part = item = container = None
    last_article_num: str | None = None
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line in ARTIFACT_LINES:
            continue
        if any(ord(c) < 32 for c in line):
            fail(lineno, "control character in text")
            continue
        if not title and not top:
            if _PREAMBLE.match(line) or _SECTION.match(line) or _CHAPTER.match(line) or _ARTICLE.match(line):
                pass
            else:
                title = line
                continue
        if m := _PREAMBLE.match(line):
            container = _Draft("preamble", None, line=lineno)
            top.append(container)
            section = chapter = article = part = item = None
        elif m := _SECTION.match(line):
            section = _Draft("section", str(ORDINALS.index(m.group(1)) + 1), heading=m.group(2), line=lineno)
            top.append(section)
            chapter = article = part = item = container = None
        elif m := _CHAPTER.match(line):
            chapter = _Draft("chapter", m.group(1), heading=m.group(2), line=lineno)
            (section.children if section else top).append(chapter)
            article = part = item = container = None
        elif m := _ARTICLE.match(line):
            num = m.group(1)
            if chapter is None:
                fail(lineno, f"Article {num} comes before any chapter")
                continue
            if last_article_num is not None and article_sort_key(num) <= article_sort_key(last_article_num):
                fail(lineno, f"Article {num} follows Article {last_article_num}: article numbers must increase")
            last_article_num = num
            article = _Draft("article", num, heading=m.group(2), line=lineno)
            chapter.children.append(article)
            part = item = None
            container = article
        elif m := _TRANSITIONAL.match(line):
            container = _Draft("transitional", None, line=lineno)
            top.append(container)
            section = chapter = article = part = item = None
        elif article is not None and (m := _PART.match(line)) and _is_roman(m.group(1)):
            expected = to_roman(len([c for c in article.children if c.kind == "part"]) + 1)
            if m.group(1) != expected:
                fail(lineno, f"Article {article.num}: part {m.group(1)} where part {expected} was expected")
            part = _Draft("part", m.group(1), text=m.group(2), line=lineno)
            article.children.append(part)
            item = None
            container = part
        elif container is not None and (m := _ITEM.match(line)):
            owner = part or article or container
            expected = str(len([c for c in owner.children if c.kind == "item"]) + 1)
            if m.group(1) != expected:
                where = _where(article, part) or "Transitional Provisions"
                fail(lineno, f"{where}: item {m.group(1)} where item {expected} was expected")
            item = _Draft("item", m.group(1), text=m.group(2), line=lineno)
            owner.children.append(item)
        elif container is not None:
            # An unnumbered paragraph: in the transitional provisions it
            # continues the provision above it; in an article it belongs to
            # the part (items end with ";" and the paragraph closes the part).
            if container.kind == "transitional" and item is not None:
                item.add_paragraph(line, lineno)
            else:
                (part or article or container).add_paragraph(line, lineno)
        else:
            fail(lineno, f"text outside any article: {line[:60]!r}")
    if not any(d.kind == "article" for d in _walk(top)):
        # Nothing looked like a constitution: say so, and show the first line that did not fit,
        # not a line for every line of the file.
        raise DrafterError([Problem("no articles found: is this a constitution in plain text "
                                    "('Article 1. Title' lines)?", file=source_name, line=1)] + problems[:1])
    if problems:
        raise DrafterError(problems[:20])
    return title, [d.freeze(None) for d in top]


def _walk(drafts: list[_Draft]):
    for d in drafts:
        yield d
        yield from _walk(d.children)


def _is_roman(s: str) -> bool:
    try:
        return to_roman(from_roman(s)) == s
    except ValueError:
        return False


def _where(article: _Draft | None, part: _Draft | None) -> str:
    if article is None:
        return ""
    return Address((("article", article.num),) + ((("part", part.num),) if part else ())).citation


# ---- errata -----------------------------------------------------------------

def apply_errata(body: list[Provision], errata: list[Erratum], source_name: str) -> list[Provision]:
    """`body` with each correction applied; an erratum that does not apply is an error."""
    problems = []
    for e in errata:
        if e.action == "keep":
            continue
        try:
            eid = Address.parse(e.target).eid
        except DrafterError as exc:
            problems.append(Problem(f"erratum {e.id}: {exc}", file=source_name))
            continue
        body, ok, why = _apply_one(body, eid, e)
        if not ok:
            problems.append(Problem(f"erratum {e.id} ({e.target}) does not apply: {why}", file=source_name))
    if problems:
        raise DrafterError(problems)
    return body


def _apply_one(nodes: list[Provision], eid: str, e: Erratum) -> tuple[list[Provision], bool, str]:
    out, done, why = [], False, f"no provision {eid}"
    for node in nodes:
        if node.eid == eid:
            if e.action == "delete":
                done, why = True, ""
                continue
            value = getattr(node, e.field) or ""
            count = value.count(e.find)
            if count != 1:
                out.append(node)
                why = f"{e.find!r} occurs {count} times in its {e.field}"
                continue
            out.append(replace(node, **{e.field: value.replace(e.find, e.replace)}))
            done, why = True, ""
        elif eid.startswith(node.eid + "__") or (node.kind in ("section", "chapter", "preamble", "transitional")):
            kids, ok, sub_why = _apply_one(list(node.children), eid, e)
            if ok:
                done, why = True, ""
                node = node.with_children(tuple(kids))
            elif why.startswith("no provision") and not sub_why.startswith("no provision"):
                why = sub_why
            out.append(node)
        else:
            out.append(node)
    return out, done, why


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_text(source: Path, edition_id: str, *, errata: list[Erratum] | None = None,
                title: str | None = None, translation: str = "", as_revised: str = "",
                origin: str | None = None) -> Constitution:
    """The structured constitution read from a plain-text `source`, errata applied."""
    data = read_limited(source, MAX_SOURCE_BYTES, "a constitution in plain text")
    if data[:2] == b"PK":
        raise DrafterError(Problem("not a plain-text file (a zip archive: a .docx? save it as UTF-8 plain text)",
                                   file=str(source)))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise DrafterError(Problem("not a plain-text file (binary content)", file=str(source)))
    text = decode_utf8(data, str(source))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source_title, body = parse_text(text, str(source))
    body = apply_errata(body, errata or [], str(source))
    edition = Edition(
        id=edition_id,
        title=title or source_title or edition_id,
        source=origin or source.name,
        translation=translation,
        as_revised=as_revised,
        sha256=sha256_of(data),
    )
    return Constitution(edition, tuple(body))

