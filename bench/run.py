"""Benchmark of `drafter draft`: the full job, a plain python-docx floor, scaling, a profile, a compare engine.

Run by hand from the checkout (never part of the test suite):

    .venv/bin/python bench/run.py                 # everything, sizes 1x 10x 100x
    .venv/bin/python bench/run.py --sizes 1,10    # quicker
    .venv/bin/python bench/run.py --no-compare    # without python-redlines

Every measurement that reports memory or start-up runs in its own subprocess
(this same file with ``--worker``), so sizes never share caches or imports.
What is measured:

- full job: `drafter.draft.draft` of every alternative with all the add-ons it
  admits (`drafter.options.combinations`; an alternative that admits none is
  drafted alone), ``scope="full"``, all four documents and report.json,
  in-process, each stage timed on its own (exclusive times: a stage nested in
  another is not counted twice); then the same drafts as `drafter draft`
  subprocesses, wall time including interpreter start-up;
- floor: the same paragraphs of text (every w:p of the four documents, one
  paragraph each) written with plain python-docx, no revisions, no checks;
- scaling: synthetic constitutions 10x and 100x the embedded one (copies of
  its chapters, articles renumbered +1000 per copy, chapters numbered
  "IX-101", references such as "Article 101" rewritten to point into their
  copy) and a synthetic template of 30 edits per copy; time and peak RSS per
  size, one subprocess each; a cProfile of the largest;
- python-redlines (Docxodus engine), if installed: its compare-based redline of
  amended.docx against the current text, beside our own redline.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import datetime as dt
import gc
import io
import json
import math
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DRAFTER = str(Path(PYTHON).with_name("drafter"))
DATE = "2024-01-01"
EDITION = "az-1995-rev2009"
COPY_STEP = 1000  # article numbers of copy i: n + 1000 * i
EDITS_PER_COPY = 30

#: The clock of the in-process totals (the full job, each draft, the floor, each size): this
#: process's CPU time, as issue 13 measures (on a shared machine wall time counts the neighbours
#: too). Stages are timed by the wall clock, as shares of the job's wall time: they are entered tens
#: of thousands of times (links), and reading the CPU clock costs a system call (about 1 us) each.
CPU = time.process_time

STAGES = ("load edition", "load templates", "apply", "cross-references", "links", "procedure",
          "plan: the act's points", "render redline", "render amended", "render act", "render synoptic",
          "report", "write", "other")


# ---- timing stages inside `drafter.draft.draft` ---------------------------------------------

class Stages:
    """Exclusive time per stage: a stage running inside another is subtracted from the outer one."""

    def __init__(self) -> None:
        self.total: dict[str, float] = {}
        self._stack: list[list] = []

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            frame = [name, time.perf_counter(), 0.0]
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = time.perf_counter() - frame[1]
                self.total[name] = self.total.get(name, 0.0) + spent - frame[2]
                if self._stack:
                    self._stack[-1][2] += spent
        return timed


def instrument(stages: Stages) -> None:
    """Wrap the functions `drafter.draft.draft` calls, in its own namespace."""
    import drafter.draft as d

    for attr, name in (("load_edition", "load edition"), ("load_options", "load templates"),
                       ("apply_templates", "apply"), ("_xref", "cross-references"),
                       ("reference_problems", "cross-references"),
                       # The plan's parts are made on first use: the act's points by the ballot's questions.
                       ("ballot_questions", "plan: the act's points"), ("_report", "report"),
                       ("_procedure_lines", "procedure"), ("_procedure", "procedure"),
                       ("render_redline", "render redline"), ("render_amended", "render amended"),
                       ("render_act", "render act"), ("render_synoptic", "render synoptic"),
                       ("write_atomic", "write"), ("write_files", "write")):
        if hasattr(d, attr):  # the draft module's helpers change; time those that are there
            setattr(d, attr, stages.wrap(name, getattr(d, attr)))
    linker = d._linker

    def timed_linker(constitution):
        links = linker(constitution)
        return None if links is None else stages.wrap("links", links)

    d._linker = timed_linker


def drafts() -> list[list[str]]:
    """The option lists of the full job: each alternative with every add-on it admits."""
    from drafter.options import combinations
    from drafter.template import available, load_options

    templates = load_options(list(available()))
    combos = [[t.id for t in c] for c in combinations(templates)]
    for t in templates:  # an alternative that admits no add-on is still a draft
        if t.kind == "alternative" and not any(c[0] == t.id for c in combos):
            combos.append([t.id])
    return combos


def paragraphs_of(docx_bytes: bytes) -> list[str]:
    """The text of every w:p of a .docx (deleted words included), in order: what the floor writes."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{w}t", f"{w}delText")) for p in root.iter(f"{w}p")]


