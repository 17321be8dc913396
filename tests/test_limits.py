"""Limits (issue 10): huge files, many files, deep folders, loops, vanishing and unreadable
paths, the per-file time budget, and fixing on a full disk.

Each finishes with the right findings or errors and bounded memory. The biggest cases (a 50 MB
single-line file, a 200 MB file, 100,000 tiny files) run only with ``ARCHIVE_LINT_SLOW=1``;
CI runs scaled-down versions of the same tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.runner import lint_file, run
from tests.conftest import ROOT, run_cli

SLOW = bool(os.environ.get("ARCHIVE_LINT_SLOW"))
slow = pytest.mark.skipif(not SLOW, reason="set ARCHIVE_LINT_SLOW=1 for the full-size limits")
CATALOGUE = builtin_catalogue()
TITLE = "بارش سے موسم خوشگوار ہو گیا"
SENTENCE = "لاہور میں صبح سے بارش ہو رہی ہے اور شہر کی سڑکوں پر پانی کھڑا ہے۔ "
HINDI = "दिल्ली में आज सुबह से बारिश हो रही है और सड़कों पर पानी भरा है। "


def run_measured(*args: str, cwd) -> tuple[subprocess.CompletedProcess, float, int]:
    """The real CLI in a child process: (result, seconds, peak RSS of the child in MB)."""
    # The child's own peak: VmHWM of its address space. ru_maxrss would not do on Linux: it
    # survives fork and exec, so a child of a big pytest process reports the parent's peak.
    code = ("import resource, sys\nfrom linter.cli import main\ncode = main(sys.argv[1:])\n"
            "try:\n"
            "    status = open('/proc/self/status').read()\n"
            "    peak = int(status.split('VmHWM:')[1].split()[0])\n"
            "except (OSError, IndexError, ValueError):\n"
            "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "sys.stderr.write('PEAK_RSS_KB=%d\\n' % peak)\nsys.exit(code)\n")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                            text=True, env=env, timeout=3600)
    seconds = time.monotonic() - start
    peak = int(result.stderr.rsplit("PEAK_RSS_KB=", 1)[1].split()[0]) // 1024
    print(f"\n{args}: {seconds:.1f}s, peak RSS {peak} MB", file=sys.stderr)
    return result, seconds, peak


def _single_line(path, megabytes: int) -> None:
    unit = (SENTENCE + HINDI).encode()
    with open(path, "wb") as stream:
        stream.write(TITLE.encode() + b"\n")
        for _ in range(megabytes * 1_000_000 // len(unit)):
            stream.write(unit)
        stream.write(b"  \n")


@pytest.mark.parametrize("megabytes", [pytest.param(1, id="1MB"),
                                       pytest.param(50, id="50MB", marks=slow)])
def test_huge_single_line_file(tmp_path, megabytes):
    # The baseline, measured in the same test (and machine state), absorbs interpreter,
    # library and first-run cache costs, so the bound below is about the file alone.
    (tmp_path / "small.txt").write_text(TITLE + "\n" + SENTENCE + "\n", encoding="utf-8")
    _, _, baseline = run_measured("check", "--no-config", "--format", "json", "-o",
                                  "small.json", "small.txt", cwd=tmp_path)
    _single_line(tmp_path / "line.txt", megabytes)
    result, _seconds, peak = run_measured("check", "--no-config", "--format", "json",
                                          "-o", "out.json", "line.txt", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    out = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert '"trailing-whitespace"' in out and '"internal-error"' not in out
    assert peak - baseline < 60 * megabytes, f"peak RSS {peak} MB, baseline {baseline} MB"


@pytest.mark.parametrize("megabytes", [pytest.param(3, id="3MB"),
                                       pytest.param(200, id="200MB", marks=slow)])
def test_huge_file_of_many_lines(tmp_path, megabytes):
    unit = (f"{SENTENCE}\n{HINDI}  \n\n").encode()
    with open(tmp_path / "big.txt", "wb") as stream:
        stream.write(TITLE.encode() + b"\n\n")
        block = unit * 1000
        for _ in range(megabytes * 1_000_000 // len(block)):
            stream.write(block)
    result, _seconds, peak = run_measured("check", "--no-config", "--select", "L001,E",
                                          "--statistics", "-q", "big.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # warnings only
    assert "L001   trailing-whitespace" in result.stdout
    assert peak < 400 + 60 * megabytes, f"peak RSS {peak} MB"


@pytest.mark.parametrize("count", [pytest.param(1_000, id="1k"),
                                   pytest.param(100_000, id="100k", marks=slow)])
def test_many_tiny_files_stream(tmp_path, count):
    root = tmp_path / "archive"
    for folder in range(count // 1000 or 1):
        (root / f"{folder:03}").mkdir(parents=True)
        for index in range(min(count, 1000)):
            (root / f"{folder:03}" / f"{index:04}.txt").write_text(
                f"{TITLE} {folder} {index}\n{SENTENCE}\n", encoding="utf-8")
    result, _seconds, peak = run_measured("check", "--no-config", "--select", "L,E",
                                          "--statistics", "archive", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"in {count} file(s), {count} article(s)" in result.stderr
    assert peak < 600, f"peak RSS {peak} MB"


def test_deeply_nested_folder(tmp_path):
    depth = 300
    folder = tmp_path
    for _ in range(depth):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "deep.txt").write_text(f"{TITLE}  \n{SENTENCE.strip()}\n", encoding="utf-8")
    outcome = run([str(tmp_path)], Settings(CATALOGUE, select=["L001"]))
    assert (outcome.files, outcome.errors) == (1, [])
    assert [(f.rule, f.line) for f in outcome.findings] == [("trailing-whitespace", 1)]


def test_symlink_loops_end_with_an_error_not_a_hang(tmp_path):
    (tmp_path / "a.txt").write_text(f"{TITLE}\n{SENTENCE}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # folder loop
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a link to itself
    result = run_cli("check", "--no-config", "--select", "L", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "./self.txt: cannot read: Too many levels of symbolic links" in result.stderr
    assert "in 1 file(s)" in result.stderr  # the folder loop is not followed


def test_file_that_disappears_mid_run(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"{TITLE}  \n{SENTENCE}\n", encoding="utf-8")

    def lint_and_delete_the_next(path, settings, options):
        if path.endswith("a.txt"):
            os.unlink(tmp_path / "b.txt")
        return lint_file(path, settings, options)

    outcome = run([str(tmp_path)], Settings(CATALOGUE, select=["L001"]),
                  lint=lint_and_delete_the_next)
    assert outcome.errors == [f"{tmp_path}/b.txt: no such file (it may have been removed "
                              f"during the run)"]
    assert sorted({f.path.rsplit("/", 1)[1] for f in outcome.findings}) == ["a.txt", "c.txt"]


def test_unreadable_paths_fifo_and_permission_denied(tmp_path):
    # We run as root, so chmod 000 does not stop reads: a FIFO named *.txt is the unreadable
    # path (opening it would block forever), and a child process that drops to `nobody`
    # meets a chmod 000 file.
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(f"{TITLE}  \n{SENTENCE}\n", encoding="utf-8")
    for command in ("check", "fix"):
        result = run_cli(command, "--no-config", "--select", "L001", ".", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert ("./pipe.txt: cannot read: not a regular file (a FIFO, socket or device); "
                "not read") in result.stderr
    if os.geteuid() != 0:
        return
    import tempfile

    shared = tempfile.mkdtemp()
    try:
        os.chmod(shared, 0o755)
        secret = os.path.join(shared, "secret.txt")
        with open(secret, "w", encoding="utf-8") as stream:
            stream.write(f"{TITLE}\n")
        os.chmod(secret, 0)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "HOME": shared}
        result = subprocess.run(
            # Import what the run needs first: the interpreter under /root is closed to nobody.
            [sys.executable, "-c", "import os, sys; from linter.cli import main, _modules; "
             "import ruamel.yaml, linter.runner, linter.report.text, linter.suppressions, "
             "linter.checks.layout, linter.checks.encoding; _modules(); os.setgroups([]); "
             "os.setgid(65534); os.setuid(65534); sys.exit(main(sys.argv[1:]))",
             "check", "--no-config", "--select", "L001", secret], cwd=shared, env=env,
            capture_output=True, text=True, timeout=120)
        if "ModuleNotFoundError" in result.stderr or "PermissionError" in result.stderr:
            pytest.skip("the package is not readable by nobody here")
        assert result.returncode == 2, result.stderr
        assert f"{secret}: cannot read: permission denied" in result.stderr
    finally:
        import shutil

        shutil.rmtree(shared, ignore_errors=True)


# --------------------------------------------------------------------------- time budget

def test_time_budget_turns_a_hanging_rule_into_a_finding(tmp_path, monkeypatch, capsys):
    from linter import cli
    from linter.checks import layout, load_check

    def hangs(doc, ctx):
        while True:
            pass
        yield  # pragma: no cover

    (tmp_path / ".archive-lint.yaml").write_text("time-budget: 0.5\n", encoding="utf-8")
    (tmp_path / "slow.txt").write_text(f"{TITLE}  \n{SENTENCE}\n", encoding="utf-8")
    (tmp_path / "zfine.txt").write_text(f"{TITLE}  \n{SENTENCE}\n", encoding="utf-8")
    load_check.cache_clear()
    calls = []

    def first_hangs(doc, ctx):
        calls.append(doc.path)
        return hangs(doc, ctx) if doc.path.endswith("slow.txt") else iter(())

    monkeypatch.setattr(layout, "trailing_whitespace", first_hangs)
    monkeypatch.chdir(tmp_path)
    start = time.monotonic()
    try:
        code = cli.main(["--select", "L001,L003", "."])
    finally:
        load_check.cache_clear()
    assert time.monotonic() - start < 10
    out = capsys.readouterr().out
    assert code == 1  # an error finding, not an internal error
    assert out.startswith("./slow.txt:1:1: X010 [error] linting this file took longer than "
                          "its time budget (0.5s) and was stopped")
    assert "(time-budget)" in out and "internal-error" not in out
    assert len(calls) == 2  # the next file was linted normally


def test_time_budget_stops_a_catastrophic_pack_pattern(tmp_path):
    (tmp_path / "pack.yaml").write_text(
        "rules:\n  - name: slow-pattern\n    code: H901\n    kind: existence\n"
        "    timeout: 60\n    patterns: ['(a|a)*$']\n", encoding="utf-8")
    (tmp_path / ".archive-lint.yaml").write_text(
        "packs: [pack.yaml]\ntime-budget: 1\nselect: [slow-pattern]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("عنوان\n" + "a" * 40 + "!\n", encoding="utf-8")
    start = time.monotonic()
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert time.monotonic() - start < 30
    assert result.returncode == 1, result.stderr
    assert "a.txt:1:1: X010 [error]" in result.stdout


def test_pack_pattern_timeout_alone_also_finishes(tmp_path):
    (tmp_path / "pack.yaml").write_text(
        "rules:\n  - name: slow-pattern\n    code: H901\n    kind: existence\n"
        "    timeout: 0.3\n    patterns: ['(a|a)*$']\n", encoding="utf-8")
    (tmp_path / ".archive-lint.yaml").write_text(
        "packs: [pack.yaml]\nselect: [slow-pattern]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("عنوان\n" + "a" * 40 + "!\n", encoding="utf-8")
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert "ran longer than 0.3s on this document and was stopped" in result.stdout


def test_time_budget_config_is_validated(tmp_path):
    (tmp_path / ".archive-lint.yaml").write_text("time-budget: -1\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"{TITLE}\n{SENTENCE}\n", encoding="utf-8")
    result = run_cli("check", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert ".archive-lint.yaml:1:14: 'time-budget' must be a number of seconds" in result.stderr


def test_time_budget_is_a_no_op_off_the_main_thread():
    import threading

    from linter.budget import time_budget

    done = []

    def work():
        with time_budget(0.01):
            time.sleep(0.05)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]


def test_time_budget_inside_a_run_wide_handler_arms_only_the_timer():
    import signal

    from linter.budget import TimeBudgetExceeded, budget_handler, time_budget

    before = signal.getsignal(signal.SIGALRM)
    with budget_handler(0.05):
        installed = signal.getsignal(signal.SIGALRM)
        for _ in range(2):  # each block stops on its own budget; the handler stays
            with pytest.raises(TimeBudgetExceeded), time_budget(0.05):
                while True:
                    pass
            assert signal.getsignal(signal.SIGALRM) is installed
        with time_budget(0.05):
            pass
        time.sleep(0.1)  # a disarmed budget never fires after its block
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == before


# --------------------------------------------------------------------------- full disk

@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_fixing_on_a_full_disk_leaves_the_original_and_reports(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        path = disk / "a.txt"
        before = (f"{TITLE}  \n" + f"{SENTENCE}  \n" * 1500).encode()  # ~190 KB of 256 KB
        path.write_bytes(before)
        result = run_cli("fix", "--no-config", "--select", "L001", "a.txt", cwd=disk)
        assert result.returncode == 2, result.stderr
        assert "a.txt: cannot write: No space left on device" in result.stderr
        assert path.read_bytes() == before
        assert sorted(p.name for p in disk.iterdir()) == ["a.txt"]  # no temp file left
        assert "L001 [warning]" in result.stdout  # its findings are still reported
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_read_only_file_via_check_fix_is_untouched_and_reported(tmp_path):
    path = tmp_path / "a.txt"
    before = f"{TITLE}  \n{SENTENCE}\n".encode()
    path.write_bytes(before)
    path.chmod(0o444)
    result = run_cli("check", "--fix", "--no-config", "--select", "L001", "a.txt",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert "a.txt: read-only file: not fixed" in result.stderr
    assert path.read_bytes() == before


