"""Hostile input, as users really give it: every case ends in one-line errors naming the input and the
problem, exit status 1 (2 for wrong usage), no traceback, and nothing partial or damaged on disk.

Most cases run the CLI in-process (`CliRunner`); the few that depend on the real process (recursion
limits, the terminal's encoding, the exit status the shell sees) run `drafter` as a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import main

DRAFTER = str(Path(sys.executable).with_name("drafter"))
SOURCE = Path(__file__).resolve().parents[2] / "shared" / "constitution-source" / "constitute-azerbaijan-1995-rev2009.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---- helpers ----------------------------------------------------------------------------------

def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def refused(result, code: int, *words: str) -> list[str]:
    """Assert a clean refusal: exit `code`, no traceback, every error line "drafter: ..." (or click's
    usage message for code 2), the first naming `words`; returns the error lines."""
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"uncaught {type(exc).__name__}: {exc}"
    assert result.exit_code == code, (result.exit_code, result.output)
    err = result.stderr.strip().splitlines()
    assert err, "no error message"
    assert "Traceback" not in result.output
    if code == 1:
        assert all(line.startswith("drafter: ") for line in err), err
        first = err[0]
    else:
        first = result.stderr
    for word in words:
        assert word in first, (word, first)
    return err


def proc(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([DRAFTER, *args], capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, **(env or {})})


def proc_refused(p: subprocess.CompletedProcess, code: int, *words: str) -> list[str]:
    assert p.returncode == code, (p.returncode, p.stderr)
    assert "Traceback" not in p.stderr
    err = p.stderr.strip().splitlines()
    assert err and all(line.startswith("drafter: ") for line in err), err
    for word in words:
        assert word in err[0], (word, err[0])
    return err


def template(tmp_path: Path, *, text: str = "The Republic of Azerbaijan keeps a register of antiquities.",
             name: str = "t.yaml", **fields) -> Path:
    """A small valid template (one new part of Article 95) with `text` in the new part."""
    data = {"id": "hostile", "title": "A hostile test template", "option": "B9", "kind": "add-on",
            "edition": "az-1995-rev2009", "author": "tests", "rationale": "a test of hostile input",
            "argument": "a test of hostile input",
            "edits": [{"op": "insert", "into": "Article 95", "rationale": "a test",
                       "provision": {"kind": "part", "text": text}}]}
    data.update(fields)
    path = tmp_path / name
    # JSON is YAML; ensure_ascii keeps escapes such as \u0001 as escapes in the file.
    path.write_text(json.dumps(data, indent=1, ensure_ascii=name.endswith(".json")), encoding="utf-8")
    return path


def paragraphs(docx: Path) -> list[str]:
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")) for p in root.iter(f"{W}p")]


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---- malformed templates --------------------------------------------------------------------------

@pytest.mark.parametrize("name, text, words", [
    ("bad.yaml", "id: x\ntitle: [unclosed\n", ["bad.yaml:3: malformed YAML"]),
    ("tabs.yaml", "id: x\n\ttitle: y\n", ["tabs.yaml:2: malformed YAML"]),
    ("bad.json", '{"id": "x",}', ["bad.json:1: malformed JSON"]),
    ("trunc.json", '{"id": "x", "edits": [', ["trunc.json:1: malformed JSON"]),
    ("empty.yaml", "", ["empty.yaml:1: a template is a mapping"]),
    ("list.yaml", "- id: x\n", ["list.yaml:1: a template is a mapping"]),
    ("scalar.json", "42", ["scalar.json:1: a template is a mapping"]),
])
def test_a_malformed_template_is_one_line_with_file_and_line(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    err = refused(run("check", str(path)), 1, *words)
    assert len(err) == 1


def test_a_10_mb_template_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("rationale: >-\n" + ("  " + "x" * 98 + "\n") * 100_000, encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    err = refused(run("check", str(path)), 1, "huge.yaml", "too large for a template")
    assert len(err) == 1


def test_a_device_given_as_a_template_is_refused_before_it_is_opened():
    refused(run("check", "/dev/zero"), 1, "/dev/zero", "is a device, not a file")


def test_a_fifo_with_no_writer_given_as_a_template_is_refused_at_once(tmp_path):
    fifo = tmp_path / "t.yaml"
    os.mkfifo(fifo)
    proc_refused(proc("check", str(fifo)), 1, "t.yaml", "is a FIFO")  # opening it would block forever


@pytest.mark.parametrize("where", ["text", "renumber"])
def test_an_integer_of_5000_digits_in_a_template_is_one_line(tmp_path, where):
    path = template(tmp_path, text="PLACEHOLDER")
    if where == "renumber":
        path.write_text(path.read_text().replace('"rationale": "a test",', '"rationale": "a test", "renumber": 1'
                                                 + "0" * 5000 + ","))
    else:
        path.write_text(path.read_text().replace('"PLACEHOLDER"', "1" + "0" * 5000))
    for command in (["check", str(path)], ["draft", str(path), "-o", str(tmp_path / "out")]):
        err = refused(run(*command), 1, "t.yaml", "more digits than drafter reads")
        assert len(err) == 1
    json_path = tmp_path / "t.json"
    json_path.write_text(path.read_text())
    refused(run("check", str(json_path)), 1, "t.json", "more digits than drafter reads")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, env, words", [
    (["--date", "2108-01-01"], {}, ["--date", "2108", "stores dates up to 2107"]),
    (["--date", "9999-12-31T23:00:00-05:00"], {}, ["--date", "outside the years a .docx can store"]),
    ([], {"SOURCE_DATE_EPOCH": "4360000000"}, ["SOURCE_DATE_EPOCH", "2108", "stores dates up to 2107"]),
    ([], {"SOURCE_DATE_EPOCH": "9" * 30}, ["SOURCE_DATE_EPOCH", "not a number of seconds"]),
    (["--author", "a" * 256], {}, ["--author is 256 characters long", "at most 255"]),
    (["--author", "Ann\x01Lee"], {}, ["--author", "U+0001"]),
    (["--author", "Ann\x0bLee"], {}, ["--author", "U+000B"]),
])
def test_a_date_or_author_a_docx_cannot_hold_is_one_line_and_writes_nothing(tmp_path, args, env, words):
    out = tmp_path / "out"
    err = refused(run("draft", "municipal", "-o", str(out), *args, env=env), 1, *words)
    assert len(err) == 1
    assert not out.exists()


def test_dates_before_1980_are_stamped_1980_in_the_zip_and_kept_in_the_revisions(tmp_path):
    out = tmp_path / "out"
    assert run("draft", "municipal", "-o", str(out), env={"SOURCE_DATE_EPOCH": "0"}).exit_code == 0
    with zipfile.ZipFile(out / "redline.docx") as z:
        assert {i.date_time[0] for i in z.infolist()} == {1980}
        assert b'w:date="1970-01-01T00:00:00Z"' in z.read("word/document.xml")


@pytest.mark.parametrize("field, value, words", [
    ("author", "a" * 256, ["author", "is too long"]),
    ("id", "a" * 65, ["id", "is too long"]),
])
def test_an_over_long_template_author_or_id_is_refused(tmp_path, field, value, words):
    path = template(tmp_path, **{field: value})
    refused(run("check", str(path)), 1, "t.yaml", *words)
    refused(run("draft", str(path), "-o", str(tmp_path / "out")), 1, "t.yaml", *words)
    assert not (tmp_path / "out").exists()


def test_long_names_of_many_options_fit_the_document_properties(tmp_path):
    paths = [template(tmp_path, name=f"t{k}.yaml", id=f"hostile-{k}", author=f"{k} " + "a" * 250,
                      edits=[{"op": "insert", "into": f"Article {95 + k}", "rationale": "a test",
                              "provision": {"kind": "part", "text": "A new part."}}]) for k in range(2)]
    result = run("draft", *map(str, paths), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    core = zipfile.ZipFile(tmp_path / "out" / "redline.docx").read("docProps/core.xml").decode()
    assert "0 aaa" in core and "1 aaa" not in core  # cut at Word's 255 characters, not refused


def _edition_copy(tmp_path: Path, monkeypatch) -> tuple[Path, dict]:
    """A folder for a copy of the embedded edition under `tmp_path` (with its own validation cache),
    and the edition's data to write into it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "constitution" / "az-1995-rev2009"
    folder.mkdir(parents=True)
    real = Path(__file__).resolve().parents[1] / "constitution" / "az-1995-rev2009" / "constitution.json"
    return folder, json.loads(real.read_text(encoding="utf-8"))