def floor(texts: list[list[str]], out: Path) -> float:
    """Seconds to write each list of paragraphs as a plain python-docx document."""
    import docx

    start = CPU()
    for n, paras in enumerate(texts):
        doc = docx.Document()
        for text in paras:
            doc.add_paragraph(text)
        doc.save(str(out / f"floor-{n}.docx"))
    return CPU() - start


# ---- workers (run in a subprocess each) -----------------------------------------------------

def worker(spec: dict) -> dict:
    """One measured job in this process: `spec` says which drafts, where, and what else to do."""
    t0 = CPU()
    import drafter.draft as d  # noqa: F401  (imports counted apart)
    imported = CPU() - t0
    stages = Stages()
    if not spec.get("bare"):
        instrument(stages)
    out = Path(spec["out"])
    jobs = spec.get("drafts") or drafts()
    per_draft = []
    collecting = [0.0, 0.0]  # total, start of the current collection (wall clock, as the stages)

    def collected(phase: str, info: dict) -> None:
        if phase == "start":
            collecting[1] = time.perf_counter()
        else:
            collecting[0] += time.perf_counter() - collecting[1]

    gc.callbacks.append(collected)
    profile = cProfile.Profile() if spec.get("profile") else None
    start, start_wall = CPU(), time.perf_counter()
    for n, options in enumerate(jobs):
        before = dict(stages.total)
        t = CPU()
        if profile:
            profile.enable()
        result = d.draft(options, out / f"draft-{n}", scope="full", date=DATE, force=True)
        if profile:
            profile.disable()
        spent = CPU() - t
        per_draft.append({"options": options, "seconds": spent, "changes": len(result.report.get("changes", [])),
                          "stages": {k: v - before.get(k, 0.0) for k, v in stages.total.items()},
                          "files": [str(p) for p in result.files]})
    work, wall = CPU() - start, time.perf_counter() - start_wall
    stages.total["other"] = wall - sum(stages.total.values())
    gc.callbacks.remove(collected)
    result = {"import": imported, "work": work, "wall": wall, "gc": collecting[0], "stages": stages.total,
              "drafts": per_draft,
              "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if profile:
        profile.dump_stats(spec["profile"])
    if spec.get("floor"):
        texts = [paragraphs_of(Path(f).read_bytes()) for dr in per_draft for f in dr["files"] if f.endswith(".docx")]
        floor_dir = out / "floor"
        floor_dir.mkdir(exist_ok=True)
        result["floor"] = floor(texts, floor_dir)
        result["floor_paragraphs"] = sum(len(t) for t in texts)
        result["floor_documents"] = len(texts)
    return result


def run_worker(spec: dict, env: dict | None = None, timeout: float | None = None) -> dict | None:
    """The worker's result, or None if it ran out of time."""
    try:
        proc = subprocess.run([PYTHON, __file__, "--worker", json.dumps(spec)], capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise SystemExit(f"worker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def wall(cmd: list[str], env: dict | None = None, repeat: int = 1) -> float:
    """Median wall time of a command (it must succeed)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=ROOT)
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return statistics.median(times)


# ---- synthetic constitutions ------------------------------------------------------------------

_ART_REF = re.compile(r"\b(Articles?|Arts?\.)(\s+)(\d+(?:-\d+)?(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+|\s*-\s*|\s+to\s+)"
                      r"\d+(?:-\d+)?)*)(?!\s+of\s+the\s+Republic\s+of\s+Azerbaijan\s+law)")
_CHAP_REF = re.compile(r"\b(Chapters?)(\s+)([IVXLC]+)\b")


def _shift_articles(numbers: str, plural: bool, off: int) -> str:
    """ "95" -> "1095"; "134-141" -> "1134-1141"; "139-1" (one article) -> "1139-1"."""
    out, last_head = [], None
    for piece in re.split(r"(\D+)", numbers):
        if not piece.isdigit():
            out.append(piece)
            continue
        sub = out and out[-1] == "-" and last_head is not None and (not plural or int(piece) <= last_head)
        if sub:
            out.append(piece)
        else:
            last_head = int(piece)
            out.append(str(int(piece) + off))
    return "".join(out)


def _rewrite(text: str, off: int, chapter_suffix: str) -> str:
    text = _ART_REF.sub(lambda m: m.group(1) + m.group(2) + _shift_articles(
        m.group(3), m.group(1).lower().startswith("articles"), off), text)
    return _CHAP_REF.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{chapter_suffix}", text)


def _copy_node(node: dict, off: int, chapter_suffix: str) -> dict:
    new = dict(node)
    if node["kind"] == "chapter":
        new["num"] = node["num"] + chapter_suffix
    elif node["kind"] == "article":
        head, _, sub = node["num"].partition("-")
        new["num"] = str(int(head) + off) + (f"-{sub}" if sub else "")
    new["eId"] = re.sub(r"^art_(\d+)", lambda m: f"art_{int(m.group(1)) + off}",
                        re.sub(r"^chp_([IVXLC]+)$", lambda m: f"chp_{m.group(1)}{chapter_suffix}", node["eId"]))
    if new["eId"].startswith("art_") and "__" in new["eId"]:
        pass  # parts, items and paragraphs keep their own steps after the article's
    for key in ("text", "heading"):
        if key in node:
            new[key] = _rewrite(node[key], off, chapter_suffix)
    if "children" in node:
        new["children"] = [_copy_node(c, off, chapter_suffix) for c in node["children"]]
    return new


def synthesize(data: dict, factor: int) -> dict:
    """The edition file of a constitution `factor` times the size of `data`: copies of its chapters
    after the last section, before the transitional provisions, each copy's references into itself."""
    out = copy.deepcopy(data)
    chapters = [c for top in data["body"] if top["kind"] == "section" for c in top.get("children", ())
                if c["kind"] == "chapter"]
    extra = []
    for i in range(1, factor):
        extra += [_copy_node(c, COPY_STEP * i, f"-{100 + i}") for c in chapters]
    body = out["body"]
    at = next((k for k, top in enumerate(body) if top["kind"] == "transitional"), len(body))
    out["body"] = body[:at] + extra + body[at:]
    out["edition"]["notes"] = f"synthetic: {factor}x the embedded edition, for the benchmark"
    return out


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def synthetic_template(data: dict, factor: int, per_copy: int = EDITS_PER_COPY) -> str:
    """A template of `per_copy` edits in each copy: substitutions, new parts, new articles, repeals."""
    from drafter.load import from_json

    constitution = from_json(data, "synthetic")
    articles = constitution.articles()
    edits = []
    for i in range(factor):
        lo, hi = COPY_STEP * i, COPY_STEP * i + COPY_STEP
        mine = [a for a in articles if lo <= int(a.num.split("-")[0]) < hi]
        k = 0
        for a in mine:
            if k >= per_copy:
                break
            kind = k % 6
            parts = [c for c in a.children if c.kind == "part"]
            if kind in (0, 1, 2) and a.text and len(a.text.split()) > 3:
                word = next((w for w in a.text.split() if w.isalpha() and len(w) > 4 and a.text.count(w) == 1), None)
                if word is None:
                    continue
                edits.append({"op": "substitute", "target": f"Article {a.num}", "find": word,
                              "with": word.upper(), "rationale": "benchmark"})
            elif kind in (0, 1, 2) and parts and parts[0].text:
                word = next((w for w in parts[0].text.split() if w.isalpha() and len(w) > 4
                             and parts[0].text.count(w) == 1), None)
                if word is None:
                    continue
                edits.append({"op": "substitute", "target": f"Article {a.num}, part {parts[0].num}", "find": word,
                              "with": word.upper(), "rationale": "benchmark"})
            elif kind == 3 and parts and not any(c.kind == "item" for c in a.children):
                edits.append({"op": "insert", "into": f"Article {a.num}", "rationale": "benchmark",
                              "provision": {"kind": "part", "text": f"A new part of Article {a.num}, citing "
                                                                    f"Article {a.num}, part I."}})
            elif kind == 4:
                edits.append({"op": "insert", "after": f"Article {a.num}", "rationale": "benchmark",
                              "provision": {"kind": "article", "heading": "New article",
                                            "text": f"This Article supplements Article {a.num}."}})
            elif kind == 5 and len(parts) >= 2 and parts[-1].text and not parts[-1].children:
                edits.append({"op": "repeal", "target": f"Article {a.num}, part {parts[-1].num}",
                              "expect": " ".join(parts[-1].text.split()[:4]), "rationale": "benchmark"})
            else:
                continue
            k += 1
    lines = [f"id: synthetic-{factor}x", f"title: {factor}x synthetic edits", "option: B99", "kind: add-on",
             f"edition: {EDITION}", "author: bench", "rationale: synthetic edits for the benchmark",
             "argument: synthetic edits for the benchmark", "edits:"]
    for e in edits:
        first = True
        for key, value in e.items():
            if isinstance(value, dict):
                lines.append(f"    {key}:")
                lines += [f"      {k}: {_yaml_str(v)}" for k, v in value.items()]
            else:
                lines.append(f"  {'- ' if first else '  '}{key}: {_yaml_str(value)}")
            first = False
    return "\n".join(lines) + "\n"


def make_home(where: Path, factor: int) -> tuple[Path, Path, int, int]:
    """A DRAFTER_HOME holding a synthetic edition of `factor` x; returns (home, template, provisions, edits)."""
    source = ROOT / "constitution" / EDITION
    data = json.loads((source / "constitution.json").read_text(encoding="utf-8"))
    big = synthesize(data, factor) if factor > 1 else data
    folder = where / "constitution" / EDITION
    folder.mkdir(parents=True)
    (folder / "constitution.json").write_text(json.dumps(big, ensure_ascii=False, indent=1), encoding="utf-8")
    for name in ("procedure.yaml", "xref-known.yaml", "errata.yaml", "edition.yaml"):
        if (source / name).exists():
            shutil.copy(source / name, folder / name)
    template = where / f"synthetic-{factor}x.yaml"
    template.write_text(synthetic_template(big, factor), encoding="utf-8")
    provisions = sum(1 for _ in _walk(big["body"]))
    edits = template.read_text(encoding="utf-8").count("\n  - op:")
    return where, template, provisions, edits


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.get("children", ()))


# ---- the benchmark ------------------------------------------------------------------------------

def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def compare_engine(current: Path, drafted: list[dict]) -> tuple[list[list[str]], str | None]:
    """python-redlines (Docxodus) redline of each amended.docx against the current text, beside ours."""
    try:
        from python_redlines.engines import DocxodusEngine
        engine = DocxodusEngine()
    except Exception as exc:  # not installed, or no binary for this platform
        return [], f"python-redlines not available: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    rows = []
    original = current.read_bytes()
    for dr in drafted:
        amended = next(Path(f) for f in dr["files"] if f.endswith("amended.docx"))
        ours_docx = next(Path(f) for f in dr["files"] if f.endswith("redline.docx"))
        t = time.perf_counter()
        try:
            out, _, _ = engine.run_redline("python-redlines", original, amended.read_bytes())
        except Exception as exc:
            return rows, f"python-redlines failed here: {type(exc).__name__}: {str(exc).splitlines()[0]}"
        theirs = time.perf_counter() - t
        ours = dr["stages"].get("render redline", 0.0)
        rows.append([dr["options"][0], fmt(ours), fmt(theirs), f"{theirs / ours:.1f}x",
                     str(_revisions(ours_docx.read_bytes())), str(_revisions(out))])
    return rows, None


def _revisions(docx_bytes: bytes) -> int:
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml")
    return len(re.findall(rb"<w:(?:ins|del) ", xml))


def print_profile(profile_file: Path, factor: int) -> None:
    stats = pstats.Stats(str(profile_file))
    print(f"## Profile of the {factor}x run (cProfile, top functions by own time)\n")
    entries = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:12]
    total_tt = sum(v[2] for v in stats.stats.values())
    prof_rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in entries:
        where = file.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
        prof_rows.append([f"{where}:{line} {func}", str(nc), fmt(tt), f"{100 * tt / total_tt:.0f}%", fmt(ct)])
    print(table(prof_rows, ["function", "calls", "own time", "share", "cumulative"]))
    print()


def startup_rows(tmp: Path, cache: dict, against: Path | None = None, repeat: int = 5) -> list[list[str]]:
    """Interactive commands as a user runs them, each against `python -c pass` timed in the same run.

    Whole processes, wall and CPU (user + system), the median of `repeat` rounds; the commands take
    turns within a round, so a busy machine slows them alike. With bytecode (as pip installs it),
    written under `tmp`, not in the checkout. check runs warm (a cache folder the first round fills)
    and as a first run (an empty cache folder each round, as on a new machine). `against`: another
    checkout (the code before a change), timed in the same rounds.
    """
    env = {**cache, "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    trees = [("", ROOT, [DRAFTER])]
    if against is not None:
        # The same launcher, the other checkout's package first on the path.
        trees.append((f"{against.name}: ", against.resolve(), [PYTHON, DRAFTER]))
    times: dict[str, list[tuple[float, float]]] = {}

    def timed(what: str, cmd: list[str], run_env: dict, cwd: Path) -> None:
        before, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, env={**os.environ, **run_env}, cwd=cwd)
        spent, after = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"{what} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        times.setdefault(what, []).append((spent, cpu))

    for k in range(repeat):
        timed("python -c pass", [PYTHON, "-c", "pass"], env, ROOT)
        for label, tree, drafter in trees:
            tree_env = {**env, "PYTHONPATH": str(tree)} if label else env
            check = drafter + ["check", *map(str, sorted((tree / "templates").glob("*.yaml")))]
            timed(f"{label}drafter --help", drafter + ["--help"], tree_env, tree)
            timed(f'{label}drafter show "Article 144"', drafter + ["show", "Article 144"], tree_env, tree)
            timed(f"{label}drafter check templates/*.yaml", check, tree_env, tree)
            timed(f"{label}drafter check templates/*.yaml, first run", check,
                  {**tree_env, "XDG_CACHE_HOME": str(tmp / f"cold-{label}{k}")}, tree)
    wall0, cpu0 = (statistics.median(x[i] for x in times["python -c pass"]) for i in (0, 1))
    rows = []
    for what, runs in times.items():
        w, c = (statistics.median(x[i] for x in runs) for i in (0, 1))
        goal = "" if "first run" in what or "drafter" not in what else "goal < 6x" if "check" in what else "goal < 3x"
        rows.append([what, f"{fmt(w)} / {fmt(c)}", f"{w / wall0:.1f}x / {c / cpu0:.1f}x", goal])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="synthetic sizes (multiples of the embedded text)")
    ap.add_argument("--no-compare", action="store_true", help="skip python-redlines")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each in-process job (the median is shown)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed to each scaling run")
    ap.add_argument("--startup", action="store_true", help="only the start-up rows of the interactive commands")
    ap.add_argument("--against", type=Path, help="with --startup: another checkout timed in the same rounds")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    try:
        if args.startup:
            rows = startup_rows(tmp, {"XDG_CACHE_HOME": str(tmp / "cache")}, args.against, max(args.repeat, 5))
            print(table(rows, ["command", "wall / CPU", "x python -c pass (wall / CPU)", "goal"]))
            return
        run(sizes, args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(sizes: list[int], args, tmp: Path) -> None:
    import drafter

    print(f"drafter benchmark: {dt.datetime.now().isoformat(timespec='seconds')}, Python "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"command: {' '.join([Path(PYTHON).name, 'bench/run.py'] + sys.argv[1:])}  (from {ROOT})\n")
    jobs = drafts()

    # 1. The full job in-process (median of --repeat fresh processes), with the floor.
    # A cache folder of our own: the first run checks the edition against its schema (as a first
    # command on a machine does), the others find it checked (as every later command does).
    cache = {"XDG_CACHE_HOME": str(tmp / "cache")}
    first = run_worker({"out": str(tmp / "job-first"), "drafts": jobs}, env=cache)
    runs = [run_worker({"out": str(tmp / f"job-{k}"), "drafts": jobs}, env=cache) for k in range(args.repeat)]
    job = sorted(runs, key=lambda r: r["work"])[len(runs) // 2]
    # The ratio to the floor from runs without the stage timing, whose wrappers (entered once per
    # paragraph for the links) would count against the job.
    bare_runs = [run_worker({"out": str(tmp / f"bare-{k}"), "drafts": jobs, "floor": True, "bare": True}, env=cache)
                 for k in range(args.repeat)]
    bare = sorted(bare_runs, key=lambda r: r["work"] / r["floor"])[len(bare_runs) // 2]
    stage_rows = [[name, fmt(job["stages"][name]), f"{100 * job['stages'][name] / job['wall']:.0f}%"]
                  for name in STAGES if name in job["stages"]]
    print(f"## Full job: {len(jobs)} drafts, --scope full, 4 documents + report.json each (in-process)\n")
    print("drafts: " + "; ".join(" + ".join(o) for o in jobs) + "\n")
    print(table(stage_rows + [["total work, wall clock", fmt(job["wall"]), "100%"],
                              ["total work, CPU", fmt(job["work"]), ""],
                              ["(garbage collection, within the stages)", fmt(job["gc"]),
                               f"{100 * job['gc'] / job['wall']:.0f}%"],
                              ["(first run on a machine: load edition)", fmt(first["stages"]["load edition"]),
                               "schema check"],
                              ["(first run on a machine: total work, CPU)", fmt(first["work"]), ""],
                              ["(import drafter.draft)", fmt(job["import"]), ""]],
                ["stage", "time (wall)", "share"]))
    print()
    per = [[" + ".join(d["options"][:1]) + (f" +{len(d['options']) - 1}" if len(d["options"]) > 1 else ""),
            str(d["changes"]), fmt(d["seconds"])] for d in job["drafts"]]
    print(table(per, ["draft", "changes", "time"]))
    print()

    # 2. End to end: `drafter draft` subprocesses, and start-up alone.
    startup = [[what, time_, f"{ratio} python -c pass {goal}".rstrip()]
               for what, time_, ratio, goal in startup_rows(tmp, cache)]
    e2e = 0.0
    for n, options in enumerate(jobs):
        e2e += wall([DRAFTER, "draft", *options, "-o", str(tmp / f"e2e-{n}"), "--scope", "full", "--force",
                     "--date", DATE], env=cache)
    ratio = bare["work"] / bare["floor"]
    rows = [
        *startup,
        [f"drafter draft x{len(jobs)} (subprocesses, end to end)", fmt(e2e), f"{fmt(e2e / len(jobs))} each"],
        ["full job, in-process work (CPU, no stage timing)", fmt(bare["work"]),
         f"{fmt(bare['work'] / len(jobs))} each"],
        [f"floor: python-docx, same text ({bare['floor_documents']} documents, {bare['floor_paragraphs']} "
         f"paragraphs; CPU)", fmt(bare["floor"]), ""],
        ["ratio full job / floor", f"{ratio:.2f}x", "goal <= 1x"],
        ["peak RSS of the in-process job", f"{bare['max_rss_mb']:.0f} MB", ""],
    ]
    print("## End to end, start-up and the floor\n")
    print(table(rows, ["what", "time", "note"]))
    print()

    # 3. Scaling.
    print(f"## Scaling: synthetic constitutions, the largest real draft and a template of "
          f"{EDITS_PER_COPY} edits per copy (one subprocess per size)\n")
    largest = max(jobs, key=len)
    scale_rows = []
    base_time = None
    previous: tuple[int, float] | None = None  # (size, work) of the last size measured
    largest_stages: dict = {}
    profile_file = tmp / "profile.out"
    for factor in sizes:
        home, template, provisions, n_edits = make_home(tmp / f"home-{factor}x", factor)
        spec = {"out": str(tmp / f"scale-{factor}"), "drafts": [largest, [str(template)]]}
        if factor == max(sizes):
            spec["profile"] = str(profile_file)
        env = {"DRAFTER_HOME": str(home), "XDG_CACHE_HOME": str(tmp / f"cache-{factor}x")}
        r = run_worker(spec, env=env, timeout=args.timeout)
        if r is not None and factor == max(sizes):  # the profile slows the run: time it again without
            spec.pop("profile")
            shutil.rmtree(tmp / f"cache-{factor}x", ignore_errors=True)  # every size is timed cold
            r = run_worker(spec, env=env, timeout=args.timeout)
        if r is None:
            scale_rows.append([f"{factor}x", str(provisions), "-", f"{n_edits}", "-",
                               f"over {fmt(args.timeout)}", "-", "-", "-", "-", "(timed out)"])
            print(f"  {factor}x: timed out after {fmt(args.timeout)}", file=sys.stderr)
            continue
        base_time = base_time or r["work"] / factor
        real, synth = r["drafts"]
        top = max(((k, v) for k, v in r["stages"].items() if k != "other"), key=lambda kv: kv[1])
        # time ~ size ** exponent between this size and the one before: 1.00 is linear
        exponent = f"{math.log(r['work'] / previous[1]) / math.log(factor / previous[0]):.2f}" if previous else "-"
        previous = (factor, r["work"])
        scale_rows.append([f"{factor}x", str(provisions), fmt(real["seconds"]), f"{n_edits}", fmt(synth["seconds"]),
                           fmt(r["work"]), f"{r['work'] / factor / base_time:.2f}", exponent,
                           f"{100 * r['gc'] / r['wall']:.0f}%",
                           f"{r['max_rss_mb']:.0f} MB",
                           f"{top[0]} ({100 * top[1] / r['wall']:.0f}%)"])
        largest_stages = r["stages"]
        print(f"  {factor}x: {fmt(r['work'])}, peak RSS {r['max_rss_mb']:.0f} MB", file=sys.stderr)
    print(table(scale_rows, ["size", "provisions", "real draft", "edits", "synthetic draft", "total",
                             "time per 1x (1x = 1.00)", "exponent", "gc", "peak RSS", "largest stage"]))
    print()
    print(f"Stages of the {max(sizes)}x run: " + ", ".join(
        f"{k} {fmt(v)}" for k, v in sorted(largest_stages.items(), key=lambda kv: -kv[1]) if v >= 0.005))
    print()
    if profile_file.exists():
        print_profile(profile_file, max(sizes))
    else:
        print("(no profile: the largest run timed out)\n")

    # 4. python-redlines.
    if not args.no_compare:
        current_dir = tmp / "current"
        subprocess.run([DRAFTER, "draft", "-o", str(current_dir), "--scope", "full", "--date", DATE], check=True,
                       capture_output=True, cwd=ROOT)
        rows, note = compare_engine(current_dir / "amended.docx", job["drafts"])
        print("## python-redlines (Docxodus) compare of amended.docx against the current text, beside ours\n")
        if rows:
            print(table(rows, ["draft", "ours: render redline", "python-redlines", "ratio (theirs / ours)",
                               "our w:ins+w:del", "their w:ins+w:del"]))
        if note:
            print(note)
        print()
    print(f"(drafter {getattr(drafter, '__version__', '')} at {ROOT})")


if __name__ == "__main__":
    main()
