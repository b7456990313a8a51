"""Commands about options and templates: list, check, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import main
from .common import edition_option, param_option

# The library is imported inside each command, so that `drafter --help` and the commands that
# do not need them never load python-docx, lxml or jsonschema.


@main.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_(fmt: str) -> None:
    """List the options: kind, summary and the provisions each touches."""
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


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="TEMPLATE...")
@click.option("--quiet", "-q", is_flag=True, help="Print problems only.")
def check(files: tuple[Path, ...], quiet: bool) -> None:
    """Check templates: schema, applicability to the edition, conflicts between them."""
    from ..options import check_templates

    results = check_templates(list(files))
    failed = False
    for result in results:
        for warning in result.warnings:
            click.echo(f"drafter: warning: {warning}", err=True)
        if result.problems:
            failed = True
            for problem in result.problems:
                click.echo(f"drafter: {problem}", err=True)
        elif not quiet:
            n = len(result.amendment.changes)
            click.echo(f"ok: {result.name} ({n} change{'s' if n != 1 else ''})")
    if failed:
        sys.exit(1)


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
    """Show the amended provisions as a word diff: drafter diff nakhchivan-level."""
    from ..amend import apply_options
    from ..worddiff import DELETE, EQUAL, INSERT
    from ..view import change_diffs

    amendment = apply_options(list(options), edition, params)
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