def test_control_characters_in_an_editions_text_are_refused_at_their_path(tmp_path, monkeypatch):
    folder, data = _edition_copy(tmp_path, monkeypatch)
    data["body"][1]["heading"] = "General \x07Provisions"
    (folder / "constitution.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    refused(run("draft", "municipal", "-o", str(out), env={"DRAFTER_HOME": str(tmp_path)}), 1,
            "constitution.json", "heading")
    assert not out.exists()


def test_a_template_repealing_every_chapter_is_one_line(tmp_path):
    from drafter.load import load_edition

    chapters = [p for p in load_edition().walk() if p.kind == "chapter"]
    edits = [{"op": "repeal", "target": f"Chapter {c.num}", "expect": c.heading.split()[0], "rationale": "a test"}
             for c in chapters]
    path = template(tmp_path, edits=edits)
    out = tmp_path / "out"
    for command in (["check", str(path)], ["draft", str(path), "-o", str(out)]):
        err = refused(run(*command), 1, "repeal every article")
        assert len(err) == 1
    assert not out.exists()


@pytest.mark.parametrize("name, text, words", [
    ("flow.yaml", "[" * 10_000 + "]" * 10_000, ["flow.yaml", "nesting depth"]),
    ("block.yaml", "- " * 10_000 + "x\n", ["block.yaml", "nesting depth"]),
    ("mapping.yaml", "".join(" " * i + "a:\n" for i in range(1500)), ["mapping.yaml", "nesting depth"]),
    ("deep.json", '{"edits": ' + "[" * 100_000 + "]" * 100_000 + "}", ["deep.json", "nested too deeply"]),
    ("under.json", '{"edits": ' + "[" * 990 + "]" * 990 + "}", ["under.json"]),
])
def test_deeply_nested_templates_are_refused_in_a_real_process(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    proc_refused(proc("check", str(path)), 1, *words)


def test_a_yaml_alias_bomb_is_refused_without_expanding_it(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = refused(run("check", str(path)), 1, "laughs.yaml", "aliases")
    assert len(err) == 1


def test_a_recursive_yaml_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("edits: &e\n  - *e\n", encoding="utf-8")
    refused(run("check", str(path)), 1, "loop.yaml:", "alias")


def test_a_few_aliases_are_still_fine(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(template(tmp_path).read_text(encoding="utf-8")
                    .replace('"rationale": "a test of hostile input"', '"rationale": &why "a test of hostile input"')
                    .replace('"argument": "a test of hostile input"', '"argument": *why'), encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("content, words", [
    ("\ufeff".encode() + b"", None),  # filled in below: a valid template with a UTF-8 byte-order mark
    (b"\xff\xfe" + "id: x\n".encode("utf-16-le"), ["UTF-16 text; save it as UTF-8"]),
    ("id: Az\u0259rbaycan\n".encode("latin-1", "replace") + b"title: \xe9\n", ["not UTF-8 text"]),
])
def test_template_encodings(tmp_path, content, words):
    path = tmp_path / "enc.yaml"
    if words is None:
        path.write_bytes(content + template(tmp_path).read_bytes())
        assert run("check", str(path)).exit_code == 0
        return
    path.write_bytes(content)
    refused(run("check", str(path)), 1, "enc.yaml", *words)


def test_a_directory_or_a_missing_file_given_as_a_template(tmp_path):
    refused(run("check", str(tmp_path)), 1, str(tmp_path), "is a directory")
    refused(run("check", str(tmp_path / "nope.yaml")), 1, "nope.yaml", "No such file")
    refused(run("diff", str(tmp_path / "nope.yaml")), 1, "nope.yaml", "no such template file")
    refused(run("draft", "no-such-option", "-o", str(tmp_path / "out")), 1, "no option 'no-such-option'")
    assert not (tmp_path / "out").exists()


# ---- characters XML forbids -----------------------------------------------------------------------

@pytest.mark.parametrize("char, code", [("\x01", "U+0001"), ("\x0b", "U+000B"), ("\x1f", "U+001F"),
                                        ("\x00", "U+0000"), ("\uffff", "U+FFFF")])
def test_a_control_character_in_inserted_text_is_refused_at_its_path(tmp_path, char, code):
    path = template(tmp_path, text=f"The register{char}of antiquities.", name="ctl.json")
    assert "\\u00" in path.read_text() or "\\uffff" in path.read_text()
    err = refused(run("check", str(path)), 1, "ctl.json", "edits[0].provision.text", code, "Word document")
    assert len(err) == 1
    out = tmp_path / "out"
    refused(run("draft", str(path), "-o", str(out)), 1, "edits[0].provision.text", code)
    assert not out.exists()


def test_a_control_character_escaped_in_yaml_is_refused_with_its_line(tmp_path):
    path = tmp_path / "ctl.yaml"
    text = template(tmp_path).read_text(encoding="utf-8").replace(
        '"The Republic of Azerbaijan keeps', '"The Republic\\x07 of Azerbaijan keeps')
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "\\x07" in row)
    refused(run("check", str(path)), 1, f"ctl.yaml:{line} edits[0].provision.text", "U+0007")


def test_a_lone_surrogate_in_a_json_template_is_refused(tmp_path):
    path = tmp_path / "sur.json"
    path.write_text(template(tmp_path, name="x.json").read_text().replace("antiquities", "antiquities\\ud800"))
    refused(run("check", str(path)), 1, "sur.json", "edits[0].provision.text", "U+D800", "lone surrogate")


def test_a_control_character_in_a_parameter_on_the_command_line_is_refused(tmp_path):
    out = tmp_path / "out"
    refused(run("draft", "municipal", "-p", "region=Kara\x01bakh", "-o", str(out)), 1,
            "municipal.yaml", "parameter 'region'", "U+0001")
    assert not out.exists()


# ---- non-Latin and right-to-left text -----------------------------------------------------------

NON_LATIN = {
    "Armenian": "Հայերենը պետական լեզու է",
    "Azerbaijani": "Azərbaycan Respublikasının dövlət dili Azərbaycan dilidir: ə ğ ı ş ç ö ü Ə Ğ İ Ş Ç Ö Ü",
    "Arabic": "اللغة الرسمية لجمهورية أذربيجان",
    "Hebrew": "השפה הרשמית של הרפובליקה",
    "decomposed": "Azərbaycan e\u0301 a\u0308",  # combining marks are kept as they are, never normalised
}


def test_non_latin_and_right_to_left_text_comes_through_intact(tmp_path):
    text = " / ".join(NON_LATIN.values())
    path = template(tmp_path, text=text, title="Dillər: Հայերեն, Azərbaycan, العربية, עברית")
    assert run("check", str(path)).exit_code == 0
    diff = run("diff", str(path), "--no-color")
    assert diff.exit_code == 0 and text in diff.output
    out = tmp_path / "out"
    result = run("draft", str(path), "-o", str(out), "--date", "2024-01-01")
    assert result.exit_code == 0, result.output
    for name in ("amended.docx", "redline.docx"):
        assert any(p.endswith(text) for p in paragraphs(out / name)), name
    act = "\n".join(paragraphs(out / "amending-act.docx"))
    assert text in act
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert any(text in (c["after"] or "") for c in report["changes"])
    assert report["options"][0]["title"].startswith("Dillər: Հայերեն")


def test_non_latin_text_prints_on_a_c_locale_terminal(tmp_path):
    text = NON_LATIN["Armenian"] + " " + NON_LATIN["Azerbaijani"]
    path = template(tmp_path, text=text)
    p = proc("diff", str(path), "--no-color", env={"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""})
    assert p.returncode == 0, p.stderr
    assert text in p.stdout


# ---- targets of the wrong kind --------------------------------------------------------------------

@pytest.mark.parametrize("edit, words", [
    ({"op": "insert", "after": "Chapter IX", "rationale": "a test", "provision": {"kind": "item", "text": "x;"}},
     ["t.yaml:", "edits[0].after", "Chapter IX is a chapter, not a"]),
    ({"op": "insert", "into": "Chapter IX", "rationale": "a test", "provision": {"kind": "item", "text": "x;"}},
     ["edits[0].into", "Chapter IX is a chapter", "cannot go into it"]),
    ({"op": "substitute", "target": "Chapter IX", "find": "Municipalities", "with": "Towns", "rationale": "a test"},
     ["edits[0].find", "text of Chapter IX"]),
    ({"op": "repeal", "target": "Articles 134-141", "expect": "x", "rationale": "a test"},
     ["edits[0].target", "is a range"]),
])
def test_a_target_of_the_wrong_kind_is_named_with_its_file_line_and_path(tmp_path, edit, words):
    path = template(tmp_path, edits=[edit])
    refused(run("check", str(path)), 1, *words)
    out = tmp_path / "out"
    refused(run("draft", str(path), "-o", str(out)), 1, *words)
    assert not out.exists()


# ---- where the output goes ----------------------------------------------------------------------

def test_an_output_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me")
    refused(run("draft", "municipal", "-o", str(blocker)), 1, "blocker", "is not a directory")
    refused(run("draft", "municipal", "-o", str(blocker / "sub")), 1, "blocker", "is not a directory")
    refused(run("import", str(SOURCE), "--edition", "x", "--into", str(blocker / "eds")), 1, "blocker",
            "ot a directory")
    assert blocker.read_text() == "keep me"


def test_an_output_folder_the_system_will_not_create(tmp_path):
    p = proc("draft", "municipal", "-o", "/proc/drafter-hostile-test")
    proc_refused(p, 1, "/proc/drafter-hostile-test")
    p = proc("import", str(SOURCE), "--edition", "x", "--into", "/proc/drafter-hostile-test")
    proc_refused(p, 1, "/proc/drafter-hostile-test")


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder no one can write in, even root: a read-only bind mount (skipped where mounts are not allowed)."""
    target = tmp_path / "ro"
    target.mkdir()
    (target / "existing.txt").write_text("untouched")
    if os.geteuid() != 0:
        target.chmod(0o555)
        yield target
        target.chmod(0o755)
        return
    try:
        subprocess.run(["mount", "--bind", str(target), str(target)], check=True, capture_output=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        subprocess.run(["umount", str(target)], capture_output=True)
        pytest.skip(f"root here, and no read-only bind mount allowed ({exc}): chmod would not stop root")
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], capture_output=True)


def test_an_unwritable_output_folder(read_only_dir):
    before = listing(read_only_dir)
    p = proc("draft", "municipal", "-o", str(read_only_dir))
    proc_refused(p, 1, str(read_only_dir))
    assert listing(read_only_dir) == before


def test_an_existing_draft_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "out"
    assert run("draft", "municipal", "-o", str(out), "--date", "2024-01-01").exit_code == 0
    before = listing(out)
    err = refused(run("draft", "enhanced-local", "-o", str(out), "--date", "2024-02-02"), 1,
                  "redline.docx", "use --force")
    assert len(err) == 1  # one line for the folder, naming the files that would have been overwritten
    assert listing(out) == before
    assert run("draft", "enhanced-local", "-o", str(out), "--date", "2024-02-02", "--force").exit_code == 0
    assert listing(out) != before


def test_an_empty_output_folder_name_is_refused(tmp_path):
    err = refused(run("draft", "municipal", "-o", ""), 1, "-o is empty")
    assert len(err) == 1
    p = proc("draft", "municipal", "-o", "", cwd=tmp_path)
    proc_refused(p, 1, "-o is empty")
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_symlink_at_a_final_name_counts_as_an_existing_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "redline.docx").symlink_to(tmp_path / "nowhere.docx")
    refused(run("draft", "municipal", "-o", str(out)), 1, "redline.docx", "already exists")
    assert [p.name for p in out.iterdir()] == ["redline.docx"] and (out / "redline.docx").is_symlink()


def test_force_removes_the_files_of_the_earlier_draft_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    assert run("draft", "municipal", "enhanced-local", "--compare", "-o", str(out)).exit_code == 0
    (out / "notes.txt").write_text("the reviewer's notes")
    (out / "mine.docx").write_bytes(b"the reviewer's own document")
    assert run("draft", "municipal", "-o", str(out), "--force").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["amended.docx", "amending-act.docx", "mine.docx", "notes.txt",
                                                      "procedure.docx", "redline.docx", "report.json", "synoptic.docx"]
    assert (out / "notes.txt").read_text() == "the reviewer's notes"


def test_force_keeps_and_names_an_earlier_draft_file_changed_since(tmp_path):
    out = tmp_path / "out"
    assert run("draft", "municipal", "enhanced-local", "--compare", "-o", str(out)).exit_code == 0
    with (out / "redline-municipal.docx").open("ab") as fh:
        fh.write(b"edited")
    before = listing(out)
    refused(run("draft", "municipal", "-o", str(out), "--force"), 1, "redline-municipal.docx", "changed since")
    assert listing(out) == before


def test_a_report_that_names_files_outside_the_folder_removes_nothing(tmp_path):
    out = tmp_path / "out"
    assert run("draft", "municipal", "-o", str(out)).exit_code == 0
    victim = tmp_path / "victim.docx"
    victim.write_bytes(b"x")
    report = json.loads((out / "report.json").read_text())
    import hashlib

    report["files"].append({"name": "../victim.docx", "bytes": 1, "sha256": hashlib.sha256(b"x").hexdigest()})
    (out / "report.json").write_text(json.dumps(report))
    assert run("draft", "municipal", "-o", str(out), "--force").exit_code == 0
    assert victim.read_bytes() == b"x"


def test_temporary_files_of_killed_runs_are_swept_by_the_next_run(tmp_path):
    import signal
    import time

    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = out / f".redline.docx.{dead.pid}.abcd1234.drafter-tmp"
    left.write_bytes(b"half a draft")
    live = out / f".redline.docx.{os.getpid()}.abcd1234.drafter-tmp"  # a run still writing: left alone
    live.write_bytes(b"being written")
    killed = 0
    for delay in (0.3, 0.6, 0.9, 1.2):
        p = subprocess.Popen([DRAFTER, "draft", "municipal", "-o", str(out), "--force"])
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        killed += p.returncode == -signal.SIGKILL
    assert run("draft", "municipal", "-o", str(out), "--force").exit_code == 0
    assert not left.exists() and live.exists()
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p != live]
    assert leftovers == [], (killed, leftovers)


def test_an_existing_edition_is_not_overwritten_without_force(tmp_path):
    eds = tmp_path / "eds"
    assert run("import", str(SOURCE), "--edition", "x", "--into", str(eds)).exit_code == 0
    before = listing(eds)
    refused(run("import", str(SOURCE), "--edition", "x", "--into", str(eds)), 1,
            "constitution.json", "already exists; use --force")
    assert listing(eds) == before


# ---- hostile files given to `import` --------------------------------------------------------------

def _docx() -> bytes:
    import docx

    doc = docx.Document()
    for line in SOURCE.read_text(encoding="utf-8").splitlines()[:50]:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("constitution.txt", "w", force_zip64=True) as entry:
            chunk = bytes(1 << 20)
            for _ in range(64):  # 64 MB of zeros in about 64 KB
                entry.write(chunk)
    return buf.getvalue()


def _zip_slip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../escaped.txt", "Article 1. pwned\n")
        z.writestr("/etc/drafter-escaped", "x")
    return buf.getvalue()


HOSTILE_SOURCES = {
    "real.docx": (_docx, "a zip archive"),
    "bomb.txt": (_zip_bomb, "a zip archive"),
    "slip.zip": (_zip_slip, "a zip archive"),
    "binary.bin": (lambda: bytes(range(256)) * 64, "binary content"),
    "empty.txt": (lambda: b"", "no articles found"),
    "utf16.txt": (lambda: SOURCE.read_text(encoding="utf-8")[:5000].encode("utf-16"), "UTF-16 text"),
    "utf16be.txt": (lambda: SOURCE.read_text(encoding="utf-8")[:5000].encode("utf-16-be"), "binary content"),
    "latin1.txt": (lambda: "Constitution\nCHAPTER I. X\nArticle 1. Azərbaycan\n".replace("ə", "e").encode()
                   + b"caf\xe9\n", "not UTF-8 text"),
    "prose.txt": (lambda: b"Dear reader,\nthis is a letter, not a constitution.\n" * 1000, "no articles found"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SOURCES))
def test_a_hostile_file_given_to_import_is_refused_and_writes_nothing(tmp_path, name):
    make, words = HOSTILE_SOURCES[name]
    src = tmp_path / "in" / name
    src.parent.mkdir()
    src.write_bytes(make())
    eds = tmp_path / "eds"
    err = refused(run("import", str(src), "--edition", "hostile", "--into", str(eds)), 1, name, words)
    assert len(err) <= 2
    assert not eds.exists()
    assert {p.name for p in tmp_path.rglob("*")} == {"in", name}  # nothing extracted anywhere
    assert not Path("/etc/drafter-escaped").exists()


def test_a_50_mb_source_is_refused_by_its_size(tmp_path):
    src = tmp_path / "big.txt"
    with open(src, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    eds = tmp_path / "eds"
    refused(run("import", str(src), "--edition", "big", "--into", str(eds)), 1, "big.txt", "too large")
    assert not eds.exists()


def test_import_of_a_folder_or_a_missing_file(tmp_path):
    refused(run("import", str(tmp_path), "--edition", "x", "--into", str(tmp_path / "eds")), 2, "is a directory")
    refused(run("import", str(tmp_path / "nope.txt"), "--edition", "x", "--into", str(tmp_path / "eds")), 1,
            "nope.txt", "cannot read")
    assert not (tmp_path / "eds").exists()


@pytest.mark.parametrize("errata, words", [
    ("errata: [", "malformed YAML"),
    ("- " * 5000 + "x\n", "malformed YAML"),
    ("errata:\n  - {id: X1, target: 5, action: keep, reason: 7}\n", "must be text"),
    ("just text\n", "expected a mapping with an 'errata' list"),
])
def test_a_hostile_errata_file_is_refused(tmp_path, errata, words):
    path = tmp_path / "errata.yaml"
    path.write_text(errata, encoding="utf-8")
    p = proc("import", str(SOURCE), "--edition", "x", "--into", str(tmp_path / "eds"), "--errata", str(path))
    proc_refused(p, 1, "errata.yaml", words)
    assert not (tmp_path / "eds").exists()


def test_hostile_edition_metadata_is_refused(tmp_path):
    folder = tmp_path / "eds" / "x"
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text("- a list\n- not a mapping\n", encoding="utf-8")
    refused(run("import", str(SOURCE), "--edition", "x", "--into", str(tmp_path / "eds")), 1,
            "edition.yaml", "expected a mapping")
    assert not (folder / "constitution.json").exists()


# ---- editions and the project folder ------------------------------------------------------------

def test_an_unknown_edition_names_the_editions_present(tmp_path):
    refused(run("show", "Article 1", "--edition", "nope"), 1, "no edition 'nope'", "az-1995-rev2009")
    refused(run("draft", "municipal", "--edition", "nope", "-o", str(tmp_path / "out")), 1, "no edition 'nope'")
    refused(run("diff", "municipal", "--edition", "nope"), 1, "no edition 'nope'")
    assert not (tmp_path / "out").exists()


def test_a_drafter_home_that_does_not_exist(tmp_path):
    env = {"DRAFTER_HOME": str(tmp_path / "no-such-project")}
    refused(run("draft", "municipal", "-o", str(tmp_path / "out"), env=env), 1, "DRAFTER_HOME=", "does not exist")
    proc_refused(proc("list", env=env), 1, "DRAFTER_HOME=")
    assert not (tmp_path / "out").exists()


def test_a_drafter_home_without_templates_says_so(tmp_path, monkeypatch):
    # As for a drafter installed without its checkout: no templates folder anywhere.
    import drafter.template

    monkeypatch.setattr(drafter.template, "templates_dir", lambda: tmp_path / "templates")
    refused(run("draft", "municipal", "-o", str(tmp_path / "out")), 1, "no option 'municipal'",
            "no templates folder")
    refused(run("diff", "municipal"), 1, "no templates folder")
    assert not (tmp_path / "out").exists()


def test_a_drafter_home_with_an_empty_constitution_folder(tmp_path):
    (tmp_path / "constitution").mkdir()
    env = {"DRAFTER_HOME": str(tmp_path)}
    refused(run("show", "Article 1", env=env), 1, "no edition 'az-1995-rev2009'", "editions present: none")


def test_a_damaged_edition_file_is_one_line(tmp_path):
    folder = tmp_path / "constitution" / "az-1995-rev2009"
    folder.mkdir(parents=True)
    (folder / "constitution.json").write_text('{"format": "drafter-constitution/1", "body": [', encoding="utf-8")
    refused(run("show", "Article 1", env={"DRAFTER_HOME": str(tmp_path)}), 1, "constitution.json",
            "cannot read edition file")


# ---- usage errors and citations -------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["draft", "municipal"], ["Missing option '-o'"]),
    (["draft", "municipal", "-o", "x", "--scope", "half"], ["'half' is not one of"]),
    (["draft", "municipal", "-o", "x", "-p", "noequals"], ["noequals"]),
    (["show", "--format", "xml", "Article 1"], ["'xml' is not one of"]),
    (["frobnicate"], ["No such command"]),
])
def test_wrong_usage_exits_2(args, words):
    result = run(*args)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert all(w in result.stderr for w in words), result.stderr


@pytest.mark.parametrize("citation, words", [
    ("", ["give a citation"]),
    ("Article", ["cannot read"]),
    ("Article 144, part " + "X" * 5000, ["does not exist"]),
    ("Article 1, " * 2000, ["citation"]),
    ("Art\x00icle 1", ["cannot read"]),
    ("Article 14\u0669", ["cannot read"]),  # an Arabic-Indic digit is not a digit of a citation
])
def test_hostile_citations_are_one_line(citation, words):
    result = run("show", citation)
    code = 2 if not citation else 1
    refused(result, code, *words)


def test_an_article_number_of_5000_digits_is_one_line():
    refused(run("show", "Article " + "9" * 5000), 1, "cannot read")


def test_an_edition_made_invalid_after_it_was_validated_is_refused(tmp_path, monkeypatch):
    # Loading remembers which exact bytes passed the schema (to skip validating them again):
    # changed bytes are validated afresh.
    folder, data = _edition_copy(tmp_path, monkeypatch)
    (folder / "constitution.json").write_text(json.dumps(data), encoding="utf-8")
    env = {"DRAFTER_HOME": str(tmp_path)}
    assert run("show", "Article 1", env=env).exit_code == 0
    assert run("show", "Article 1", env=env).exit_code == 0
    assert list((tmp_path / "cache" / "drafter" / "validated").iterdir())
    data["body"][1]["kind"] = "nonsense"
    (folder / "constitution.json").write_text(json.dumps(data), encoding="utf-8")
    os.utime(folder / "constitution.json", (1, 1))
    refused(run("show", "Article 1", env=env), 1, "constitution.json", "nonsense")


def test_a_draft_that_cannot_write_its_last_file_leaves_the_earlier_ones_untouched(tmp_path, monkeypatch):
    import drafter.fileio as fileio

    out = tmp_path / "out"
    out.mkdir()
    (out / "redline.docx").write_bytes(b"the reviewer's copy")
    real_fdopen = fileio.os.fdopen
    calls = []

    def failing_fdopen(fd, *args, **kwargs):
        calls.append(fd)
        if len(calls) == 3:
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(fileio.os, "fdopen", failing_fdopen)
    result = run("draft", "municipal", "-o", str(out), "--force")
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert (out / "redline.docx").read_bytes() == b"the reviewer's copy"
    assert sorted(p.name for p in out.iterdir()) == ["redline.docx"]


# ---- bounded time ---------------------------------------------------------------------------------

@pytest.mark.parametrize("given", [None, "a" * 40 + "b"])
def test_a_template_pattern_that_backtracks_without_end_is_one_line(tmp_path, given):
    path = template(tmp_path, parameters={"code": {"default": "a" * 40 + "!", "description": "a code",
                                                   "pattern": "(a+)+$"}})
    args = ["-p", f"code={given}"] if given else []
    err = refused(run("draft", str(path), "-o", str(tmp_path / "out"), *args), 1, "code", "(a+)+$",
                  "takes over 0.5 s")
    assert len(err) == (1 if given is None else 2)  # the default, and the value given
    assert not (tmp_path / "out").exists()


def test_a_pattern_is_matched_with_a_time_limit_outside_the_main_thread_too():
    import threading

    from drafter.template import _fullmatch

    results = []

    def check():
        try:
            results.append(_fullmatch("(a+)+$", "a" * 40 + "b"))
        except TimeoutError:
            results.append("timed out")
        results.append(_fullmatch("[A-Z]{2}", "AZ"))

    t = threading.Thread(target=check)
    t.start()
    t.join(60)
    assert results == ["timed out", True]


def test_a_template_too_large_without_aliases_names_its_size_not_aliases(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("id: x\nparameters: [" + "1," * 210_000 + "1]\n", encoding="utf-8")
    err = refused(run("check", str(path)), 1, "big.yaml", "too many values: 2100", "split it")
    assert len(err) == 1 and "alias" not in err[0]


def test_a_template_is_checked_against_its_schema_once_per_content(tmp_path, monkeypatch):
    # Like an edition, a template whose exact text passed the schema is not validated again; a
    # changed text is, and its problems are reported every time.
    import drafter.template as template

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    validated = []
    real = template._schema_problems
    monkeypatch.setattr(template, "_schema_problems", lambda *a: validated.append(a[1]) or real(*a))
    text = (Path(__file__).resolve().parents[1] / "templates" / "municipal.yaml").read_text(encoding="utf-8")
    assert template.template_from_text(text, "a.yaml") == template.template_from_text(text, "a.yaml")
    assert validated == ["a.yaml"]
    bad = text.replace("\nkind: alternative\n", "\nkind: nonsense\n")
    for _ in range(2):
        refused(run("check", str(_write(tmp_path / "bad.yaml", bad))), 1, "bad.yaml:7", "nonsense")
    assert validated == ["a.yaml", str(tmp_path / "bad.yaml"), str(tmp_path / "bad.yaml")]


@pytest.mark.parametrize("garbage", [b"", b"garbage{", b"[1, 2", b"[[1, 2], [3]]", b"{}"])
def test_notes_of_the_memory_of_contents_that_do_not_decode_are_read_again(tmp_path, monkeypatch, garbage):
    """A note cut short or written by another program (the cache folder is the user's) counts as no
    note: the content is read again, with the same result, and noted afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templates = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "templates").glob("*.yaml"))
    first = run("check", *templates)
    assert first.exit_code == 0, first.output
    notes = list((tmp_path / "cache" / "drafter" / "validated").iterdir())
    assert notes
    for note in notes:
        note.write_bytes(garbage)
    again = run("check", *templates)
    assert again.exception is None or isinstance(again.exception, SystemExit), again.exception
    assert (again.exit_code, again.output) == (0, first.output)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
