"""The golden file: every finding archive-lint reports on seeds/, reviewed by eye.

Any change in what seeds/ yields fails this test. Review the difference, then regenerate:
``python tests/test_seeds_golden.py`` (and read the diff of tests/golden/seeds.txt).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "seeds.txt"


def current() -> str:
    sys.path.insert(0, str(ROOT))
    import os

    from linter.catalogue import builtin_catalogue
    from linter.engine import Settings
    from linter.report.text import format_finding
    from linter.runner import run

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        outcome = run(["seeds"], Settings(builtin_catalogue()))
    finally:
        os.chdir(cwd)
    lines = []
    for finding in outcome.findings:
        excerpt = finding.excerpt.replace("\n", "⏎")
        if len(excerpt) > 80:
            excerpt = excerpt[:40] + "…" + excerpt[-39:]
        lines.append(f"{format_finding(finding)}\n    «{excerpt}»")
    return "\n".join(lines) + "\n"


def test_seeds_findings_match_the_golden_file():
    expected = GOLDEN.read_text(encoding="utf-8")
    actual = current()
    if actual != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            "golden", "now"))
        raise AssertionError("seeds/ findings changed; review and regenerate with "
                             f"`python tests/test_seeds_golden.py`:\n{diff}")


if __name__ == "__main__":
    GOLDEN.write_text(current(), encoding="utf-8")
    print(f"wrote {GOLDEN}")
