"""The amending act read literally: a judge, not library code.

`execute(act_docx, base)` opens a rendered `amending-act.docx` with python-docx,
reads every numbered point or sub-point and the quoted text after it, carries the
instructions out one after another on the current text (its own small tree, built
from the base edition's data, never through the engine) and returns the text as the
act leaves it. `printed(tree)` gives that text as printed lines; compare it with
`printed(tree_of(amended))`.

Only the numbered points and their quotes are read: titles, legal basis, entry into
force, signatures, notes and boxes around them are ignored, and so is a numbered point in
no form below (it is listed in `skipped`: if it was meant as an instruction, the text
differs). An instruction that cannot be carried out exactly as written (a provision not
there, words not found, found only inside a longer word, several occurrences and no
"where it occurs for the n-th time") raises `ActError`.

The forms understood (the quoted words are whole words or expressions):

- 'In [the n-th sentence of] [the heading of] PLACE, the word(s)|figure(s) "X"
  [(where it occurs for the n-th time)] shall be replaced by the word(s) "Y".'
- '... , the word(s) "X" [(where ...)] shall be deleted.'  (with the space before it)
- '... , after|before the word(s) "X" [(where ...)], the word(s) "Y" shall be added.'
  (separated by a space, none before a punctuation mark)
- 'PLACE shall read as follows:' / 'The heading of PLACE shall read as follows:' + quote
- 'PLACE shall be supplemented with part III as follows:', '... with parts III and IV
  as follows:', '... with a new part V after part IV as follows:', '... with a new
  paragraph as follows:', '... with the following sentence:' (appended to its words)
- 'The following Article 45-1 (Chapter VIII-1) shall be added after|before Article 45:'
- 'PLACE shall be repealed.'
- 'Parts V and VI of PLACE shall be considered parts VI and VII respectively.'
- 'The following amendments shall be made to PLACE:' (a lead; no change)
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import docx

OPEN, CLOSE = "\u201c", "\u201d"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth")
SECTIONS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth")


class ActError(Exception):
    """An instruction that cannot be carried out literally."""


class Unreadable(ActError):
    """A numbered point in no form the reader knows: skipped (the frame of the act may number its
    own clauses); if it was an instruction, the text it leaves differs and the comparison says so."""


@dataclass
class Node:
    kind: str
    num: str | None
    heading: str | None = None
    text: str | None = None
    children: list["Node"] = field(default_factory=list)


# ---- the text -------------------------------------------------------------------------

def tree_of(constitution) -> Node:
    """The reader's own tree of a constitution's data (kind, number, heading, words)."""
    def conv(p) -> Node:
        return Node(p.kind, p.num, p.heading, p.text, [conv(k) for k in p.children])
    return Node("root", None, None, None, [conv(p) for p in constitution.body])


def _label(n: Node) -> str:
    if n.kind == "article":
        return f"Article {n.num}"
    if n.kind == "chapter":
        return f"CHAPTER {n.num}"
    return ""


def printed(root: Node) -> list[str]:
    """The text as printed, one line a heading or a provision's own words."""
    out: list[str] = []

    def walk(n: Node) -> None:
        if n.kind in ("article", "chapter"):
            out.append(f"{_label(n)}. {n.heading}" if n.heading else _label(n))
        elif n.kind in ("section", "preamble", "transitional"):
            out.append(f"[{n.kind} {n.num}] {n.heading or ''}")
        if n.text is not None:
            out.append(f"{n.num}.\t{n.text}" if n.kind in ("part", "item") else n.text)
        for k in n.children:
            walk(k)

    for top in root.children:
        walk(top)
    return out


# ---- reading the document -----------------------------------------------------------------

_POINT = re.compile(r"^(\d+\.(?:\d+\.)?)\t(.*)$", re.S)


def instructions(act_docx: bytes) -> list[tuple[str, str, list[str]]]:
    """(number, instruction, quoted lines) of every numbered point and sub-point, in order."""
    out: list[tuple[str, str, list[str]]] = []
    quoting = False
    for p in docx.Document(io.BytesIO(act_docx)).paragraphs:
        text = p.text
        if quoting:
            out[-1][2].append(text)
            if text.endswith(CLOSE + "."):
                quoting = False
            continue
        m = _POINT.match(text)
        if m:
            out.append((m.group(1), m.group(2).strip(), []))
            continue
        if out and out[-1][1].endswith(":") and text.startswith(OPEN) and not out[-1][2]:
            out[-1][2].append(text)
            quoting = not text.endswith(CLOSE + ".")
    for number, instruction, quote in out:
        if quote:
            quote[0] = quote[0][1:]
            quote[-1] = quote[-1][: -2]
    return out


