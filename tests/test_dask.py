"""``check --engine dask``: a real LocalCluster (two worker processes) finds exactly what a
single-process run finds, on seeds/ as JSONL and Parquet shards, generated shards and a folder,
including duplicate articles that sit in different shards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, run_cli

pytest.importorskip("distributed", reason="dask is not installed: pip install "
                    "'archive-lint[dask]' (dask[distributed], pyarrow) to run the cluster test")
pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install "
                         "'archive-lint[dask]'")
import pyarrow.parquet as pq  # noqa: E402

from linter import distributed  # noqa: E402
from linter.catalogue import builtin_catalogue  # noqa: E402
from linter.engine import Settings  # noqa: E402
from linter.report.json import finding_to_dict  # noqa: E402
from linter.runner import run as run_local  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                           dashboard_address=":0")
    client = Client(cluster)
    try:
        client.wait_for_workers(2, timeout=60)
        yield client
    finally:
        client.close()
        cluster.close()


def _write(rows: list[dict], stem: Path) -> tuple[str, str]:
    """``rows`` as ``stem.jsonl`` and ``stem.parquet`` (small row groups, so slices cross them)."""
    jsonl = stem.with_suffix(".jsonl")
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                     encoding="utf-8")
    parquet = stem.with_suffix(".parquet")
    pq.write_table(pa.Table.from_pylist(rows), parquet, row_group_size=16)
    return str(jsonl), str(parquet)


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("shards")
    seeds = []
    for path in sorted(SEEDS.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        seeds.append({"id": path.stem, "title": title, "text": body})
    first, second = seeds[:2], seeds[2:]
    # a copy of an article of the first shard, and a near copy (last paragraph dropped)
    second.append({**seeds[0], "id": "copy", "title": "another title"})
    near = seeds[1]["text"].rstrip("\n").rsplit("\n", 1)[0]
    second.append({"id": "near", "title": seeds[1]["title"], "text": near})
    generated = out / "generated"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--articles", "160",
                    "--out", str(generated), "--defects", "--jsonl", "--seed", "7"],
                   check=True, capture_output=True)
    records = [json.loads(line) for line in
               (generated / "0000.jsonl").read_text(encoding="utf-8").splitlines()]
    records[120:120] = [{**records[3], "id": "g-copy"}]  # lands in the other generated shard
    files = {"jsonl": [], "parquet": []}
    for stem, rows in (("seeds-a", first), ("seeds-b", second), ("gen-a", records[:80]),
                       ("gen-b", records[80:])):
        jsonl, parquet = _write(rows, out / stem)
        files["jsonl"].append(jsonl)
        files["parquet"].append(parquet)
    # a shard that is not clean UTF-8: linted whole, as locally
    broken = out / "broken.jsonl"
    broken.write_bytes(Path(files["jsonl"][0]).read_bytes() + b'{"id": "bad", "text": "\xff"}\n')
    files["jsonl"].append(str(broken))
    folder = out / "folder"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    files["folder"] = [str(folder)]
    (generated / "0000.jsonl").unlink()
    return files


def _settings() -> Settings:
    return Settings(builtin_catalogue())


def _dicts(outcome) -> list[dict]:
    return [finding_to_dict(f) for f in outcome.findings]


def test_cluster_finds_what_one_process_finds(client, shards):
    paths = [*shards["jsonl"], *shards["parquet"], *shards["folder"]]
    local = run_local(paths, _settings(), jobs=1)
    # 37 documents a partition: shards are cut across partitions and small files packed
    remote = distributed.run(paths, _settings(), client=client, partition_size=37)
    assert _dicts(remote) == _dicts(local)
    assert (remote.files, remote.documents, remote.errors) == \
        (local.files, local.documents, local.errors)
    assert len(client.scheduler_info()["workers"]) == 2
    duplicates = [f for f in local.findings if f.rule == "duplicate-article"]
    across = {(Path(f.path).name, f.record) for f in duplicates
              if Path(f.path).name not in f.message}
    for name in ("seeds-b.jsonl", "seeds-b.parquet"):
        assert {(name, "copy"), (name, "near")} <= across
    assert ("gen-b.parquet", "g-copy") in across
    assert local.findings and any(f.rule == "invalid-encoding" for f in local.findings)


def test_parquet_positions_are_row_and_column_in_field(shards):
    path = next(p for p in shards["parquet"] if p.endswith("seeds-b.parquet"))
    rows = pq.read_table(path).to_pylist()
    outcome = run_local([path], _settings(), jobs=1)
    checked = 0
    for finding in outcome.findings:
        if not finding.excerpt or finding.rule == "duplicate-article":
            continue
        row = rows[finding.line - 1]
        assert finding.record == row["id"]
        field = row["text"] if row["text"][finding.column - 1:].startswith(finding.excerpt) \
            else row["title"]
        assert field[finding.column - 1:].startswith(finding.excerpt), finding
        checked += 1
    assert checked > 10


def test_command_line_report_and_exit_code_match(client, shards, tmp_path):
    paths = [*shards["parquet"][:2], *shards["jsonl"][:2]]
    local = run_cli("check", "--no-config", "--format", "json", "-q", *paths)
    remote = run_cli("check", "--no-config", "--format", "json", "-q", "--engine", "dask",
                     "--scheduler", client.scheduler.address, "--partition-size", "2", *paths)
    assert "Traceback" not in remote.stderr
    assert (remote.returncode, remote.stdout) == (local.returncode, local.stdout)
    assert local.returncode == 1
    out = tmp_path / "findings"
    sharded = run_cli("check", "--no-config", "--engine", "dask", "--scheduler",
                      client.scheduler.address, "--partition-size", "3", "--output-dir",
                      str(out), *paths)
    assert sharded.returncode == 1 and sharded.stdout == ""
    report = json.loads(local.stdout)
    lines = [json.loads(line) for part in sorted(out.glob("part-*.jsonl"))
             for line in part.read_text(encoding="utf-8").splitlines()]
    assert sorted(lines, key=json.dumps) == sorted(report["findings"], key=json.dumps)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["partitions"] == len(list(out.glob("part-*.jsonl"))) > 1
    assert summary["by_rule"] == report["summary"]["by_rule"]
    assert summary["by_severity"] == report["summary"]["by_severity"]
    assert sum(summary["by_language"].values()) == len(report["findings"])
    assert set(summary["by_language"]) <= {"ur", "hi", "unknown"}


def test_plan_cuts_big_shards_and_packs_small_files():
    Survey = distributed.Survey
    surveys = [Survey("a.txt"), Survey("b.txt"), Survey("c.jsonl", 7, (0, 30, 60, 90), True),
               Survey("d.parquet", 2, (), True), Survey("e.jsonl"), Survey("f.txt")]
    parts = distributed.plan(surveys, 3)
    assert [[(s.path, s.start, s.stop, s.offset, s.end) for s in p] for p in parts] == [
        [("a.txt", None, None, 0, None), ("b.txt", None, None, 0, None)],
        [("c.jsonl", 0, 3, 0, 30)],
        [("c.jsonl", 3, 6, 30, 60)],
        [("c.jsonl", 6, 7, 60, 90), ("d.parquet", None, None, 0, None)],
        [("e.jsonl", None, None, 0, None), ("f.txt", None, None, 0, None)],
    ]


def test_survey_finds_line_starts_and_refuses_unclean_shards(tmp_path):
    shard = tmp_path / "s.jsonl"
    lines = [json.dumps({"id": n, "text": "ک" * n}, ensure_ascii=False) for n in range(7)]
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    survey = distributed.survey(str(shard), 3)
    data = shard.read_bytes()
    assert survey.units == 8 and survey.sliceable
    assert [data[o:].split(b"\n", 1)[0] for o in survey.offsets] == \
        [lines[0].encode(), lines[3].encode(), lines[6].encode()]
    shard.write_bytes(data + b'{"text": "\xff"}\n')
    assert not distributed.survey(str(shard), 3).sliceable


def test_engine_options_need_engine_dask(shards):
    result = run_cli("check", "--no-config", "--scheduler", "tcp://127.0.0.1:1",
                     shards["jsonl"][0])
    assert result.returncode == 2
    assert "need --engine dask" in result.stderr
