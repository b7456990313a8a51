"""The `procedure` command: how a draft is adopted, and what bars it."""

from __future__ import annotations

import json

import click

from ..errors import DrafterError
from . import main
from .common import edition_option, needing_text, param_option


@main.command("procedure")
@click.argument("options", nargs=-1, required=True, metavar="OPTION...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@edition_option
@param_option
def procedure_(options: tuple[str, ...], fmt: str, edition: str | None, params: dict[str, str]) -> None:
    """Print how OPTIONS (ids or template files) can be adopted.

    Each change is a revision of the text in force (referendum, Chapter XI)
    or an addition (Constitutional Law, Chapter XII). The report gives the
    instrument(s) needed, who initiates them, the votes and the timetable,
    and every limit met, each with the article that sets it.

    \b
    Exit status: 0 when the draft can be adopted (warnings may remain),
    1 when a hard limit bars it (e.g. Article 155 or 158; the report is
    still printed) or on any other error, 2 on wrong usage.

    Add-ons given without an alternative are applied beside the first one
    they admit, and the route of their own changes is given.
    """
    from ..options import select
    from ..procedure import procedure_for, summary_lines, to_json

    names = needing_text(options)
    if not names:
        return
    selection = select(names, edition, params)
    if selection.beside:
        click.echo(f"drafter: {selection.beside}", err=True)
    proc = procedure_for(selection.amendment)
    if fmt == "json":
        click.echo(json.dumps(to_json(proc), indent=1, ensure_ascii=False))
    else:
        click.echo("\n".join(summary_lines(proc)))
    if proc.hard:
        raise DrafterError([lim.problem() for lim in proc.hard])