# ---- places ----------------------------------------------------------------------------

def _steps(place: str) -> list[tuple[str, str | None]]:
    """'item 4 of part I of Article 144' -> [(article, 144), (part, I), (item, 4)]."""
    out = []
    for piece in reversed(place.split(" of ")):
        piece = piece.strip()
        if piece.startswith(("The ", "Part ", "Item ")):
            piece = piece[:1].lower() + piece[1:]  # the start of a sentence
        if piece in ("the Preamble", "the preamble"):
            out.append(("preamble", None))
        elif piece in ("the Transitional Provisions", "the transitional provisions"):
            out.append(("transitional", None))
        elif re.fullmatch(r"the (\w+) Part", piece) and piece.split()[1] in SECTIONS:
            out.append(("section", str(SECTIONS.index(piece.split()[1]) + 1)))
        else:
            m = re.fullmatch(r"(Article|Chapter|article|chapter|part|item|Part|Item) (\S+)", piece)
            if not m:
                raise ActError(f"cannot read the place {place!r}")
            out.append((m.group(1).lower(), m.group(2)))
    return out


def _all(root: Node):
    stack = [(root, None)]
    while stack:
        n, parent = stack.pop()
        yield n, parent
        stack.extend((k, n) for k in reversed(n.children))


def _find_top(root: Node, kind: str, num: str | None) -> tuple[Node, Node]:
    found = [(n, parent) for n, parent in _all(root) if n.kind == kind and (num is None or n.num == num)]
    if len(found) != 1:
        raise ActError(f"{kind} {num}: {len(found)} found")
    return found[0]


def locate(root: Node, place: str) -> tuple[Node, Node]:
    """(node, its parent) named by an act's place."""
    steps = _steps(place)
    node, parent = _find_top(root, *steps[0])
    for kind, num in steps[1:]:
        kids = [k for k in node.children if k.kind == kind and k.num == num]
        if len(kids) != 1:
            raise ActError(f"{place!r}: no {kind} {num}")
        parent, node = node, kids[0]
    return node, parent


# ---- quotes back into provisions -----------------------------------------------------------

_TITLE = re.compile(r"^(Article|CHAPTER) (\S+?)(?:\. (.*))?$")
_NUMBERED = re.compile(r"^([IVXLC]+|\d+(?:-\d+)?)\.\t(.*)$", re.S)


def parse_quote(lines: list[str], kind: str, num: str | None) -> Node:
    """The provision a quote states: `kind` and `num` from the instruction, the rest from its lines."""
    top = Node(kind, num)
    stack = [top]  # the open provisions, outermost first
    for k, line in enumerate(lines):
        m = _TITLE.match(line)
        if m and (m.group(1) == "Article" and kind in ("article", "chapter") or m.group(1) == "CHAPTER"):
            akind = "article" if m.group(1) == "Article" else "chapter"
            if k == 0 and akind == kind:
                top.heading = m.group(3)
                continue
            if akind == "article" and kind == "chapter":
                art = Node("article", m.group(2), m.group(3))
                top.children.append(art)
                stack = [top, art]
                continue
        m = _NUMBERED.match(line)
        if m:
            nkind = "part" if re.fullmatch(r"[IVXLC]+", m.group(1)) else "item"
            if k == 0 and nkind == kind:
                top.text = m.group(2)
                continue
            while len(stack) > 1 and not (stack[-1].kind == "article" or nkind == "item" and stack[-1].kind == "part"):
                stack.pop()
            node = Node(nkind, m.group(1), None, m.group(2))
            stack[-1].children.append(node)
            stack.append(node)
            continue
        holder = stack[-1]
        if holder.text is None and not holder.children and holder.kind not in ("chapter",):
            holder.text = line
        else:
            holder.children.append(Node("paragraph", None, None, line))
    return top


# ---- carrying the instructions out ----------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z\u201c\"(])")


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start() - 1] in ".!?":
            out.append((start, m.start()))
            start = m.end()
    out.append((start, len(text)))
    return out


def _whole(words: str) -> re.Pattern:
    """Whole words, as templates/README.md defines them: no letter or digit (nor a hyphen or
    apostrophe joining one) right before or after, on a side that is itself a letter or digit."""
    head = r"(?<!\w)(?<!\w[-'\u2019])" if re.match(r"\w", words) else ""
    tail = r"(?!\w)(?![-'\u2019]\w)" if re.search(r"\w$", words) else ""
    return re.compile(head + re.escape(words) + tail)


