"""The amending act: the change list stated in the fixed formulas of the Azerbaijani referendum acts.

One numbered point per article (or chapter, preamble, transitional
provisions) in the order of the text; several changes to one article become
sub-points 3.1., 3.2. Within an article the act first changes the existing
text (cited by its current numbers), then renumbers, then adds new
provisions (cited by their new numbers), so every sentence reads correctly
at its place in the sequence. Formulas:

- replace: "Part II of Article 144 shall read as follows:" + quoted text
- substitute: 'In the second sentence of part II of Article 144, the words
  "nine" shall be replaced by the words "eleven".' All the substitutions of
  one provision's words are stated together from its old and new wording
  (`wording.instructions`): whole words quoted, names never cut, changes a few
  words apart joined; words only added are 'after the words "X", the words
  "Y" shall be added', words only dropped 'the words "X" shall be deleted'.
  Where that would be long or unclear, the provision (or heading) is given
  its new wording: "Part II of Article 144 shall read as follows:".
- insert: "Article 144 shall be supplemented with part III as follows:",
  "The following Article 139-1 shall be added after Article 139:",
  "The following Chapter VIII-1 shall be added after Chapter VIII:"
- renumber: "Parts II and III of Article 7 shall be considered parts III and
  IV respectively."
- repeal: "Part III of Article 145 shall be repealed."

A change inside a provision that the act inserts or rewords is stated by
quoting that provision's final text (see `changes.absorbed_by`).
"""

from __future__ import annotations

from collections.abc import Collection

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from lxml import etree

from ..address import Address
from ..amend import Amendment, Change
from ..model import Constitution, Provision, num_key
from . import layout, wording, wordml
from .blocks import Block, Pair, provision_blocks
from .changes import Effect
from .plan import Plan, plan_of

ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
           "eleventh", "twelfth")
OPEN, CLOSE = "\u201c", "\u201d"

ACT_HEADING = "Act of the Republic of Azerbaijan"
ACT_TITLE = "On amendments to the Constitution of the Republic of Azerbaijan"
ENACTING = "The following amendments shall be made to the Constitution of the Republic of Azerbaijan:"


# ---- citations as an act writes them ------------------------------------------------------

def phrase(eid: str) -> str:
    """ "item 4 of part I of Article 144": a provision named from the inside out."""
    out = []
    for kind, num in reversed(Address.from_eid(eid).steps):
        if kind == "preamble":
            out.append("the Preamble")
        elif kind == "transitional":
            out.append("the Transitional Provisions")
        elif kind == "section":
            out.append(f"the {ORDINAL[int(num) - 1].capitalize()} Part")
        elif kind in ("article", "chapter"):
            out.append(f"{kind.capitalize()} {num}")
        else:
            out.append(f"{kind} {num}")
    return " of ".join(out)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _ordinal(n: int) -> str:
    return ORDINAL[n - 1] if 0 < n <= len(ORDINAL) else f"{n}th"


sentences = wording.sentences


def _words(text: str) -> str:
    if re.fullmatch(r"[\d\s.,-]+", text):
        return "the figure" if re.fullmatch(r"\d", text.strip()) else "the figures"
    return "the word" if len(text.split()) == 1 else "the words"


# ---- statements --------------------------------------------------------------------------

@dataclass
class Statement:
    """One sub-point: a formula, perhaps followed by quoted text."""

    group: str  # the article (chapter, preamble, ...) the point is about
    order: tuple  # place within the point
    text: str
    quote: list[Block] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    appended: tuple[str, str] | None = None  # (container, kind) of a part or item added at the end


def _group_of(constitution: Constitution, eid: str) -> str:
    node = constitution.get(eid)
    if node is None:
        return eid
    for p in [node] + constitution.ancestors(eid):
        if p.kind == "article":
            return p.eid
    for p in [node] + constitution.ancestors(eid):
        if p.kind in ("chapter", "preamble", "transitional"):
            return p.eid
    return eid


def quoted(node: Provision) -> list[Block]:
    """The paragraphs of a provision as the act quotes it: its printed blocks, numbers and words."""
    return list(provision_blocks(node))


#: Above this many instructions for one provision's words, or quotes longer than this share of its
#: wording, the act states the provision in its new wording instead.
MAX_INSTRUCTIONS = 3
MAX_QUOTED = 0.6


