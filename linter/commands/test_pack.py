"""``archive-lint test-pack FILE``: validate a rule pack and run its rules' bad/good examples.

Every ``bad`` example must be reported by its rule and every ``good`` one must not. Exit 0 when
all examples hold, 1 when one fails, 2 when the pack is invalid (``file:line:column``).
"""

from __future__ import annotations

from pathlib import Path

from linter.commands import EXIT_CLEAN, EXIT_FINDINGS, UsageError

NAME = "test-pack"
HELP = "validate a rule pack and run the bad/good examples of its rules"


def add_arguments(parser) -> None:
    parser.add_argument("pack", metavar="FILE", help="a rule-pack YAML file")


def lint_example(text: str, spec, example, catalogue) -> list:
    from linter.config import Config
    from linter.engine import Settings
    from linter.readers import read_bytes
    from linter.runner import FileResult, lint_one

    settings = Settings(catalogue, Config(lang=example.lang), select=[spec.name])
    read = read_bytes(text.encode("utf-8"), f"example.{example.format}")
    result = FileResult(f"example.{example.format}")
    for doc in read.documents:
        lint_one(doc, settings, (), result)
    return [f for f in result.findings if f.rule == spec.name]


def run(args, catalogue, settings) -> int:
    from linter.packs import load_pack

    path = Path(args.pack)
    if not path.is_file():
        raise UsageError(f"{args.pack}: no such rule pack")
    base = settings.config.catalogue or catalogue
    # Test the file as given; rules the config already loaded from it are not clashes.
    others = [s for s in base if Path(s.origin).resolve() != path.resolve()] \
        if settings.config.catalogue else list(base)
    from linter.catalogue import Catalogue

    specs = load_pack(path, Catalogue(others))
    tested = Catalogue(others).with_rules(specs)
    failures = examples = 0
    for spec in specs:
        if not spec.examples:
            print(f"{spec.code} {spec.name}: no examples")
        for index, example in enumerate(spec.examples, 1):
            for label, text, want in (("bad", example.bad, True), ("good", example.good, False)):
                if text is None:
                    continue
                examples += 1
                found = lint_example(text, spec, example, tested)
                ok = bool(found) == want
                failures += not ok
                detail = "" if ok else (" (not reported)" if want else
                                        f" (reported: {found[0].message})")
                print(f"{'ok  ' if ok else 'FAIL'} {spec.code} {spec.name} example {index} "
                      f"{label}{detail}")
    print(f"{len(specs)} rule(s), {examples} example(s), {failures} failure(s)")
    return EXIT_FINDINGS if failures else EXIT_CLEAN
