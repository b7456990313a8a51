"""The review command: a reviewed redline read back into templates."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import main


@main.command()
@click.argument("reviewed", type=click.Path(path_type=Path))
@click.option("--draft", "draft_dir", required=True, type=click.Path(path_type=Path),
              help="The folder drafter draft wrote (report.json, redline.docx).")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the updated templates, the reviewer's template and review.json.")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def review(reviewed: Path, draft_dir: Path, out_dir: Path, force: bool, fmt: str) -> None:
    """Read REVIEWED.docx (a reviewed copy of the draft's redline) back into templates.

    Every change of the draft is accepted, rejected, pending or modified; the
    reviewer's own tracked edits become a template that applies after the
    options; comments are mapped to provisions.
    """
    from ..review import review as read_review, summary  # here: it loads lxml and python-docx

    result = read_review(reviewed, draft_dir, out_dir, force=force)
    if fmt == "json":
        click.echo(json.dumps(result.report, indent=1, ensure_ascii=False))
    else:
        for line in summary(result.report):
            click.echo(line)
        for path in result.files:
            click.echo(f"wrote {path}")
