"""False-alarm measurement: run rules over a real corpus and count findings per 100 articles.

    python benchmarks/corpus_stats.py [--corpus ../shared/corpus] [--select RULES] \
        [--lang ur|hi] [--samples 5] [--seed 1]

Prints, per rule and language: findings, articles flagged, findings per 100 articles, and a
random sample of findings with their excerpt, so a person can judge which are real defects.
The corpus text belongs to its publishers: read it in place, never copy it into the repo.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linter.catalogue import builtin_catalogue
from linter.engine import Settings
from linter.runner import lint_file, reduce_archive

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--select", help="comma-separated rules, codes or prefixes")
    parser.add_argument("--lang", choices=("ur", "hi"), help="only this language folder")
    parser.add_argument("--samples", type=int, default=5, help="findings shown per rule")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, help="only the first N files per language")
    args = parser.parse_args()
    select = args.select.split(",") if args.select else None
    settings = Settings(builtin_catalogue(), select=select)
    langs = [args.lang] if args.lang else ["ur", "hi"]
    articles: Counter = Counter()
    counts: Counter = Counter()
    flagged: dict = defaultdict(set)
    examples: dict = defaultdict(list)
    signatures = []
    for lang in langs:
        files = sorted((args.corpus / lang).glob("*.txt"))[: args.limit]
        for path in files:
            result = lint_file(str(path), settings)
            articles[lang] += 1
            signatures.extend(result.signatures)
            for finding in result.findings:
                key = (finding.rule, lang)
                counts[key] += 1
                flagged[key].add(finding.path)
                examples[key].append(finding)
    for finding in reduce_archive(signatures, settings):
        lang = Path(finding.path).parent.name
        key = (finding.rule, lang)
        counts[key] += 1
        flagged[key].add(finding.path)
        examples[key].append(finding)
    rng = random.Random(args.seed)
    print(f"articles: {dict(articles)}")
    print(f"{'rule':<34}{'lang':<6}{'findings':>9}{'articles':>10}{'per100':>9}{'%flagged':>10}")
    for (rule, lang), n in sorted(counts.items()):
        total = articles[lang] or 1
        print(f"{rule:<34}{lang:<6}{n:>9}{len(flagged[rule, lang]):>10}"
              f"{100 * n / total:>9.1f}{100 * len(flagged[rule, lang]) / total:>9.1f}%")
    if args.samples:
        for (rule, lang), found in sorted(examples.items()):
            print(f"\n== {rule} ({lang}): {len(found)} findings; sample:")
            for finding in rng.sample(found, min(args.samples, len(found))):
                excerpt = finding.excerpt.replace("\n", "⏎")[:120]
                print(f"  {finding.path}:{finding.line}:{finding.column} {finding.message}"
                      f"\n      «{excerpt}»")


if __name__ == "__main__":
    main()
