"""The synoptic table: current text | proposed text | rationale, one row per changed provision.

The rows are the plan's (`drafter.plan.table`): the changes that the act
states, each with the changes it absorbs, grouped by the provision they
concern (the renumbering of several provisions of one article is one row).
Differences are marked with plain formatting, not revisions: deleted words
struck through, new words bold (underlining whole new provisions made them
hard to read).
With several alternatives (``--compare``) there is one proposed column per
alternative, each marking its own differences against the current text.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ..address import citation_of
from ..amend import Amendment
from ..model import Constitution, Provision, from_roman
from ..plan import Plan
from ..plan.blocks import Block, align, provision_blocks
from ..plan.changes import Attribution
from ..plan.table import Entry, Row, rows
from . import layout, wordml
from .document import authors, option_names
from ..worddiff import DELETE, EQUAL, INSERT, diff_words

WHAT = {"substitute": "words replaced", "replace": "reworded", "insert": "new", "repeal": "repealed",
        "renumber": "renumbered"}


def _own_or_whole(node: Provision, whole: bool) -> list[Block]:
    blocks = list(provision_blocks(node))
    return blocks if whole else [b for b in blocks if b.eid == node.eid]


def _row_blocks(constitution: Constitution, eids: list[str], whole: bool) -> list[Block]:
    out: list[Block] = []
    for eid in eids:
        node = constitution.get(eid)
        if node is not None:
            out.extend(_own_or_whole(node, whole))
    return out


def _pieces(b: Block | None, a: Block | None, who: Attribution) -> list[tuple[int, str]]:
    """The words of a block pair as (op, text), deleted words DELETE, new ones INSERT (as the redline has them)."""
    if a is None:
        return [(DELETE, _flat(b.text))]
    if b is None:
        return [(INSERT, _flat(a.text))]
    if b.sep == a.sep:
        out = diff_words(b.label, a.label)
        if a.sep:
            out.append((EQUAL, " "))
        return out + [(op, text) for op, text, _ in who.words_diff(a.eid, b.eid, a.role, b.body, a.body)]
    return diff_words(_flat(b.text), _flat(a.text))


def _flat(text: str) -> str:
    return text.replace("\t", " ")


# ---- cells ----------------------------------------------------------------------------------

def _para(pieces: list[tuple[int, str]], *, show: tuple[int, ...], bold: bool = False) -> etree._Element:
    p = wordml.paragraph("TableText")
    for op, text in pieces:
        if op not in show or not text:
            continue
        props = wordml.rpr(bold=bold or op == INSERT, strike=op == DELETE)
        p.append(wordml.run(text, props=props))
    return p


def _note(text: str) -> etree._Element:
    p = wordml.paragraph("TableText")
    p.append(wordml.run(text, props=wordml.rpr(italic=True, color="595959")))
    return p


def _current(row: Row, entry: Entry, base: Constitution, marked: bool) -> list[etree._Element]:
    eids = list(dict.fromkeys(b for en in row.entries.values() for b in en.base_eids))
    blocks = _row_blocks(base, eids, row.whole)
    if not blocks:
        return [_note("(new provision)")]
    if not marked:
        return [_para([(EQUAL, _flat(b.text))], show=(EQUAL,), bold=b.role == "title") for b in blocks]
    amended = _row_blocks(entry.amendment.amended, entry.final_eids, row.whole)
    out = []
    for pair in align(blocks, amended, entry.amendment.renumbered):
        if pair.base is not None:
            out.append(_para(_pieces(pair.base, pair.amended, entry.who), show=(EQUAL, DELETE),
                             bold=pair.base.role == "title"))
    return out


def _proposed(row: Row, entry: Entry | None, base: Constitution, compare: bool) -> list[etree._Element]:
    if entry is None:
        return [_note("(no change)")]
    amended = _row_blocks(entry.amendment.amended, entry.final_eids, row.whole)
    if not amended:
        return [_note("(repealed)")]
    blocks = _row_blocks(base, entry.base_eids, row.whole)
    show = (EQUAL, DELETE, INSERT) if compare else (EQUAL, INSERT)
    out = []
    for pair in align(blocks, amended, entry.amendment.renumbered):
        if pair.amended is not None or compare:
            role = (pair.amended or pair.base).role
            out.append(_para(_pieces(pair.base, pair.amended, entry.who), show=show,
                             bold=role == "title"))
    return out


def _provision(row: Row) -> list[etree._Element]:
    entry = next(iter(row.entries.values()))
    eids = entry.base_eids or entry.final_eids
    if row.key.startswith("renumber:"):
        container = row.key.split(":", 1)[1]
        nums = sorted((e.split("_")[-1] for e in entry.base_eids), key=_number_order)
        kind = entry.base_eids[0].rsplit("__", 1)[1].split("_")[0]
        cite = f"{citation_of(container)}, {kind}s {', '.join(nums)}" if len(nums) > 1 else citation_of(eids[0])
    else:
        cite = citation_of(eids[0]) if eids else row.key
    p = wordml.paragraph("TableText")
    p.append(wordml.run(cite, props=wordml.rpr(bold=True)))
    kinds: list[str] = []
    moves: dict[str, str] = {}  # edition number -> "V \u2192 VII": the edition's number and the final one, never a chain
    for en in row.entries.values():
        for e in en.effects:
            if e.kind == "renumber":
                old = en.amendment.base.get(e.base_eid) if e.base_eid else None
                new = en.amendment.amended.get(e.final_eid) if e.final_eid else None
                if old is not None and new is not None and old.num != new.num:
                    moves.setdefault(old.num, f"{old.num} \u2192 {new.num}")
                continue
            if WHAT[e.kind] not in kinds:
                kinds.append(WHAT[e.kind])
    if moves:
        kinds.append("renumbered " + ", ".join(moves[k] for k in sorted(moves, key=_number_order)))
    out = [p]
    if kinds:
        out.append(_note("; ".join(kinds)))
    return out


def _number_order(num: str) -> tuple[int, ...]:
    """A part's or item's number in the order of the text: II before IV, 2 before 10."""
    try:
        return (from_roman(num),)
    except ValueError:
        return tuple(int(x) for x in num.split("-") if x.isdigit())


def _rationale(row: Row) -> list[etree._Element]:
    out, seen = [], set()
    for entry in row.entries.values():
        for e in entry.effects:
            if (e.author, e.edit) in seen:
                continue
            seen.add((e.author, e.edit))
            p = wordml.paragraph("TableText")
            p.append(wordml.run(f"{e.option} {e.author}, edit {e.edit}: ".lstrip(), props=wordml.rpr(bold=True)))
            p.append(wordml.run(" ".join(e.change.rationale.split())))
            out.append(p)
    return out


# ---- the document --------------------------------------------------------------------------

@layout.uncollected
def render_synoptic(alternatives: list[Amendment], *, date: dt.datetime, author: str | None = None,
                    labels: list[str] | None = None, addons: str | None = None,
                    plans: list[Plan] | None = None) -> bytes:
    """The synoptic table as .docx bytes: one amendment, or one proposed column per alternative
    (`labels` name the columns, `addons` the options every alternative was drafted with, `plans` the
    alternatives' plans, made when not given)."""
    if not alternatives:
        raise ValueError("render_synoptic needs at least one amendment")
    compare = len(alternatives) > 1
    labels = labels or [option_names(a) for a in alternatives]
    base = alternatives[0].base
    names = "; ".join(labels)
    meta = layout.Meta(title="Synoptic table of draft amendments to the Constitution of the Republic of Azerbaijan",
                       subject=f"Options: {names}", author=author or authors(alternatives[0]),
                       header=f"DRAFT \u2014 {names} \u2014 synoptic table", date=date,
                       keywords=", ".join(dict.fromkeys(o for a in alternatives for o in a.options)),
                       description=f"Generated by drafter from edition {base.edition.id}")
    doc = layout.new_document(meta, landscape=True)
    body: list[etree._Element] = []
    body.append(wordml.text_paragraph("Synoptic table", "ActHeading"))
    title = wordml.paragraph("ActTitle")
    title.append(wordml.run("Draft amendments to the Constitution of the Republic of Azerbaijan"
                            + (f": alternatives {', '.join(labels)}" if compare else f": {labels[0]}")
                            + (f", each with {addons}" if compare and addons else "")))
    body.append(title)
    legend = wordml.text_paragraph("Deleted words are ", "TableText")
    legend.append(wordml.run("struck through", props=wordml.rpr(strike=True)))
    legend.append(wordml.run("; new words are "))
    legend.append(wordml.run("bold", props=wordml.rpr(bold=True)))
    legend.append(wordml.run("." + (" Each proposed column shows one alternative, with the add-ons given, marked against "
                                    "the current text." if compare else "")))
    body.append(legend)
    body.append(_table(alternatives, labels, compare, plans))
    body.append(wordml.text_paragraph(f"Current text: {base.edition.title}. {base.edition.translation}", "Note"))
    layout.append_body(doc, body)
    return layout.to_bytes(doc, date)


def _table(alternatives: list[Amendment], labels: list[str], compare: bool,
           plans: list[Plan] | None) -> etree._Element:
    width = layout.text_width(landscape=True)
    first, last = (1700, 2600) if compare else (1900, 3270)
    n = len(alternatives)
    middle = (width - first - last) // (n + 1)
    widths = [first, middle] + [middle] * n + [width - first - last - middle * (n + 1) + last]
    tbl = wordml.table(widths, look={"val": "04A0", "firstRow": "1", "lastRow": "0", "firstColumn": "1",
                                     "lastColumn": "0", "noHBand": "0", "noVBand": "1"})
    heads = ["Provision", "Current text"]
    heads += [f"Proposed text: {label}" for label in labels] if compare else ["Proposed text"]
    heads.append("Rationale")
    tr = wordml.table_row(tbl, header=True)
    for w, text in zip(widths, heads):
        p = wordml.text_paragraph(text, "TableHeading")
        tr.append(wordml.table_cell(w, [p], shade="D9D9D9"))
    base = alternatives[0].base
    table_rows = rows(alternatives, plans)
    if not table_rows:
        tr = wordml.table_row(tbl)
        for w, k in zip(widths, range(len(widths))):
            tr.append(wordml.table_cell(w, [_note("No provision is changed.")] if k == 0 else []))
    for row in table_rows:
        tr = wordml.table_row(tbl)
        first_entry = next(iter(row.entries.values()))
        tr.append(wordml.table_cell(widths[0], _provision(row)))
        tr.append(wordml.table_cell(widths[1], _current(row, first_entry, base, marked=not compare)))
        proposed = [_proposed(row, row.entries.get(k), base, compare) for k in range(n)]
        shown = {b"".join(etree.tostring(p) for p in cell) for cell in proposed}
        if compare and len(shown) == 1 and len(row.entries) == n:  # an add-on: the same in every alternative
            tr.append(wordml.table_cell(sum(widths[2:2 + n]), proposed[0] + [_note("(the same in every alternative)")],
                                        span=n))
        else:
            for k in range(n):
                tr.append(wordml.table_cell(widths[2 + k], proposed[k]))
        tr.append(wordml.table_cell(widths[-1], _rationale(row)))
    return tbl
