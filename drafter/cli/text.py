"""Commands that read the constitution: show, toc, import."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import DrafterError, Problem
from . import main
from .common import edition_option


@main.command()
@click.argument("citation", required=False)
@edition_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--errata", is_flag=True, help="List the edition's corrections and known defects instead.")
def show(citation: str | None, edition: str | None, fmt: str, errata: bool) -> None:
    """Print a provision as it stands, e.g. drafter show "Article 144, part I"."""
    from ..address import Address, resolve  # here, not at start-up: --help needs none of it
    from ..load import load_edition, load_edition_errata
    from ..view import errata_lines, kept_errata, provision_json

    if errata:
        entries = load_edition_errata(edition)
        if fmt == "json":
            click.echo(json.dumps([e.__dict__ for e in entries], indent=1, ensure_ascii=False))
        else:
            click.echo("\n".join(errata_lines(entries)))
        return
    if not citation:
        raise click.UsageError("give a citation, e.g. drafter show \"Article 144\" (or --errata)")
    constitution = load_edition(edition)
    nodes = resolve(constitution, Address.parse(citation))
    errata = load_edition_errata(edition)
    if fmt == "json":
        data = [{**provision_json(constitution, n), "kept_errata": kept_errata(errata, n)} for n in nodes]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=1, ensure_ascii=False))
    else:
        click.echo("\n\n".join("\n".join([_printed(n), *kept_errata(errata, n)]) for n in nodes))


def _printed(node) -> str:
    """A provision as printed, under its citation when its own words do not say where it is (a part,
    an item): "Article 144, part I" above "I. The following matters ..."."""
    from ..address import citation_of
    from ..view import provision_text

    text = provision_text(node)
    return f"{citation_of(node.eid)}\n{text}" if node.kind in ("part", "item", "paragraph") else text


@main.command()
@edition_option
@click.option("--chapter", metavar="NUM", help="Only this chapter (e.g. IX).")
@click.option("--depth", type=click.Choice(["article", "part", "item"]), default="article", show_default=True,
              help="How deep the outline goes.")
def toc(edition: str | None, chapter: str | None, depth: str) -> None:
    """Print the outline: citations and headings."""
    from ..address import find
    from ..load import load_edition
    from ..view import outline

    constitution = load_edition(edition)
    within = find(constitution, f"Chapter {chapter}") if chapter else None
    click.echo("\n".join(outline(constitution, within, depth)))


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--edition", "edition", required=True, metavar="ID", help="Id of the edition to create.")
@click.option("--errata", "errata_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Errata to apply (default: the edition folder's errata.yaml, if any).")
@click.option("--into", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of editions (default: the project's constitution/).")
@click.option("--force", is_flag=True, help="Replace an existing edition file.")
def import_(source: Path, edition: str, errata_file: Path | None, into: Path | None, force: bool) -> None:
    """Turn a plain-text constitution into a structured edition."""
    from ..fileio import read_data
    from ..errata import load_errata
    from ..importer import import_text
    from ..load import edition_dir, save_edition

    folder = edition_dir(edition, into)
    errata_file = errata_file or (folder / "errata.yaml")
    errata = load_errata(errata_file) if errata_file.is_file() else []
    meta = {}
    meta_file = folder / "edition.yaml"
    if meta_file.is_file():
        meta = read_data(meta_file, "edition metadata") or {}
        if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
            raise DrafterError(Problem("expected a mapping of title, source, translation, as_revised to text",
                                       file=str(meta_file)))
    constitution = import_text(source, edition, errata=errata, title=meta.get("title"),
                               translation=meta.get("translation", ""), as_revised=meta.get("as_revised", ""),
                               origin=meta.get("source"))
    path = save_edition(constitution, into, force=force)
    n = len(constitution.articles())
    click.echo(f"{path}: {n} articles, {len([e for e in errata if e.action != 'keep'])} corrections applied")
