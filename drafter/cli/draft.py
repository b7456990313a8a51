"""The draft command: the Word documents of a draft, written into a folder."""

from __future__ import annotations

import click

from . import main
from .common import edition_option, param_option


@main.command()
@click.argument("options", nargs=-1, metavar="[OPTION]...")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(),  # a str: "" is refused, not "."
              help="Folder to write into (created if needed).")
@click.option("--scope", type=click.Choice(["affected", "full"]), default="affected", show_default=True,
              help="The chapters the options touch, or the whole constitution.")
@click.option("--author", metavar="NAME", help="Author of every revision and comment (default: each option's id).")
@click.option("--date", metavar="ISO-DATE", help="Date of the revisions (default: SOURCE_DATE_EPOCH, else now).")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option("--compare", is_flag=True, help="Draft the alternatives among the options side by side.")
@param_option
@edition_option
def draft(options: tuple[str, ...], out_dir: str, scope: str, author: str | None, date: str | None, force: bool,
          compare: bool, params: dict[str, str], edition: str | None) -> None:
    """Write redline.docx, amended.docx, amending-act.docx, synoptic.docx and report.json.

    With no option, the folder gets the current text (a redline without revisions).
    """
    from ..draft import draft as write_draft  # here, not at start-up: it loads python-docx and lxml

    result = write_draft(list(options), out_dir, scope=scope, author=author, date=date, force=force,
                         compare=compare, params=params, edition=edition)
    for path in result.files:
        click.echo(str(path))