def _occurrence(text: str, words: str, nth: int | None, where: str) -> re.Match:
    hits = list(_whole(words).finditer(text))
    if not hits:
        inside = re.search(re.escape(words), text)
        raise ActError(f"{where}: {words!r} is not in {text!r}" + (" as whole words" if inside else ""))
    if nth is None:
        if len(hits) > 1:
            raise ActError(f"{where}: {words!r} occurs {len(hits)} times and the act does not say which")
        return hits[0]
    if nth > len(hits):
        raise ActError(f"{where}: {words!r} does not occur {nth} times")
    return hits[nth - 1]


_WORDS = r"(?:the )?(?:word|words|figure|figures) \u201c(.*?)\u201d(?: \(where (?:it occurs|they occur) for the (\w+) time\))?"
_SUBST = re.compile(r"^In (?:the (\w+) sentence of )?(the heading of )?(.+?), (?:"
                    + _WORDS + r" shall be replaced by (?:the )?(?:word|words|figure|figures) \u201c(.*?)\u201d"
                    r"|" + _WORDS + r" shall be deleted"
                    r"|(after|before) " + _WORDS + r", (?:the )?(?:word|words|figure|figures) \u201c(.*?)\u201d "
                    r"shall be added)\.$", re.S)


def _nth(word: str | None) -> int | None:
    if word is None:
        return None
    if word not in ORDINALS:
        m = re.fullmatch(r"(\d+)th", word)
        if not m:
            raise ActError(f"cannot read the ordinal {word!r}")
        return int(m.group(1))
    return ORDINALS.index(word) + 1


def _words_instruction(root: Node, m: re.Match, where: str) -> None:
    sentence, heading, place = m.group(1), m.group(2), m.group(3)
    node, _ = locate(root, place)
    value = node.heading if heading else node.text
    if value is None:
        raise ActError(f"{where}: {place} has no words")
    a, b = 0, len(value)
    if sentence:
        spans = _sentences(value)
        k = _nth(sentence)
        if k > len(spans):
            raise ActError(f"{where}: {place} has {len(spans)} sentence(s)")
        a, b = spans[k - 1]
    scope = value[a:b]
    if m.group(4) is not None:  # replaced
        hit = _occurrence(scope, m.group(4), _nth(m.group(5)), where)
        scope = scope[:hit.start()] + m.group(6) + scope[hit.end():]
    elif m.group(7) is not None:  # deleted, with the space before it (after it, at the start)
        hit = _occurrence(scope, m.group(7), _nth(m.group(8)), where)
        s, e = hit.start(), hit.end()
        if s > 0 and scope[s - 1] == " ":
            s -= 1
        elif e < len(scope) and scope[e] == " ":
            e += 1
        scope = scope[:s] + scope[e:]
    else:  # added after / before
        side, anchor, nth, words = m.group(9), m.group(10), m.group(11), m.group(12)
        hit = _occurrence(scope, anchor, _nth(nth), where)
        if side == "after":
            sep = "" if re.match(r"[,;:.)\]]", words) else " "
            scope = scope[:hit.end()] + sep + words + scope[hit.end():]
        else:
            scope = scope[:hit.start()] + words + " " + scope[hit.start():]
    value = value[:a] + scope + value[b:]
    if heading:
        node.heading = value
    else:
        node.text = value


def _insert_child(container: Node, node: Node, after: Node | None = None, before: Node | None = None) -> None:
    kids = container.children
    if after is not None:
        kids.insert(kids.index(after) + 1, node)
    elif before is not None:
        kids.insert(kids.index(before), node)
    else:
        same = [k for k in kids if k.kind == node.kind]
        if same:
            kids.insert(kids.index(same[-1]) + 1, node)
        elif node.kind != "paragraph" and any(k.kind == "paragraph" for k in kids):
            kids.insert(next(i for i, k in enumerate(kids) if k.kind == "paragraph"), node)
        else:
            kids.append(node)


def _split_quote(quote: list[str], kind: str, nums: list[str]) -> list[list[str]]:
    """The quote of 'supplemented with parts III and IV' cut at each new provision's first line."""
    starts = []
    for n in nums:
        label = f"{n}.\t"
        at = next((i for i, line in enumerate(quote) if line.startswith(label) and i not in starts
                   and (not starts or i > starts[-1])), None)
        if at is None:
            raise ActError(f"the quote does not hold {kind} {n}")
        starts.append(at)
    if starts[0] != 0:
        raise ActError("the quote does not begin with the first new provision")
    return [quote[a:b] for a, b in zip(starts, starts[1:] + [len(quote)])]


