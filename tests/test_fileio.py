"""Every YAML or JSON file drafter reads goes through one reader (size, encoding, syntax) and every schema
check through one helper (file, line, path, words an author reads)."""

from __future__ import annotations

import json

import pytest

from drafter.errors import DrafterError
from drafter.fileio import read_data
from drafter.load import from_json, load_edition, to_json
from drafter.options import load_seeds
from drafter.procedure import load_rules, rules_path

HOSTILE = [
    (b"\xff\xfe" + "format: x\n".encode("utf-16-le"), "UTF-16 text; save it as UTF-8"),
    (b"format: caf\xe9\n", "not UTF-8 text"),
    (b"format: [unclosed\n", "malformed YAML"),
]


@pytest.mark.parametrize("raw, words", HOSTILE)
def test_the_rule_file_and_the_seeds_digest_are_read_with_the_same_checks_as_a_template(tmp_path, raw, words):
    path = tmp_path / "procedure.yaml"
    path.write_bytes(raw)
    for read in (lambda: load_rules(path=path, base=load_edition()), lambda: load_seeds(path)):
        with pytest.raises(DrafterError) as exc:
            read()
        [problem] = exc.value.problems
        assert problem.file == str(path) and words in problem.message


def test_a_file_too_large_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="too large for a test file"):
        read_data(path, "a test file", limit=1000)


def test_json_is_read_as_json_with_its_line_and_yaml_with_the_line_of_each_path(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n "a": 1,\n}', encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        read_data(bad, "a test file")
    assert str(exc.value).startswith(f"{bad}:3: malformed JSON")
    good = tmp_path / "good.yaml"
    good.write_text("a: 1\nb:\n  - x\n  - y\n", encoding="utf-8")
    data, lines = read_data(good, "a test file", lines=True)
    assert data == {"a": 1, "b": ["x", "y"]} and lines[("b", 1)] == 4


def test_schema_errors_read_the_same_in_an_edition_file_a_rule_file_and_a_template(tmp_path):
    data = json.loads(json.dumps(to_json(load_edition())))
    data["body"][1]["kind"] = "volume"
    with pytest.raises(DrafterError) as exc:
        from_json(data, "constitution.json")
    assert any(p.path == "body[1].kind" and p.message.startswith("'volume' is not one of")
               for p in exc.value.problems), exc.value.problems
    text = rules_path().read_text(encoding="utf-8").replace("severity: warning", "severity: fatal", 1)
    path = tmp_path / "procedure.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrafterError) as exc:
        load_rules(path=path, base=load_edition())
    [problem] = exc.value.problems
    assert problem.path.endswith(".severity") and problem.line and problem.message.startswith("'fatal' is not one of")


def test_the_memory_of_contents_keeps_its_newest_notes_within_its_bound(tmp_path, monkeypatch):
    """Each edit of a template leaves notes of its earlier contents: the folder does not grow without end."""
    import os

    from drafter import fileio

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fileio, "MAX_NOTES", 8)
    for n in range(9):
        fileio.remember(b"test", f"content {n}".encode(), b"note")
        path = fileio._note_path(b"test", f"content {n}".encode())
        os.utime(path, ns=(n * 10**9, n * 10**9))  # written in this order, whatever the clock's resolution
    kept = [n for n in range(9) if fileio.recall(b"test", f"content {n}".encode()) == b"note"]
    assert kept == [3, 4, 5, 6, 7, 8]  # above 8, the oldest removed down to 6
    fileio.remember(b"test", b"content 9", b"note")
    assert fileio.recall(b"test", b"content 9") == b"note" and len(list((tmp_path / "drafter" / "validated").iterdir())) == 7