def _words_statements(group: list[Effect], amendment: Amendment) -> list[tuple[str, list[Block]]]:
    """The changes of words to one provision's text (or heading), as the act states them: whole words
    quoted, neighbouring changes joined, or the provision (heading) in its new wording."""
    first = group[0]
    fieldname = first.change.detail.get("field", "text")
    base_node = amendment.base.get(first.base_eid)
    final = amendment.amended.get(first.final_eid) if first.final_eid else None
    before = getattr(base_node, fieldname) or ""
    after = (getattr(final, fieldname) if final is not None else getattr(group[-1].change.after, fieldname)) or ""
    where = phrase(first.base_eid)
    found = wording.instructions(before, after)
    length = sum(len(x.old) + len(x.new) for x in found or ())
    clear = found is not None and len(found) <= MAX_INSTRUCTIONS and length <= MAX_QUOTED * (len(before) + len(after))
    if not clear and final is not None:
        if fieldname == "heading":
            return [(f"The heading of {where} shall read as follows:",
                     [Block(final.eid, final.kind, "heading", "", "", final.heading or "", "ActQuote")])]
        if not base_node.children and not final.children:
            return [(f"{_cap(where)} shall read as follows:", _as_numbered(final, base_node))]
    if found is None:  # a provision with children: its whole wording replaced, in words
        found = [wording.Instruction("replace", before, after, None, None)]
    return [(_words_instruction(x, where, fieldname), []) for x in found]


def _words_instruction(x: "wording.Instruction", where: str, fieldname: str) -> str:
    """ 'In the second sentence of part II of Article 144, the word "nine" shall be replaced by the word "eleven".' """
    if fieldname == "heading":
        place = f"In the heading of {where}"
    elif x.sentence is not None:
        place = f"In the {_ordinal(x.sentence)} sentence of {where}"
    else:
        place = f"In {where}"
    which = ""
    if x.nth is not None:
        pronoun = "it occurs" if _words(x.old) in ("the word", "the figure") else "they occur"
        which = f" (where {pronoun} for the {_ordinal(x.nth)} time)"
    old = f"{_words(x.old)} {OPEN}{x.old}{CLOSE}{which}"
    if x.form in ("after", "before"):
        return f"{place}, {x.form} {old}, {_words(x.new)} {OPEN}{x.new}{CLOSE} shall be added."
    if x.form == "delete":
        return f"{place}, {old} shall be deleted."
    return f"{place}, {old} shall be replaced by {_words(x.new)} {OPEN}{x.new}{CLOSE}."


def _replace(e: Effect, amendment: Amendment) -> tuple[str, list[Block]]:
    before = amendment.base.get(e.base_eid) if e.base_eid else e.change.before
    after = amendment.amended.get(e.final_eid) if e.final_eid else e.change.after
    where = phrase(e.base_eid or e.final_eid)
    if before is not None and after is not None and before.heading != after.heading and \
            before.text == after.text and [c.eid for c in before.children] == [c.eid for c in after.children]:
        return f"The heading of {where} shall read as follows:", [Block(after.eid, after.kind, "heading", "", "",
                                                                         after.heading or "", "ActQuote")]
    return f"{_cap(where)} shall read as follows:", _as_numbered(after, before)


def _as_numbered(after: Provision | None, before: Provision | None) -> list[Block]:
    """The new wording quoted under the number the provision has where the act states it (its
    number in the edition: a renumbering is stated after the changes of words)."""
    if after is None:
        return []
    if before is not None and before.num != after.num:
        after = dataclasses.replace(after, num=before.num)
    return quoted(after)


_SEQUENCES: dict[tuple[int, str], tuple[Constitution, list[str], dict[str, int]]] = {}


def _sequence(constitution: Constitution, kind: str) -> tuple[list[str], dict[str, int]]:
    """The eIds of every article (or chapter) in order, and each one's place: walked once per text."""
    key = (id(constitution), kind)
    cached = _SEQUENCES.get(key)
    if cached is None or cached[0] is not constitution:
        eids = [p.eid for p in constitution.walk() if p.kind == kind]
        cached = (constitution, eids, {eid: n for n, eid in enumerate(eids)})
        for stale in [k for k, v in _SEQUENCES.items() if v[0] is not constitution]:
            del _SEQUENCES[stale]  # one text at a time: never keep an old one alive
        _SEQUENCES[key] = cached
    return cached[1], cached[2]


