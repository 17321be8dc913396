"""Output on a terminal whose encoding cannot hold Urdu or Hindi: escapes, not a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from linter.output_streams import HANDLER, _register
from tests.conftest import ROOT, SEEDS, run_cli


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_json_report_on_a_non_utf8_terminal_reads_back_the_same(encoding):
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    plain = run_cli("check", "--no-config", "--format", "json", seed)
    escaped = run_cli("check", "--no-config", "--format", "json", seed,
                      env={"PYTHONIOENCODING": encoding})
    assert escaped.returncode == plain.returncode == 1
    assert escaped.stderr == plain.stderr  # the summary line, no encoding error
    assert "\\u06" in escaped.stdout and escaped.stdout.isascii()
    assert json.loads(escaped.stdout) == json.loads(plain.stdout)


def test_text_on_an_ascii_terminal_escapes_each_character_it_cannot_hold(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("عنوان\nخبر یہاں ہے.\n", encoding="utf-8")
    result = run_cli("check", "--no-config", "--select", "latin-punctuation", str(article),
                     env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0  # a warning
    assert result.stdout == (f"{article}:2:12: P001 [warning] Latin '.' after a word in Arabic "
                             "script; this language writes '\\u06d4' (latin-punctuation) [*]\n")


def test_an_undecodable_file_name_prints_as_its_bytes_on_any_terminal(tmp_path):
    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"n\xff.txt")
    with open(name, "wb") as stream:
        stream.write("عنوان\nخبر یہاں ہے.\n".encode())
    for encoding in ("utf-8", "latin-1", "ascii"):
        result = subprocess.run([sys.executable, "-m", "linter", "check", "--no-config",
                                 "--select", "latin-punctuation", "-q", os.fsdecode(folder)],
                                cwd=ROOT, capture_output=True,
                                env={**os.environ, "PYTHONIOENCODING": encoding})
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(name + b":2:12: P001 [warning]"), encoding


def test_the_handler_escapes_as_json_does_and_keeps_escaped_bytes():
    _register()
    assert "a۔😀".encode("ascii", HANDLER) == b"a\\u06d4\\ud83d\\ude00"
    assert "b\udcff".encode("latin-1", HANDLER) == b"b\xff"
    assert json.loads('"' + "۔😀".encode("ascii", HANDLER).decode() + '"') == "۔😀"
