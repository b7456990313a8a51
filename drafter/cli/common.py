"""Options several commands share, defined once: --edition, -p NAME=VALUE and --route; options
needing no text."""

from __future__ import annotations

import click

from ..model import DEFAULT_EDITION

edition_option = click.option("--edition", "edition", default=None, metavar="ID",
                              help=f"Edition of the constitution (default: {DEFAULT_EDITION}).")


def _parse_params(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, given = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r}: write -p name=value", ctx=ctx, param=param)
        out[name.strip()] = given
    return out


#: Template parameters from the command line, as a mapping (a usage error, exit 2, if malformed).
param_option = click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                            callback=_parse_params,
                            help="Set a template parameter (e.g. -p region=Karabakh); repeatable.")


#: The adoption route, forced (default: the route the draft needs, or the one recommended).
route_option = click.option("--route", type=click.Choice(["referendum", "constitutional-law"]), default=None,
                            help="Adopt by this route; an error names the article that forbids it.")


def needing_text(options: tuple[str, ...]) -> list[str]:
    """The options that need constitutional text; each that needs none is answered on its own line.

    "drafter draft reconciliation-commission" is a fair question with an
    answer (a commission needs no amendment), not an unknown option.
    """
    from ..options import without_text

    names, lines = without_text(list(options))
    for line in lines:
        click.echo(line)
    return names


def selected_amendment(options: tuple[str, ...], edition: str | None, params: dict[str, str]):
    """The amendment `diff` and `procedure` look at: None when no option needs text (each said so).

    Add-ons given without an alternative are applied beside the first one they admit; the line
    saying so goes to stderr.
    """
    from ..options import select

    names = needing_text(options)
    if not names:
        return None
    selection = select(names, edition, params)
    if selection.beside:
        click.echo(f"drafter: {selection.beside}", err=True)
    return selection.amendment
