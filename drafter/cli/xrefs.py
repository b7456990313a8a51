"""Commands that check cross-references: xrefs (the constitution's own) and cite (free text)."""

from __future__ import annotations

import json

import click

from ..errors import ReportedProblems
from . import main
from .common import edition_option, needing_text, param_option

fmt_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@main.command()
@click.argument("options", nargs=-1, metavar="[OPTION]...")
@edition_option
@fmt_option
@click.option("--all", "show_all", is_flag=True, help="List every reference, not only the problems.")
@param_option
def xrefs(options: tuple[str, ...], edition: str | None, fmt: str, show_all: bool, params: dict[str, str]) -> None:
    """Check every cross-reference of the constitution, as amended by OPTIONs if any are given.

    Exit status 1 when a reference is broken; the source's known defects are
    listed apart and do not count.
    """
    from ..amend import apply_options
    from ..load import load_edition
    from ..xref import impact_of, xref_report

    names = needing_text(options)
    if options and not names:
        return
    if names:
        amendment = apply_options(names, edition, params)
        report = xref_report(amendment.amended)
        report["impact"] = [r.to_dict() for r in impact_of(amendment)]
    else:
        report = xref_report(load_edition(edition))
    if fmt == "json":
        if not show_all:
            del report["references"]
        click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        click.echo("\n".join(_report_lines(report, show_all)))
    if report["broken"]:
        raise ReportedProblems()


def _report_lines(report: dict, show_all: bool) -> list[str]:
    from ..xref import result_line

    lines = [result_line(r) for r in (report["references"] if show_all else report["problems"])]
    if report["known"]:
        lines.append("known defects of the source (not counted):")
        lines += [f"  {result_line(r)} [{r['erratum'] or 'known'}: {r['known_reason']}]" for r in report["known"]]
    if report.get("impact"):
        lines.append("references to what the options change (consequential amendments to consider):")
        lines += [f"  {r['status']}: {r['reason']}" for r in report["impact"]]
    summary = report["summary"]
    lines.append(f"{summary['references']} references, {report['broken']} broken; "
                 + ", ".join(f"{s} {n}" for s, n in summary["status"].items()))
    lines.append("by form: " + ", ".join(f"{f} {n}" for f, n in summary["form"].items()))
    return lines


@main.command()
@click.argument("text")
@edition_option
@fmt_option
@click.option("--topic", metavar="WORDS", default=None,
              help='What the citations are cited for (e.g. "official language"); by default read from the text.')
def cite(text: str, edition: str | None, fmt: str, topic: str | None) -> None:
    """Check the citations of the constitution in TEXT, one line each; exit status 1 if any is wrong."""
    from ..load import load_edition
    from ..xref import BROKEN, check_citations

    results = check_citations(load_edition(edition), text, topic)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in results], indent=1, ensure_ascii=False))
    elif not results:
        click.echo("no citations of the constitution found")
    else:
        click.echo("\n".join(r.line() for r in results))
    if any(r.status in BROKEN for r in results):
        raise ReportedProblems()
