"""The `procedure` command: how a draft is adopted, and what bars it."""

from __future__ import annotations

import json

import click

from ..errors import DrafterError
from . import main
from .common import edition_option, param_option, route_option, selected_amendment


@main.command("procedure")
@click.argument("options", nargs=-1, required=True, metavar="OPTION...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@route_option
@edition_option
@param_option
def procedure_(options: tuple[str, ...], fmt: str, route: str | None, edition: str | None,
               params: dict[str, str]) -> None:
    """Print how OPTIONS (ids or template files) can be adopted.

    A draft that changes existing text goes as one Referendum Act carrying
    its additions too; a draft of additions only may go by Constitutional
    Law or by referendum, and the report says which routes are open, which
    it recommends and why. It gives the instrument, who initiates it, the
    votes and the steps, and every limit met, each with its article.

    \b
    Exit status: 0 when the draft can be adopted (warnings may remain),
    1 when a hard limit bars it on its route (e.g. Article 155, 158, or
    152 or 156 V for --route constitutional-law; the report is still
    printed) or on any other error, 2 on wrong usage.

    Add-ons given without an alternative are applied beside the first one
    they admit, and the route of their own changes is given.
    """
    from ..procedure import procedure_for, summary_lines, to_json

    amendment = selected_amendment(options, edition, params)
    if amendment is None:
        return
    proc = procedure_for(amendment, route=route)
    if fmt == "json":
        click.echo(json.dumps(to_json(proc), indent=1, ensure_ascii=False))
    else:
        click.echo("\n".join(summary_lines(proc)))
    if proc.hard:
        raise DrafterError([lim.problem() for lim in proc.hard])