def _insert(e: Effect, amendment: Amendment, middle: bool) -> tuple[str, list[Block]]:
    """The formula for an insertion; `middle`: it went before provisions that were renumbered for it."""
    amended = amendment.amended
    node = amended.get(e.final_eid)
    name = phrase(node.eid).split(" of ")[0]
    if node.kind in ("article", "chapter"):
        same, where = _sequence(amended, node.kind)
        k = where[node.eid]
        if k > 0:
            place = f"after {phrase(same[k - 1])}"
        elif k + 1 < len(same):
            place = f"before {phrase(same[k + 1])}"
        else:
            place = f"to {phrase(amended.parent_of(node.eid).eid)}"
        return f"The following {name} shall be added {place}:", quoted(node)
    container = amended.parent_of(node.eid)
    siblings = [k for k in container.children if k.kind == node.kind]
    k = siblings.index(node)
    owner = _cap(phrase(container.eid))
    if node.kind == "paragraph":
        return f"{owner} shall be supplemented with a new paragraph as follows:", quoted(node)
    if middle and k + 1 < len(siblings):
        after = f" after {node.kind} {siblings[k - 1].num}" if k > 0 else f" before {node.kind} {siblings[k + 1].num}"
        return f"{owner} shall be supplemented with a new {name}{after} as follows:", quoted(node)
    return f"{owner} shall be supplemented with {name} as follows:", quoted(node)


def _num_value(kind: str, num: str) -> tuple[int, ...]:
    try:
        return num_key(kind, num)
    except ValueError:
        return (10_000,)


def _renumbering(group: list[Effect], amendment: Amendment) -> str:
    """ "Parts II and III of Article 7 shall be considered parts III and IV respectively." """
    moves = {}
    for e in group:
        old = amendment.base.get(e.base_eid)
        new = amendment.amended.get(amendment.renumbered.get(e.base_eid, e.final_eid))
        if old is not None and new is not None:
            moves[old.eid] = (old, new)
    pairs = sorted(moves.values(), key=lambda p: _num_value(p[0].kind, p[0].num))
    kind = pairs[0][0].kind
    container = amendment.base.parent_of(pairs[0][0].eid)
    olds, news = [p[0].num for p in pairs], [p[1].num for p in pairs]
    plural = "s" if len(pairs) > 1 else ""
    tail = " respectively" if len(pairs) > 1 else ""
    return (f"{_cap(kind)}{plural} {_and(olds)} of {phrase(container.eid)} shall be considered "
            f"{kind}{plural} {_and(news)}{tail}.")


def statements(amendment: Amendment, only: Collection[Change] | None = None, *,
               plan: Plan | None = None) -> list[list[Statement]]:
    """The act's points in the order of the text, each a list of sub-points.

    With `only`, the points stating those changes (one instrument of a draft
    that needs two, see `render_act`). `plan`: the amendment's plan, which
    keeps them once made.
    """
    return (plan or plan_of(amendment)).statements(only)


