"""Commands about options and templates: list, check, schema."""

from __future__ import annotations

import json
import sys

import click

from ..errors import DrafterError
from . import main
from .common import edition_option, needing_text, param_option, selected_amendment

# The library is imported inside each command, so that `drafter --help` and the commands that
# do not need them never load python-docx, lxml or jsonschema.


@main.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_(fmt: str) -> None:
    """List the options: kind, summary, the provisions each touches, the add-ons each
    alternative admits and the alternatives each add-on requires."""
    from ..options import listing

    rows = listing()
    if fmt == "json":
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    for row in rows:
        label = f"{row['code']} " if row["code"] else ""
        click.echo(f"{row['id']:<24} {label}{row['kind']}: {row['title']}")
        if not row["needs_text"]:
            click.echo(f"{'':<24} needs no constitutional text: {row['summary']}")
        elif row.get("error"):
            click.echo(f"{'':<24} template does not apply: {row['error']}")
        elif row["template"] is None:
            click.echo(f"{'':<24} no template yet")
        else:
            click.echo(f"{'':<24} touches {', '.join(row['touches'])}")
            if "admits" in row:
                click.echo(f"{'':<24} admits {', '.join(row['admits']) or 'no add-on'}")
            for need in row.get("requires", ()):
                click.echo(f"{'':<24} requires {_or(need)}")


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


@main.command()
@click.argument("options", nargs=-1, required=True, metavar="OPTION...")
@click.option("--quiet", "-q", is_flag=True, help="Print problems only.")
@param_option
def check(options: tuple[str, ...], quiet: bool, params: dict[str, str]) -> None:
    """Check templates (ids or files): schema, applicability to the edition, hard limits,
    ballot questions, references, conflicts between them."""
    from ..options import check_templates

    names = needing_text(options)
    results = check_templates(names, params=params) if names else []
    problems = [problem for result in results for problem in result.problems]
    for result in results:
        for warning in result.warnings:
            click.echo(f"drafter: warning: {warning}", err=True)
        for note in () if quiet else result.notes:
            click.echo(f"drafter: note: {note}", err=True)
        if not result.problems and not quiet:
            n = len(result.amendment.changes)
            click.echo(f"ok: {result.name} ({n} change{'s' if n != 1 else ''})")
    if problems:
        raise DrafterError(problems)


@main.command()
@click.argument("name", type=click.Choice(["template", "constitution"]), default="template")
def schema(name: str) -> None:
    """Print the JSON Schema of templates (or of edition files) for editors."""
    from ..schemas import schema as load_schema

    click.echo(json.dumps(load_schema(name), indent=2))


@main.command()
@click.argument("options", nargs=-1, required=True, metavar="OPTION...")
@param_option
@edition_option
@click.option("--color/--no-color", default=None, help="Colour the diff (default: when writing to a terminal).")
def diff(options: tuple[str, ...], params: dict[str, str], edition: str | None, color: bool | None) -> None:
    """Show the amended provisions as a word diff: drafter diff nakhchivan-level.

    Add-ons given without an alternative are applied beside the first one
    they admit, and only their own changes are shown.
    """
    from ..worddiff import DELETE, EQUAL, INSERT
    from ..view import change_diffs

    amendment = selected_amendment(options, edition, params)
    if amendment is None:
        return
    colour = sys.stdout.isatty() if color is None else color
    styles = {DELETE: dict(fg="red", strikethrough=True), INSERT: dict(fg="green", underline=True)}
    marks = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}")}
    for entry in change_diffs(amendment):
        click.echo(click.style(entry["heading"], bold=True) if colour else entry["heading"])
        text = []
        for op, piece in entry["pieces"]:
            if op == EQUAL:
                text.append(piece)
            elif colour:
                text.append(click.style(piece, **styles[op]))
            else:
                text.append(marks[op][0] + piece + marks[op][1])
        click.echo("".join(text), color=colour)
        click.echo(click.style(f"why: {entry['rationale']}", dim=True) if colour else f"why: {entry['rationale']}")
        click.echo("")
