"""Templates as YAML text, with a comment above each edit saying what the review decided: the one writer.

PyYAML writes no comments, so the header and each edit are dumped on their
own and the comment lines put between them; the result is read back by
`drafter.template.template_from_text` before anything is written.
"""

from __future__ import annotations

import yaml


def _dump(value) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def template_yaml(preamble: list[str], header: dict, edits: list[tuple[list[str], dict]]) -> str:
    """A template file: comment lines, the top-level keys, then each edit under its comment lines."""
    out = [f"# {line}".rstrip() for line in preamble]
    out.append(_dump(header).rstrip("\n"))
    out.append("edits:")
    for notes, edit in edits:
        out.extend(f"  # {line}".rstrip() for line in notes)
        body = _dump([edit]).rstrip("\n")
        out.extend("  " + line for line in body.splitlines())
    return "\n".join(out) + "\n"