def plan_statements(plan: Plan, only: Collection[Change] | None = None) -> list[list[Statement]]:
    """`statements` made from a plan's effects and whole-text alignment (`Plan.statements` keeps them)."""
    amendment = plan.amendment
    effs = plan.effects
    absorbed = plan.absorbed
    position = _positions(plan.whole_pairs)
    # The edits that renumber: an insertion made by one of them goes in the middle of its container.
    renumbering = {(x.author, x.change.edit) for x in effs if x.kind == "renumber"}
    out: list[Statement] = []
    renumbers: dict[str, list[Effect]] = {}
    worded: dict[tuple[str, str], list[Effect]] = {}  # (base eId, field) -> its substitutions
    for e in effs:
        if e.index in absorbed:
            continue
        kind = e.kind
        if kind == "renumber":
            if e.base_eid is None:
                continue
            container = amendment.base.parent_of(e.base_eid)
            renumbers.setdefault(container.eid, []).append(e)
            continue
        if kind == "insert":
            if e.final_eid is None:
                continue  # inserted, then repealed by the same draft: nothing to state
            middle = (e.author, e.change.edit) in renumbering
            text, quote = _insert(e, amendment, middle)
            group = _group_of(amendment.amended, e.final_eid)
            node = amendment.amended.get(e.final_eid)
            if node.kind in ("article", "chapter"):
                group = node.eid
            appended = None if middle or node.kind in ("article", "chapter", "paragraph") else \
                (amendment.amended.parent_of(node.eid).eid, node.kind)
            out.append(Statement(group, (2, position.get(("new", e.final_eid), 0)), text, quote, [e], appended))
            continue
        if e.base_eid is None:
            continue  # a change to a provision this draft inserts is stated by quoting it
        group = _group_of(amendment.base, e.base_eid)
        at = (0, position.get(("old", e.base_eid), 0), e.index)
        if kind == "substitute":
            worded.setdefault((e.base_eid, e.change.detail.get("field", "text")), []).append(e)
        elif kind == "replace":
            text, quote = _replace(e, amendment)
            out.append(Statement(group, at, text, quote, [e]))
        elif kind == "repeal":
            out.append(Statement(group, at, f"{_cap(phrase(e.base_eid))} shall be repealed.", [], [e]))
    for (base_eid, _), group in worded.items():
        at = (0, position.get(("old", base_eid), 0), group[0].index)
        for k, (text, quote) in enumerate(_words_statements(group, amendment)):
            out.append(Statement(_group_of(amendment.base, base_eid), at + (k,), text, quote, list(group)))
    for container, group in renumbers.items():
        where = _group_of(amendment.base, container)
        first = min(position.get(("old", e.base_eid), 0) for e in group)
        # Innermost first: items of part I are renumbered while part I still has its number.
        depth = len(amendment.base.ancestors(container))
        out.append(Statement(where, (1, -depth, first), _renumbering(group, amendment), [], group))
    holder: dict[int, Statement] = {}  # change index -> the first statement stating it
    for s in out:
        for x in s.effects:
            holder.setdefault(x.index, s)
    for e in effs:  # an absorbed change is stated with the statement that absorbs it
        if e.index in absorbed and absorbed[e.index] in holder:
            s = holder[absorbed[e.index]]
            s.effects.append(e)
            holder.setdefault(e.index, s)
    if only is not None:
        wanted = {id(c) for c in only}
        out = [s for s in out if id(s.effects[0].change) in wanted]
    points: dict[str, list[Statement]] = {}
    for s in out:
        points.setdefault(s.group, []).append(s)
    for group, subs in points.items():
        subs.sort(key=lambda s: s.order)
        points[group] = _join_appended(subs, amendment)

    def where(group: str) -> int:
        return min(position.get(("new", group), position.get(("old", group), 10**9)),
                   position.get(("old", group), 10**9))

    return [points[g] for g in sorted(points, key=lambda g: (where(g), g))]


def _join_appended(subs: list[Statement], amendment: Amendment) -> list[Statement]:
    """Parts (items) added one after another at the end of one provision become one sentence:
    "Article 21 shall be supplemented with parts III and IV as follows:"."""
    out: list[Statement] = []
    run: list[Statement] = []
    for s in subs + [None]:
        if s is not None and s.appended and run and run[-1].appended == s.appended:
            run.append(s)
            continue
        if len(run) > 1:
            container, kind = run[0].appended
            nums = [amendment.amended.get(e.final_eid).num for r in run for e in r.effects[:1]]
            text = f"{_cap(phrase(container))} shall be supplemented with {kind}s {_and(nums)} as follows:"
            out.append(Statement(run[0].group, run[0].order, text, [q for r in run for q in r.quote],
                                 [e for r in run for e in r.effects], run[0].appended))
        else:
            out.extend(run)
        run = [s] if s is not None and s.appended else []
        if s is not None and not s.appended:
            out.append(s)
    return out


def _positions(pairs: list[Pair]) -> dict[tuple[str, str], int]:
    """("old"|"new", eId) -> index in the walk of base and amended text together (document order)."""
    out: dict[tuple[str, str], int] = {}
    for i, pair in enumerate(pairs):
        if pair.base is not None:
            out.setdefault(("old", pair.base.eid), i)
            for eid in pair.base.starts:
                out.setdefault(("old", eid), i)
        if pair.amended is not None:
            out.setdefault(("new", pair.amended.eid), i)
            for eid in pair.amended.starts:
                out.setdefault(("new", eid), i)
    return out


# ---- the document --------------------------------------------------------------------------

@dataclass(frozen=True)
class ActFrame:
    """What stands around the points of one instrument, in the form of the Azerbaijani acts.

    `kind` ("Act of the Referendum of the Republic of Azerbaijan"), `heading`
    ("On amendments to the Constitution ..."), `authority` (who enacts it under
    which articles), `formula` (the sentence before the points),
    `entry_into_force` and `signatory` (the closing block). `changes`: the
    changes the instrument carries (None: all of the draft's).
    """

    kind: str
    heading: str
    formula: str
    authority: str | None = None
    entry_into_force: str | None = None
    signatory: str | None = None
    changes: Collection[Change] | None = None


