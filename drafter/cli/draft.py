"""The draft command: the Word documents of a draft, written into a folder."""

from __future__ import annotations

import click

from ..errors import DraftProblems
from . import main
from .common import edition_option, needing_text, param_option, route_option


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
@click.option("--allow-problems", is_flag=True,
              help="Exit 0 even when the draft breaks a hard limit or leaves a broken reference.")
@route_option
@param_option
@edition_option
def draft(options: tuple[str, ...], out_dir: str, scope: str, author: str | None, date: str | None, force: bool,
          compare: bool, allow_problems: bool, route: str | None, params: dict[str, str], edition: str | None) -> None:
    """Write redline.docx, amended.docx, amending-act.docx, synoptic.docx and report.json.

    OPTIONs are ids or template files: at most one alternative (A1-A4) with
    the add-ons it admits, or several alternatives with --compare. With no
    option, the folder gets the current text (a redline without revisions).

    \b
    Exit status: 0 when written and sound; 3 when written, but the draft
    breaks a hard limit (Articles 155, 158) or leaves a broken reference,
    one line each on stderr (0 with --allow-problems); 1 when nothing
    was written.
    """
    from ..draft import draft as write_draft  # here, not at start-up: it loads python-docx and lxml

    names = needing_text(options)
    if options and not names:
        return
    result = write_draft(names, out_dir, scope=scope, author=author, date=date, force=force,
                         compare=compare, params=params, edition=edition, route=route)
    for path in result.files:
        click.echo(str(path))
    if result.problems and not allow_problems:
        raise DraftProblems(list(result.problems))
    for problem in result.problems:
        click.echo(f"drafter: allowed: {problem}", err=True)
