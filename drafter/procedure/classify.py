"""Each change of a draft as a revision of the text in force or an addition to it.

The Constitution says how it may be changed. For the embedded edition:
Chapter XI (Articles 152-155) adopts changes to the existing text by
referendum only; Chapter XII (Articles 156-158) lets the Milli Majlis adopt
additions, new provisions, as Constitutional Laws. The English translation
calls the Chapter XII instruments "amendments" and blurs the two (the
Azerbaijani original says additions, "əlavələr"), so drafter follows the
structure of each change, not the English word:

- a **revision** changes a provision of the text in force: words substituted,
  a provision reworded, repealed, or renumbered;
- an **addition** puts a new provision (item, part, article, chapter) into
  the text; changes to provisions the same draft inserts belong to it too.

Each classified change also carries what the limits read: the articles and
chapters it touches, the chapters its new words cite, and the provisions it
derogates from (`derogation`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..address import citation_of, parse_all, practised, resolve
from ..amend import Amendment, Change
from ..errors import DrafterError
from ..model import Constitution, Provision
from .derogation import Derogated, derogations
from .places import chapter_num, touched
from .rules import Rules

REVISION, ADDITION = "revision", "addition"


@dataclass(frozen=True)
class Classified:
    """A change with its class and the provisions it touches (article and chapter numbers)."""

    change: Change
    cls: str
    provision: str  # citation: the base numbering for a revision, the new numbering for an addition
    articles: tuple[str, ...]
    chapters: tuple[str, ...]
    mentions: tuple[tuple[str, str], ...] = ()  # (citation, chapter) its new words cite
    derogates: tuple[Derogated, ...] = ()


_CITES = re.compile(r"\b(?:Articles?\s+\d+(?:-\d+)*(?:\s*(?:,|and|or|-|–)\s*\d+(?:-\d+)*)*|Chapters?\s+[IVXLC]+(?:-\d+)?)\b")


def _mentions(node: Provision, text: Constitution) -> tuple[tuple[str, str], ...]:
    """The citations in the words of a new provision, each with a chapter number of what it names."""
    found: list[tuple[str, str]] = []
    for d in node.walk():
        for words in (d.heading, d.text):
            for m in _CITES.finditer(words or ""):
                try:
                    addresses = parse_all(m.group(0))
                except DrafterError:
                    continue
                for address in addresses:
                    if not all(e in text for e in practised(text, address).eids):
                        continue  # a provision the draft adds: resolving would say, for nobody, what is near
                    try:
                        provisions = resolve(text, address)
                    except DrafterError:
                        continue
                    for chapter in dict.fromkeys(chapter_num(text, p.eid) for p in provisions):
                        entry = (address.citation, chapter or "")
                        if chapter and entry not in found:
                            found.append(entry)
    return tuple(found)


def classify(amendment: Amendment, rules: Rules | None = None) -> list[Classified]:
    """Every change of an amendment as a revision of the text in force or an addition to it.

    With `rules`, each change also carries the provisions it derogates from
    (see `derogations`); a declared provision that does not exist raises.
    """
    out = []
    for change in amendment.changes:
        if change.kind == "insert" or change.base_eid is None:
            text, eid, node = amendment.amended, change.eid, change.after
            arts, chs = touched(text, eid, node, deep=False)
            out.append(Classified(change, ADDITION, citation_of(eid), arts, chs,
                                  _mentions(node, amendment.base) if node is not None else ()))
            continue
        eid = change.base_eid
        node = amendment.base.get(eid) or change.before
        # Substituted words and a new wording of a provision's own text touch that provision only;
        # a repeal, or a new wording that replaces the children, touches everything under it.
        deep = change.kind == "repeal" or (change.kind == "replace" and change.before is not None
                                           and change.after is not None
                                           and change.before.children != change.after.children)
        arts, chs = touched(amendment.base, eid, node, deep)
        out.append(Classified(change, REVISION, citation_of(eid), arts, chs))
    if rules is not None:
        found = derogations(amendment, rules)
        out = [replace(c, derogates=found.get(id(c.change), ())) for c in out]
    return out
