"""``--jobs``: a run in several processes reports exactly what a serial run reports."""

from __future__ import annotations

import io
import json
import random
import shutil

import pytest

from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from tests.conftest import SEEDS, run_cli


def _paragraphs() -> list[list[str]]:
    sources = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        sources.append([line for line in lines if line])
    return sources


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """seeds/ plus generated articles: duplicates across files and folders, a near copy,
    .md and .jsonl files, an undecodable file and injected defects."""
    root = tmp_path_factory.mktemp("parallel")
    shutil.copytree(SEEDS, root / "seeds")
    sources = _paragraphs()
    rng = random.Random(9)
    generated = root / "generated"
    generated.mkdir()
    bodies = []
    for index in range(40):
        base = rng.choice(sources)
        body = [base[0]] + [rng.choice(rng.choice(sources)[1:]) for _ in range(rng.randint(2, 6))]
        if index % 7 == 3:
            body[1] = body[1] + " \u200b اپنا تبصرہ لکھیں"
        if index % 5 == 0:
            body.append(body[1])  # a repeated paragraph
        bodies.append(body)
        (generated / f"a{index:03}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    # The same article under another name and another title, and a near copy in another folder.
    copies = root / "copies"
    copies.mkdir()
    (copies / "same.txt").write_text("\n".join(["Another title", *bodies[2][1:]]) + "\n",
                                     encoding="utf-8")
    (copies / "near.txt").write_text("\n".join(bodies[5][:-1]) + "\n", encoding="utf-8")
    shutil.copy(SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0], copies / "seed-copy.txt")
    (copies / "front.md").write_text("---\nlang: ur\n---\n# " + "\n".join(bodies[7]) + "\n",
                                     encoding="utf-8")
    with open(copies / "records.jsonl", "w", encoding="utf-8") as stream:
        for number in (1, 2, 1):
            stream.write(json.dumps({"id": f"r{number}", "title": bodies[number][0],
                                     "text": "\n".join(bodies[number][1:])},
                                    ensure_ascii=False) + "\n")
    (copies / "broken.txt").write_bytes("سرخی\nخبر \xff".encode().replace(b"\xc3\xbf",
                                                                               b"\xff"))
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "json-lines", "github", "sarif"])
def test_two_jobs_report_exactly_what_one_job_reports(archive, fmt):
    args = ("check", "--no-config", "--format", fmt, str(archive), str(archive / "missing.txt"))
    one = run_cli(*args, "--jobs", "1")
    two = run_cli(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 2  # findings, and a missing path
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert "duplicate-article" in one.stdout and "copies/same.txt" in one.stdout
    assert "scrape-residue" in one.stdout


def test_statistics_and_default_jobs_agree(archive):
    args = ("--no-config", "--statistics", "-q", str(archive))
    assert run_cli(*args).stdout == run_cli(*args, "-j", "1").stdout


def test_jobs_must_be_a_positive_number(archive):
    result = run_cli("check", "--jobs", "0", str(archive))
    assert result.returncode == 2
    assert "--jobs" in result.stderr


def test_a_few_files_never_start_a_pool(monkeypatch, archive):
    import concurrent.futures

    from linter import runner

    def refuse(*args, **kwargs):
        raise AssertionError("a pool was started for two files")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    files = [str(p) for p in sorted((archive / "generated").glob("*.txt"))[:2]]
    outcome = runner.run(files, Settings(builtin_catalogue()), jobs=4)
    assert outcome.files == 2


def test_parallel_run_in_process_matches_serial(archive):
    settings = Settings(builtin_catalogue())
    serial = runner_run([str(archive)], settings, 1)
    parallel = runner_run([str(archive)], Settings(builtin_catalogue()), 2)
    assert parallel.files == serial.files and parallel.documents == serial.documents
    assert parallel.errors == serial.errors
    assert parallel.findings == serial.findings


def test_workers_write_the_json_findings_themselves(archive):
    """With a JSON format the workers write their findings as report text (linter.shards);
    the log reads back the same findings, late ones (duplicate-article) in their place."""
    from linter.report import Summary
    from linter.report import json as json_report
    from linter.runner import run

    serial = run([str(archive)], Settings(builtin_catalogue()), jobs=1, spill=True)
    written = run([str(archive)], Settings(builtin_catalogue()), jobs=2, spill=True,
                  render="json")
    assert written.findings.segments > 1 and not serial.findings.segments
    assert list(written.findings) == list(serial.findings)
    assert any(f.rule == "duplicate-article" for f in written.findings)
    reports = []
    for outcome in (serial, written):
        stream = io.StringIO()
        json_report.write(outcome.findings, Summary.of(outcome.findings, 1, 1), stream)
        reports.append(stream.getvalue())
    assert reports[0] == reports[1]


def test_without_a_temporary_folder_findings_travel_back_as_before(archive, monkeypatch):
    import tempfile

    from linter.runner import run

    serial = run([str(archive)], Settings(builtin_catalogue()), jobs=1, spill=True)
    monkeypatch.setattr(tempfile, "tempdir", str(archive / "no-such-folder"))
    parallel = run([str(archive)], Settings(builtin_catalogue()), jobs=2, spill=True,
                   render="json")
    assert not parallel.findings.segments
    assert list(parallel.findings) == list(serial.findings)


def test_a_file_result_pickles_as_columns_and_back():
    import pickle

    from linter.findings import Finding, FindingFix, FixEdit, Severity
    from linter.runner import FileResult

    fix = FindingFix(True, "drop it", (FixEdit(1, 4, 1, 6, "", 3, 5),))
    findings = [Finding("a.txt", 1, 4, 1, 6, "trailing-whitespace", "L001", Severity.WARNING,
                        "trailing white space", "  ", fix, None, 3, 5),
                Finding("a.txt", 2, 1, 2, 1, "r", "X001", Severity.ERROR, "m", record="7")]
    result = FileResult("a.txt", findings, documents=1, signatures=[("k", ("a.txt", None), 1)])
    back = pickle.loads(pickle.dumps(result))

    def fields(r):
        return r.path, r.findings, r.documents, r.signatures, r.error, r.suppressions, r.extra

    assert fields(back) == fields(result) and result.findings is findings
    assert [type(f) for f in back.findings] == [Finding, Finding]
    assert type(back.findings[0].fix) is FindingFix and back.findings[0].severity is \
        Severity.WARNING


def test_an_unpickled_result_hands_over_its_columns_unbuilt():
    import pickle

    from linter.findings import Finding, Severity, from_columns
    from linter.runner import FileResult

    findings = [Finding("a.txt", n, 1, n, 2, "r", "X001", Severity.INFO, "m") for n in (1, 2)]
    back = pickle.loads(pickle.dumps(FileResult("a.txt", findings)))
    columns = back.take_columns()
    assert from_columns(columns) == findings and back.findings == []
    assert back.take_columns() is None  # handed over once
    read = pickle.loads(pickle.dumps(FileResult("a.txt", findings)))
    assert read.findings == findings and read.take_columns() is None  # read: built, kept


@pytest.mark.parametrize("limit", ["3", "40", "20000"])
def test_a_spilled_parallel_run_reads_back_what_a_serial_one_does(archive, monkeypatch, limit):
    """Worker results go to the log as columns (spilled as they are); tallies agree too."""
    from linter.runner import run

    monkeypatch.setenv("ARCHIVE_LINT_SPILL_LIMIT", limit)
    serial = run([str(archive)], Settings(builtin_catalogue()), jobs=1, spill=True)
    parallel = run([str(archive)], Settings(builtin_catalogue()), jobs=2, spill=True)
    assert serial.findings.spilled == parallel.findings.spilled == (limit != "20000")
    assert list(parallel.findings) == list(serial.findings)
    assert parallel.findings.tally() == serial.findings.tally()
    assert len(parallel.findings) == len(serial.findings) > 100


def runner_run(paths, settings, jobs):
    from linter.runner import run

    return run(paths, settings, jobs=jobs)


def test_fix_in_two_jobs_writes_and_reports_what_one_job_does(archive, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(archive, one)
    shutil.copytree(archive, two)
    first = run_cli("fix", "--no-config", "--jobs", "1", ".", cwd=one)
    second = run_cli("fix", "--no-config", "--jobs", "2", ".", cwd=two)
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode, first.stdout, first.stderr)
    assert "Fixed" in first.stderr
    for path in sorted(one.rglob("*")):
        if path.is_file():
            assert (two / path.relative_to(one)).read_bytes() == path.read_bytes(), path
