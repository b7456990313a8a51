"""Where a provision sits: the numbers of the articles and chapters a change touches.

The limits of the rule file are written in article and chapter numbers
(Article 155 closes the referendum to changes of Chapter III; Article 158
closes the Constitutional Law to changes of Chapters I and XI ...), so a
change is placed by those numbers, in the text it belongs to.
"""

from __future__ import annotations

from ..model import Constitution, Provision


def chapter_num(text: Constitution, eid: str) -> str | None:
    """The number of the chapter a provision is (or is in), or None outside the chapters."""
    node = text.get(eid)
    if node is not None and node.kind == "chapter":
        return node.num
    chapter = text.chapter_of(eid)
    return chapter.num if chapter else None


def touched(text: Constitution, eid: str, node: Provision | None, deep: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Article and chapter numbers a change touches: its own place, and with `deep` everything under it."""
    articles: list[str] = []
    chapters: list[str] = []

    def add(e: str, n: Provision | None) -> None:
        art = n if n is not None and n.kind == "article" else text.article_of(e)
        if art is not None and art.num not in articles:
            articles.append(art.num)
        ch = n.num if n is not None and n.kind == "chapter" else chapter_num(text, e)
        if ch and ch not in chapters:
            chapters.append(ch)

    add(eid, text.get(eid) or node)
    if deep and node is not None:
        for d in node.walk():
            if d.kind in ("article", "chapter"):
                add(d.eid, d)
    return tuple(articles), tuple(chapters)


def place(base: Constitution, eid: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The article and chapter numbers of one provision of the base text (what a derogation departs from)."""
    art = base.article_of(eid)
    node = base.get(eid)
    article = node if node is not None and node.kind == "article" else art
    chapter = chapter_num(base, eid)
    return ((article.num,) if article else ()), ((chapter,) if chapter else ())
