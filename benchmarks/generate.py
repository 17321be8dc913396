"""Deterministic benchmark archives built from seeds/ and, when present, ../shared/corpus.

    python benchmarks/generate.py --articles 10000 --out /tmp/archive [--defects] [--jsonl]

Articles are assembled from paragraphs of the source articles (same language per article),
so text statistics stay realistic. ``--defects`` injects the defects archive-lint looks for
(fused scripts, Latin punctuation, repeated paragraphs, zero-width spaces, residue lines) into
about one article in five. Files go 1,000 to a folder. Never commit a generated archive.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DEFECTS = {
    "ur": ["समावेशی", " اپنا تبصرہ لکھیں", "کرنا. ", "\u200b", " 积极 ", "ہیں۔، "],
    "hi": ["समावेशی", " और पढ़ें: ", "है | ", "\u200b", " চীন ", "है।. "],
}


def load_sources() -> dict[str, list[list[str]]]:
    """Source articles as lists of paragraphs, by language."""
    sources: dict[str, list[list[str]]] = {"ur": [], "hi": []}
    files = sorted((ROOT / "seeds").glob("*.txt"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("ur/*.txt")) + sorted(CORPUS.glob("hi/*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        if len(paragraphs) < 2:
            continue
        devanagari = sum("\u0900" <= ch <= "\u097f" for ch in text)
        arabic = sum("\u0600" <= ch <= "\u06ff" for ch in text)
        sources["hi" if devanagari > arabic else "ur"].append(paragraphs)
    return sources


def articles(count: int, seed: int, defects: bool):
    rng = random.Random(seed)
    sources = load_sources()
    for index in range(count):
        lang = "ur" if rng.random() < 0.6 else "hi"
        base = rng.choice(sources[lang])
        paragraphs = [base[0]] + [rng.choice(rng.choice(sources[lang])[1:])
                                  for _ in range(rng.randint(3, 12))]
        if defects and rng.random() < 0.2:
            target = rng.randrange(1, len(paragraphs))
            mark = rng.choice(DEFECTS[lang])
            cut = rng.randrange(len(paragraphs[target]) + 1)
            paragraphs[target] = paragraphs[target][:cut] + mark + paragraphs[target][cut:]
            if rng.random() < 0.3:
                paragraphs.append(paragraphs[target])
        yield index, lang, paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--defects", action="store_true")
    parser.add_argument("--jsonl", action="store_true", help="write one .jsonl per 1,000")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    with contextlib.ExitStack() as shards:
        shard = None
        for index, lang, paragraphs in articles(args.articles, args.seed, args.defects):
            if args.jsonl:
                if index % 1000 == 0:
                    shard = shards.enter_context(
                        open(args.out / f"{index // 1000:04}.jsonl", "w", encoding="utf-8"))
                line = json.dumps({"id": f"a{index}", "lang": lang, "title": paragraphs[0],
                                   "text": "\n".join(paragraphs[1:])}, ensure_ascii=False)
                shard.write(line + "\n")
                total += len(line.encode()) + 1
                continue
            folder = args.out / f"{index // 1000:04}"
            folder.mkdir(exist_ok=True)
            data = ("\n".join(paragraphs) + "\n").encode("utf-8")
            (folder / f"{index:07}.txt").write_bytes(data)
            total += len(data)
    print(f"wrote {args.articles} articles, {total / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
