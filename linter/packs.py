"""Rule packs: house rules written in YAML alone, loaded from files the config names.

A pack file holds ``rules:``, a list of rules of four generic kinds that need no code
(see ``docs/rule-packs.md``): ``existence`` (a phrase or pattern must not appear),
``substitution`` (a wrong form and its replacement; safe fix), ``required`` (one of these must
appear in a region: ``start``, ``end`` or ``metadata``) and ``consistency`` (one article must not
use two spellings of the same name). Each rule has its own ``name`` and ``code`` and becomes a
:class:`RuleSpec` (family ``pack``, check ``packs.<kind>``) whose ``data`` holds the validated
definition. Packs are validated like the config, with ruamel positions: every error is a
:class:`ConfigError` pointing at ``pack.yaml:line:column``. Packs are never discovered: only
files listed under ``packs:`` in the config (paths relative to the config file) are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from linter import patterns
from linter.catalogue import CODE_PATTERN, NAME_PATTERN, Catalogue, Example, RuleSpec
from linter.config import _plain, _Validator, did_you_mean
from linter.config_files import ConfigError, load_yaml, read_text_file
from linter.findings import SEVERITY_NAMES, Severity
from linter.languages import language_packs

KINDS = ("existence", "substitution", "required", "consistency")
REGIONS = ("start", "end", "metadata")
COMMON_KEYS = ("name", "code", "kind", "severity", "summary", "description", "message",
               "languages", "examples", "default", "timeout")
KIND_KEYS = {
    "existence": ("tokens", "patterns", "ignore-case"),
    "substitution": ("swap", "ignore-case"),
    "required": ("tokens", "patterns", "ignore-case", "region", "lines", "fields"),
    "consistency": ("sets", "ignore-case"),
}
EXAMPLE_KEYS = ("bad", "good", "lang", "format")
PACK_KEYS = ("rules",)
DEFAULT_TIMEOUT = 1.0  # seconds per pattern per document
MAX_PACK_BYTES = 1_000_000


def load_pack(path: Path, catalogue: Catalogue, display: str | None = None) -> list[RuleSpec]:
    """Validate one pack file; the rules it defines, as specs (names and codes must be new)."""
    display = display or str(path)
    text = read_text_file(path, display, "rule pack", MAX_PACK_BYTES)
    raw, locate = load_yaml(text, display)
    return _PackValidator(display, locate, catalogue).pack(raw)


class _PackValidator(_Validator):
    def pack(self, raw: Any) -> list[RuleSpec]:
        if raw is None:
            raise ConfigError("rule pack is empty: it needs a 'rules:' list", self.path)
        root = self.mapping(raw, "the rule pack")
        self.known_keys(root, PACK_KEYS, "the rule pack")
        if "rules" not in root:
            raise ConfigError("rule pack needs a 'rules:' list", self.path, 1, 1)
        items = root["rules"]
        if not isinstance(items, list):
            raise self.error("'rules' must be a list of rules", root, "rules", True)
        specs: list[RuleSpec] = []
        names: dict[str, str] = {s.name: "a built-in rule" for s in self.catalogue}
        codes: dict[str, str] = {s.code: s.name for s in self.catalogue}
        for index, item in enumerate(items):
            spec = self.rule(item, items, index, names, codes)
            names[spec.name] = f"rule {index + 1} of this pack"
            codes[spec.code] = spec.name
            specs.append(spec)
        return specs

    # --- one rule ----------------------------------------------------------------------------
    def rule(self, item: Any, items: list, index: int, names: dict, codes: dict) -> RuleSpec:
        where = f"rules[{index}]"
        node = self.mapping(item, where, items, index)
        for required in ("name", "code", "kind"):
            if required not in node:
                raise self.error(f"{where} needs {required!r}", items, index)
        kind = self.choice(node, "kind", KINDS)
        self.known_keys(node, COMMON_KEYS + KIND_KEYS[kind], f"{where} ({kind} rule)")
        name = self.text(node, "name")
        if not NAME_PATTERN.fullmatch(name):
            raise self.error(f"rule name {name!r} must be kebab-case (lower-case words joined "
                             f"by '-')", node, "name", True)
        if name in names:
            raise self.error(f"rule name {name!r} is already used by {names[name]}", node,
                             "name", True)
        code = self.text(node, "code")
        if not CODE_PATTERN.fullmatch(code):
            raise self.error(f"rule code {code!r} must be capital letters and 3 digits, like "
                             f"'H001'", node, "code", True)
        if code in codes:
            raise self.error(f"rule code {code!r} is already used by {codes[code]!r}", node,
                             "code", True)
        severity = Severity.parse(self.choice(node, "severity", SEVERITY_NAMES)) \
            if "severity" in node else Severity.WARNING
        languages = None
        if "languages" in node:
            languages = self.strings(node, "languages")
            known = sorted(language_packs())
            for lang in languages:
                if lang not in known:
                    raise self.error(f"unknown language {lang!r} in {name!r}; known: "
                                     f"{', '.join(known)}{did_you_mean(lang, known)}",
                                     node, "languages", True)
        ignore_case = self.boolean(node, "ignore-case", False)
        flags = regex.IGNORECASE if ignore_case else 0
        data: dict[str, Any] = {"kind": kind, "ignore-case": ignore_case,
                                "timeout": self.number(node, "timeout", DEFAULT_TIMEOUT)}
        if "message" in node:
            data["message"] = self.text(node, "message")
        if kind in ("existence", "required"):
            data["tokens"] = self.strings(node, "tokens") if "tokens" in node else []
            data["patterns"] = self.patterns(node, "patterns", flags) if "patterns" in node \
                else []
            if kind == "required":
                data["region"] = self.choice(node, "region", REGIONS) if "region" in node \
                    else "start"
                data["lines"] = self.integer(node, "lines", 5)
                if data["region"] == "metadata":
                    data["fields"] = self.strings(node, "fields") if "fields" in node else []
                    if not data["fields"] and not data["tokens"] and not data["patterns"]:
                        raise self.error(f"required rule {name!r} with region metadata needs "
                                         f"'fields' (or tokens/patterns to match their values)",
                                         items, index)
            if (kind == "existence" or data.get("region") != "metadata") \
                    and not data["tokens"] and not data["patterns"]:
                raise self.error(f"{kind} rule {name!r} needs 'tokens' or 'patterns'",
                                 items, index)
        elif kind == "substitution":
            if "swap" not in node:
                raise self.error(f"substitution rule {name!r} needs 'swap' (wrong: right)",
                                 items, index)
            table = self.mapping(node["swap"], f"'swap' of {name!r}", node, "swap")
            if not table:
                raise self.error(f"'swap' of {name!r} is empty", node, "swap", True)
            for wrong, right in table.items():
                if not isinstance(right, str) or not wrong.strip():
                    raise self.error(f"'swap' entries of {name!r} map a wrong form to its "
                                     f"replacement (both strings)", table, wrong)
                if wrong == right:
                    raise self.error(f"'swap' entry {wrong!r} replaces a form with itself",
                                     table, wrong)
            data["swap"] = {str(k): str(v) for k, v in table.items()}
        else:  # consistency
            if "sets" not in node:
                raise self.error(f"consistency rule {name!r} needs 'sets' (lists of spellings "
                                 f"of one name)", items, index)
            sets = node["sets"]
            if not isinstance(sets, list) or not sets:
                raise self.error("'sets' must be a list of lists of spellings", node, "sets",
                                 True)
            for number, group in enumerate(sets):
                if (not isinstance(group, list) or len(group) < 2
                        or not all(isinstance(v, str) and v.strip() for v in group)):
                    raise self.error("each entry of 'sets' is a list of two or more spellings",
                                     sets, number)
            data["sets"] = [[str(v) for v in group] for group in sets]
        summary = self.text(node, "summary") if "summary" in node else \
            f"House rule ({kind}) from {Path(self.path).name}."
        examples = self.examples(node, name) if "examples" in node else ()
        return RuleSpec(
            name=name, code=code, family="pack", severity=severity,
            summary=summary if summary.endswith(".") else summary + ".",
            check=f"packs.{kind}",
            description=self.text(node, "description") if "description" in node else
            f"Defined in the rule pack {self.path}.",
            fix="safe" if kind == "substitution" else "none",
            default=self.boolean(node, "default", True),
            options={}, choices={}, examples=examples,
            languages=tuple(languages) if languages else None, data=data, origin=self.path)

    # --- typed values ------------------------------------------------------------------------
    def text(self, node: dict, key: str) -> str:
        value = node[key]
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{key!r} must be a non-empty string", node, key, True)
        return str(value)

    def boolean(self, node: dict, key: str, default: bool) -> bool:
        if key not in node:
            return default
        if not isinstance(node[key], bool):
            raise self.error(f"{key!r} must be true or false", node, key, True)
        return bool(node[key])

    def integer(self, node: dict, key: str, default: int) -> int:
        if key not in node:
            return default
        value = node[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.error(f"{key!r} must be a positive whole number", node, key, True)
        return int(value)

    def number(self, node: dict, key: str, default: float) -> float:
        if key not in node:
            return default
        value = node[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 60:
            raise self.error(f"{key!r} must be a number of seconds between 0 and 60", node,
                             key, True)
        return float(value)

    def patterns(self, node: dict, key: str, flags: int) -> list[str]:
        values = self.strings(node, key)
        seq = node[key] if isinstance(node[key], list) else None
        for index, pattern in enumerate(values):
            try:
                patterns.compile(pattern, flags)
            except (regex.error, ValueError, OverflowError, RecursionError) as exc:
                raise self.error(f"invalid regular expression {pattern!r}: {exc}",
                                 seq if seq is not None else node,
                                 index if seq is not None else key, seq is None) from None
        return values

    def examples(self, node: dict, name: str) -> tuple[Example, ...]:
        items = node["examples"]
        if not isinstance(items, list):
            raise self.error(f"'examples' of {name!r} must be a list of {{bad, good}}", node,
                             "examples", True)
        result = []
        for index, item in enumerate(items):
            item = self.mapping(item, f"examples[{index}] of {name!r}", items, index)
            self.known_keys(item, EXAMPLE_KEYS, f"examples[{index}] of {name!r}")
            for key in ("bad", "good"):
                if key in item and not isinstance(item[key], str):
                    raise self.error(f"example {key!r} must be an article as a string", item,
                                     key, True)
            lang = self.lang(item, "lang") if "lang" in item else None
            result.append(Example(bad=_plain(item.get("bad")), good=_plain(item.get("good")),
                                  lang=lang, format=str(item.get("format", "txt"))))
        return tuple(result)


def load_packs(paths: list[str], base: Path, catalogue: Catalogue,
               display_base: Path | None = None) -> list[RuleSpec]:
    """Every rule of every pack in ``paths`` (relative to ``base``), validated in order."""
    specs: list[RuleSpec] = []
    for given in paths:
        path, shown = Path(given), Path(given)
        if not path.is_absolute():
            path, shown = base / given, (display_base or base) / given
        specs.extend(load_pack(path, catalogue.with_rules(specs), display=str(shown)))
    return specs
