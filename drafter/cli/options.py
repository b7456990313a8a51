"""Commands about options and templates: list, check, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..options import check_templates, listing
from ..schemas import schema as load_schema
from . import main


@main.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_(fmt: str) -> None:
    """List the options: kind, summary and the provisions each touches."""
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
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print problems only.")
def check(files: tuple[Path, ...], quiet: bool) -> None:
    """Check templates: schema, applicability to the edition, conflicts between them."""
    results = check_templates(list(files))
    failed = False
    for result in results:
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
    click.echo(json.dumps(load_schema(name), indent=2))