def _plural(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _nums(words: str) -> list[str]:
    return [w for w in re.split(r", | and ", words) if w]


def carry_out(root: Node, number: str, instruction: str, quote: list[str]) -> None:
    """One instruction carried out literally on `root`."""
    where = f"point {number}"
    if re.fullmatch(r"The following amendments shall be made to (.+):", instruction):
        return
    m = _SUBST.match(instruction)
    if m:
        _words_instruction(root, m, where)
        return
    m = re.fullmatch(r"The heading of (.+) shall read as follows:", instruction)
    if m:
        node, _ = locate(root, m.group(1))
        if len(quote) != 1:
            raise ActError(f"{where}: a heading is one line")
        node.heading = quote[0]
        return
    m = re.fullmatch(r"(.+) shall read as follows:", instruction)
    if m:
        node, parent = locate(root, _lower_first(m.group(1)))
        new = parse_quote(quote, node.kind, node.num)
        parent.children[parent.children.index(node)] = new
        return
    m = re.fullmatch(r"(.+) shall be supplemented with the following sentence:", instruction)
    if m:
        node, _ = locate(root, _lower_first(m.group(1)))
        node.text = (node.text + " " if node.text else "") + " ".join(quote)
        return
    m = re.fullmatch(r"(.+) shall be supplemented with a new paragraph as follows:", instruction)
    if m:
        container, _ = locate(root, _lower_first(m.group(1)))
        for line in quote:
            container.children.append(Node("paragraph", None, None, line))
        return
    m = re.fullmatch(r"(.+) shall be supplemented with a new (part|item) (\S+) (after|before) (?:part|item) (\S+) "
                     r"as follows:", instruction)
    if m:
        container, _ = locate(root, _lower_first(m.group(1)))
        kind, num, side, other = m.group(2), m.group(3), m.group(4), m.group(5)
        anchor = next((k for k in container.children if k.kind == kind and k.num == other), None)
        if anchor is None:
            raise ActError(f"{where}: no {kind} {other} in {m.group(1)}")
        if any(k.kind == kind and k.num == num for k in container.children):
            raise ActError(f"{where}: {kind} {num} already exists")
        new = parse_quote(quote, kind, num)
        _insert_child(container, new, **{side: anchor})
        return
    m = re.fullmatch(r"(.+) shall be supplemented with (parts?|items?) (.+?) as follows:", instruction)
    if m:
        container, _ = locate(root, _lower_first(m.group(1)))
        kind, nums = _plural(m.group(2)), _nums(m.group(3))
        for num, lines in zip(nums, _split_quote(quote, kind, nums)):
            if any(k.kind == kind and k.num == num for k in container.children):
                raise ActError(f"{where}: {kind} {num} already exists")
            _insert_child(container, parse_quote(lines, kind, num))
        return
    m = re.fullmatch(r"The following (Article|Chapter) (\S+) shall be added (after|before|to) (.+):", instruction)
    if m:
        kind, num, side, place = m.group(1).lower(), m.group(2), m.group(3), m.group(4)
        new = parse_quote(quote, kind, num)
        anchor, parent = locate(root, place)
        if side == "to":
            _insert_child(anchor, new)
        else:
            _insert_child(parent, new, **{side: anchor})
        return
    m = re.fullmatch(r"(.+) shall be repealed\.", instruction)
    if m:
        node, parent = locate(root, _lower_first(m.group(1)))
        parent.children.remove(node)
        return
    m = re.fullmatch(r"(Parts?|Items?) (.+?) of (.+) shall be considered (?:parts?|items?) (.+?)(?: respectively)?\.",
                     instruction)
    if m:
        kind = _plural(m.group(1).lower())
        container, _ = locate(root, m.group(3))
        olds, news = _nums(m.group(2)), _nums(m.group(4))
        if len(olds) != len(news):
            raise ActError(f"{where}: {len(olds)} numbers become {len(news)}")
        moving = []
        for old in olds:
            found = [k for k in container.children if k.kind == kind and k.num == old]
            if len(found) != 1:
                raise ActError(f"{where}: no {kind} {old} in {m.group(3)}")
            moving.append(found[0])
        for node, new in zip(moving, news):
            node.num = new
        return
    raise Unreadable(f"{where}: cannot read {instruction!r}")


def _lower_first(place: str) -> str:
    return place[:1].lower() + place[1:] if place.startswith(("Part ", "Item ")) else place


def execute(act_docx: bytes, base, skipped: list[str] | None = None) -> Node:
    """The text the act leaves when every instruction is carried out literally on `base`; the
    numbered points read as no instruction are added to `skipped`."""
    root = tree_of(base)
    for number, instruction, quote in instructions(act_docx):
        try:
            carry_out(root, number, instruction, quote)
        except Unreadable as exc:
            if skipped is not None:
                skipped.append(str(exc))
    return root