#: A bare act (title and points only), for an edition without procedure rules.
BARE = ActFrame(ACT_HEADING, ACT_TITLE, ENACTING)

#: The blanks the closing block leaves to fill: place, date, number.
BLANKS = ("____________________ (place)", "____ ____________ 20__ (date)", "No. ________")


@layout.uncollected
def render_act(amendment: Amendment, *, date: dt.datetime, author: str | None = None,
               frame: ActFrame = BARE, plan: Plan | None = None) -> bytes:
    """One instrument as .docx bytes: its kind and heading, enacting authority and legal basis, the
    numbered points, the entry into force and the closing block; nothing else on its pages. `plan`:
    the amendment's plan (one is made when not given)."""
    from .document import _authors, option_names

    names = option_names(amendment)
    meta = layout.Meta(title=f"Draft: {frame.kind}, {frame.heading}", subject=f"Options: {names}",
                       author=author or _authors(amendment), header=f"DRAFT \u2014 {names} \u2014 amending act",
                       date=date, keywords=", ".join(amendment.options),
                       description=f"Generated by drafter from edition {amendment.base.edition.id}")
    doc = layout.new_document(meta)
    layout.append_body(doc, _instrument(plan or plan_of(amendment), frame))
    return layout.to_bytes(doc, date)


def _instrument(plan: Plan, frame: ActFrame) -> list:
    """One act: kind, heading, authority, formula, numbered points, entry into force, closing block."""
    body: list = []
    heading = wordml.text_paragraph(frame.kind, "ActHeading")
    body.append(heading)
    title = wordml.text_paragraph(frame.heading, "ActTitle")
    body.append(title)
    points = plan.statements(frame.changes)
    if frame.authority:
        body.append(_sentence(frame.authority))
    if not points:
        body.append(_sentence("The options given change no provision of the Constitution."))
    else:
        body.append(_sentence(frame.formula))
    for n, subs in enumerate(points, start=1):
        if len(subs) == 1:
            body.extend(_point(f"{n}.", subs[0].text, subs[0].quote, "ActPoint"))
            continue
        body.append(wordml.text_paragraph(f"{n}.\t{_lead(subs[0].group)}", "ActPoint", keep_next=True))
        for k, s in enumerate(subs, start=1):
            body.extend(_point(f"{n}.{k}.", s.text, s.quote, "ActSubpoint"))
    if frame.entry_into_force:
        body.append(_sentence(frame.entry_into_force))
    if frame.signatory:
        body.extend(_closing(frame.signatory))
    return body


def _sentence(text: str) -> etree._Element:
    p = wordml.text_paragraph(text, "Normal", first_line=layout.HANG)
    return p


def _closing(signatory: str) -> list:
    """The signature line of `signatory`, then the place, date and number left blank, kept together."""
    sign = wordml.text_paragraph(f"{signatory}\t____________________", "ActSignature", keep_next=True)
    out = [sign]
    for k, blank in enumerate(BLANKS):
        out.append(wordml.text_paragraph(blank, "ActClosing", keep_next=k + 1 < len(BLANKS)))
    return out


def _lead(group: str) -> str:
    return f"The following amendments shall be made to {phrase(group)}:"


def _point(number: str, text: str, quote: list[Block], style: str) -> list:
    p = wordml.text_paragraph(f"{number}\t{text}", style, keep_next=bool(quote))
    out = [p]
    indent = (2 * layout.HANG + 227) if style == "ActSubpoint" else layout.HANG
    depth = min((b.left or 0) - (b.hanging or 0) for b in quote) if quote else 0
    for k, block in enumerate(quote):
        left = indent + (block.left or 0) - (block.hanging or 0) - depth
        hanging = block.hanging
        q = wordml.paragraph("ActQuote", left=left + (hanging or 0), hanging=hanging,
                             keep_next=k + 1 < len(quote) and k < 2)
        words = block.text
        if k == 0:
            words = OPEN + words
        if k == len(quote) - 1:
            words = words + CLOSE + "."
        q.append(wordml.run(words, props=wordml.rpr(bold=True) if block.role == "title" else None))
        out.append(q)
    return out
