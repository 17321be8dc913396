"""Rule documentation rendered from the catalogue: ``explain``, ``config`` and docs/rules.md."""

from __future__ import annotations

import io
import json

import regex

from linter import patterns
from linter.catalogue import Catalogue, RuleSpec

FIX_WORDS = {"none": "no automatic fix", "safe": "safe fix (applied by `archive-lint fix`)",
             "unsafe": "unsafe fix (applied only with `--unsafe-fixes`)"}


INVISIBLE = patterns.compile(r"[^\S \n]|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}--\n]", regex.V1)


def visible(text: str) -> str:
    """Show invisible and control characters as ``<U+XXXX>`` so examples can be read."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _example_text(value) -> str:
    if isinstance(value, list):
        return "\n---- next article ----\n".join(visible(str(v)) for v in value)
    return visible(str(value))


def explain_text(spec: RuleSpec) -> str:
    lines = [f"{spec.name} ({spec.code})", "",
             f"  family:    {spec.family}",
             f"  severity:  {spec.severity}",
             f"  fix:       {FIX_WORDS[spec.fix]}",
             f"  default:   {'on' if spec.default else 'off'}",
             f"  languages: {', '.join(spec.languages) if spec.languages else 'all'}", "",
             spec.summary]
    if spec.description:
        lines += ["", spec.description]
    if spec.options:
        lines += ["", "Options (set under `rules:` in .archive-lint.yaml):"]
        lines += [f"  {name}: {json.dumps(value, ensure_ascii=False)}"
                  for name, value in spec.options.items()]
    for example in spec.examples:
        lang = f" ({example.lang})" if example.lang else ""
        lines += ["", f"Bad{lang}:", _indent(_example_text(example.bad)),
                  f"Good{lang}:", _indent(_example_text(example.good))]
    lines += ["", f"Turn it off: `ignore: [{spec.name}]` in .archive-lint.yaml, or "
                  f"`--ignore {spec.code}`."]
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines() or [""])


def rules_markdown(catalogue: Catalogue) -> str:
    """docs/rules.md: generated; a test fails when it is stale (regenerate with
    ``python -m linter.docs > docs/rules.md``)."""
    out = ["# Rule reference", "",
           "Generated from `rules/catalogue/*.yaml` by `python -m linter.docs`; do not edit.", "",
           "| code | name | family | severity | fix | default |",
           "|---|---|---|---|---|---|"]
    for spec in catalogue:
        out.append(f"| {spec.code} | [`{spec.name}`](#{spec.name}) | {spec.family} | "
                   f"{spec.severity} | {spec.fix} | {'on' if spec.default else 'off'} |")
    for spec in catalogue:
        out += ["", f"## {spec.name}", "", f"`{spec.code}` · {spec.family} · {spec.severity} · "
                f"{FIX_WORDS[spec.fix]} · {'on' if spec.default else 'off'} by default"
                + (f" · languages: {', '.join(spec.languages)}" if spec.languages else ""),
                "", spec.summary]
        if spec.description:
            out += ["", spec.description]
        if spec.options:
            out += ["", "Options:", ""]
            out += [f"- `{name}` (default `{json.dumps(value, ensure_ascii=False)}`)"
                    for name, value in spec.options.items()]
        for example in spec.examples:
            lang = f" ({example.lang})" if example.lang else ""
            out += ["", f"Bad{lang}:", "", "```text", _example_text(example.bad), "```",
                    "", f"Good{lang}:", "", "```text", _example_text(example.good), "```"]
    return "\n".join(out) + "\n"


def effective_config(settings) -> str:
    from ruamel.yaml import YAML

    config = settings.config
    enabled = settings.enabled_names()
    data = {
        "config-file": config.path or "(none: built-in defaults)",
        "fail-on": str(settings.fail_on),
        "lang": config.lang or "auto",
        "paragraphs": config.paragraphs,
        "include": list(config.include),
        "exclude": list(config.exclude),
        "jsonl": dict(config.jsonl),
        "overrides": [o.files for o in config.overrides],
        "rules": {name: ({"severity": str(a.severity), **a.options} if a.options
                         else str(a.severity))
                  for name, a in sorted(enabled.items())},
        "disabled": sorted(s.name for s in settings.catalogue if s.name not in enabled),
    }
    stream = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.dump(data, stream)
    return stream.getvalue().rstrip()


def main(argv: list[str]) -> int:
    """``python -m linter.docs`` prints docs/rules.md; ``--check`` compares it instead."""
    from pathlib import Path

    from linter.catalogue import builtin_catalogue

    text = rules_markdown(builtin_catalogue())
    if "--check" in argv:
        target = Path("docs/rules.md")
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print("docs/rules.md is stale: run `python -m linter.docs > docs/rules.md`")
            return 1
        return 0
    print(text, end="")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
