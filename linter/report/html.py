"""The HTML report: one self-contained page an editor can open offline or receive by mail.

The page holds an overview (totals, an inline SVG chart by rule family and severity, the rules'
help) rendered here, and every article with findings as embedded JSON that the page's script
renders on demand: the worst articles first, filters, search, and per article the text with
``lang``/``dir`` on each paragraph and each finding's span highlighted.

The articles are read again from disk and the findings placed by their (line, column), the
same way for ``check --format html`` and for ``archive-lint report FINDINGS.json``. A finding
whose excerpt no longer matches the text at its position is listed, not marked, and its
article says that it changed since the report. Offsets sent to the page are UTF-16 code units
(JavaScript strings); everything else in archive-lint counts code points.

The page skeleton, its styles and its script are package data beside this module:
``html.html`` (a ``string.Template``), ``html.css`` and ``html.js``.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import TextIO

from linter import __version__, patterns
from linter.findings import Finding

SEVERITIES = ("error", "warning", "info")
COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
RTL_SCRIPTS = {"Arabic", "Hebrew", "Syriac", "Thaana", "Nko", "Adlam", "Hanifi_Rohingya"}
ASTRAL = patterns.compile(r"[^\u0000-\uffff]")
LINE_BLANK = patterns.compile(r"[^\S\r\n]|[\u200b\ufeff]")


def write(findings: list[Finding], summary, stream: TextIO, *, catalogue=None, settings=None,
          root: str | Path | None = None, source: str = "", **_options) -> None:
    """Write the report. ``settings`` gives read options and configured languages; ``root``
    is where relative finding paths are looked up (default: the working directory)."""
    catalogue = catalogue or getattr(settings, "catalogue", None) or _builtin_catalogue()
    model = build_model(findings, catalogue, settings, _roots(root))
    stream.write(render(model, summary, catalogue, source))


def _builtin_catalogue():
    from linter.catalogue import builtin_catalogue
    return builtin_catalogue()


def _roots(root) -> list[Path]:
    if root is None:
        return [Path.cwd()]
    return [Path(r) for r in root] if isinstance(root, (list, tuple)) else [Path(root)]


# ---------------------------------------------------------------------------------------------
# The model: articles (text, blocks) and findings placed in them

def _read_options(settings):
    from linter.readers import ReadOptions

    config = getattr(settings, "config", None)
    if config is None:
        try:  # `check` passes no settings: read the discovered config as the run did
            from linter.config import find_config, load_config
            config = load_config(find_config(Path.cwd()), _builtin_catalogue())
        except Exception:
            return ReadOptions()
    return ReadOptions(jsonl_fields=dict(config.jsonl), paragraphs=config.paragraphs)


class Article:
    def __init__(self, path: str, record: str | None, doc=None, note: str = ""):
        self.path, self.record, self.doc, self.note = path, record, doc, note
        self.findings: list[dict] = []
        self.changed = 0
        self._columns: dict[int, dict[int, int]] | None = None
        self._utf16: list[int] | None = None

    # (line, column) in the file -> offset in doc.text, or None when out of range
    def offset(self, line: int, column: int) -> int | None:
        doc = self.doc
        if doc.locator is not None:  # .jsonl: columns point into the raw JSON line
            if line != doc.locator.line_number:
                return None
            if self._columns is None:
                columns: dict[int, int] = {}
                for offset in range(len(doc.text) + 1):
                    columns.setdefault(doc.locator.position(offset)[1], offset)
                self._columns = {line: columns}
            return self._columns[line].get(column)
        starts = doc.line_starts
        if not 1 <= line <= len(starts) or column < 1:
            return None
        offset = starts[line - 1] + column - 1
        line_end = starts[line] if line < len(starts) else len(doc.text)
        return offset if offset <= line_end else None

    def utf16(self, offset: int) -> int:
        if self._utf16 is None:
            text = self.doc.text
            if not ASTRAL.search(text):
                self._utf16 = []
            else:
                table, units = [0], 0
                for char in text:
                    units += 2 if ord(char) > 0xFFFF else 1
                    table.append(units)
                self._utf16 = table
        return self._utf16[offset] if self._utf16 else offset


def _load(path: str, roots: list[Path], options) -> tuple[dict, str]:
    """Documents of one file by record (None for .txt/.md), or a note why there are none."""
    from linter.readers import read_bytes

    candidates = [Path(path)] if Path(path).is_absolute() else [r / path for r in roots]
    for candidate in candidates:
        try:
            data = candidate.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            return {}, f"The file could not be read ({exc.strerror or exc})."
        documents = read_bytes(data, path, options).documents
        return {doc.record: doc for doc in documents}, ""
    return {}, "The file is no longer there; its findings are listed without the text."


def build_model(findings: list[Finding], catalogue, settings, roots: list[Path]) -> dict:
    options = _read_options(settings)
    files: dict[str, tuple[dict, str]] = {}
    articles: dict[tuple[str, str | None], Article] = {}
    for finding in findings:
        key = (finding.path, finding.record)
        article = articles.get(key)
        if article is None:
            if finding.path not in files:  # findings come by path: keep one file's documents
                files.clear()
                files[finding.path] = _load(finding.path, roots, options)
            documents, note = files[finding.path]
            doc = documents.get(finding.record)
            if doc is None and finding.record is None and len(documents) == 1:
                doc = next(iter(documents.values()))
            if doc is None and not note:
                note = ("The text of this record could not be read, or the record is no "
                        "longer in the file; its findings are listed without it."
                        if finding.record else
                        "These findings concern the file as a whole.")
            article = articles[key] = Article(finding.path, finding.record, doc, note)
        article.findings.append(_place(article, finding))
    packs = _language_packs()
    out_articles, out_findings = [], []
    for index, article in enumerate(articles.values()):
        out_articles.append(_article_dict(article, packs, settings))
        for item in article.findings:
            item["a"] = index
            out_findings.append(item)
        if article.changed and article.doc is not None:
            out_articles[-1]["note"] = (
                f"This article changed since the report: {article.changed} finding(s) no "
                f"longer match the text at their recorded positions, so they are listed "
                f"but not marked.")
    rules = {}
    for name in sorted({f.rule for f in findings}):
        spec = catalogue.lookup(name) if catalogue is not None else None
        rules[name] = {"family": spec.family if spec else "other",
                       "summary": spec.summary if spec else ""}
    return {"articles": out_articles, "findings": out_findings, "rules": rules}


def _place(article: Article, finding: Finding) -> dict:
    item = {"r": finding.rule, "c": finding.code, "v": str(finding.severity),
            "m": finding.message, "l": finding.line, "col": finding.column,
            "x": finding.excerpt, "s": None, "e": None, "fx": None}
    doc = article.doc
    if doc is None:
        return item
    start = article.offset(finding.line, finding.column)
    end = article.offset(finding.end_line, finding.end_column)
    if start is None or end is None or end < start or (
            finding.excerpt and doc.text[start:end] != finding.excerpt):
        article.changed += 1
        item["why"] = "the text at this position changed since the report"
        return item
    item["s"], item["e"] = article.utf16(start), article.utf16(end)
    if finding.fix is not None:
        edits = []
        for edit in finding.fix.edits:
            e_start = article.offset(edit.line, edit.column)
            e_end = article.offset(edit.end_line, edit.end_column)
            if e_start is None or e_end is None or e_end < e_start:
                edits.append({"b": None, "a": edit.replacement})
                continue
            pre, post = _context(doc.text, e_start, e_end)
            edits.append({"pre": pre, "b": doc.text[e_start:e_end], "a": edit.replacement,
                          "post": post})
        item["fx"] = {"safe": finding.fix.safe, "d": finding.fix.description, "edits": edits}
    return item


def _context(text: str, start: int, end: int, width: int = 16) -> tuple[str, str]:
    """A few words of the same line either side of an edit, cut at spaces where possible."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    pre = text[max(line_start, start - width):start]
    if start - width > line_start and " " in pre[:-1]:
        pre = pre[pre.index(" ") + 1:]
    post = text[end:min(line_end, end + width)]
    if end + width < line_end and " " in post[1:]:
        post = post[:post.rindex(" ")]
    return pre, post


def _language_packs():
    try:
        from linter.languages import language_packs
        return language_packs()
    except Exception:
        return {}


def _lang_dir(text: str, default_lang: str | None, packs) -> tuple[str | None, str | None]:
    """Language and direction of a piece of text by its dominant script."""
    from linter.scripts import dominant_script

    by_script: dict[str, str] = {}
    for code, pack in packs.items():
        by_script.setdefault(pack.primary_script, code)
    if default_lang in packs:
        by_script[packs[default_lang].primary_script] = default_lang
    script, _counts = dominant_script(text, [*by_script, "Latin"])
    if script is None:
        return None, None
    lang = by_script.get(script, "en" if script == "Latin" else None)
    return lang, "rtl" if script in RTL_SCRIPTS else "ltr"


def _article_dict(article: Article, packs, settings) -> dict:
    doc = article.doc
    result = {"p": article.path, "rec": article.record, "note": article.note, "text": None,
              "title": "", "lang": None, "dir": "ltr", "blocks": []}
    if doc is None:
        return result
    lang = doc.lang
    if lang is None and settings is not None:
        try:
            lang = settings.language_for(settings.overrides_for(article.path))
        except Exception:
            lang = None
    if lang is None:
        from linter.languages import detect_language
        lang = detect_language(doc.text[doc.body_start:])
    body_lang, body_dir = _lang_dir(doc.text[doc.body_start:], lang, packs)
    pack = packs.get(lang)
    direction = ("rtl" if pack.primary_script in RTL_SCRIPTS else "ltr") if pack else (
        body_dir or "ltr")
    lang = lang or body_lang
    blocks, position = [], 0
    text, u = doc.text, article.utf16

    def add_gap(begin: int, finish: int) -> None:
        if begin < doc.body_start:  # front matter: shown as it is, left-to-right
            cut = min(doc.body_start, finish)
            blocks.append([u(begin), u(cut), "meta", "", "ltr"])
            begin = cut
        if begin < finish:
            blocks.append([u(begin), u(finish), "gap", lang, direction])

    paragraphs = doc.paragraphs
    for index, paragraph in enumerate(paragraphs):
        # Leading and trailing blanks of the line (and a heading's `#`) render with their
        # paragraph, where they are.
        limit = paragraphs[index + 1].start if index + 1 < len(paragraphs) else len(text)
        start, end = paragraph.start, paragraph.end
        if paragraph.kind == "heading":
            start = max(position, text.rfind("\n", 0, start) + 1)
        while start > position and LINE_BLANK.match(text, start - 1):
            start -= 1
        while end < limit and LINE_BLANK.match(text, end):
            end += 1
        add_gap(position, start)
        p_lang, p_dir = _lang_dir(text[paragraph.start:paragraph.end], lang, packs)
        blocks.append([u(start), u(end), paragraph.kind, p_lang or lang, p_dir or direction])
        position = end
    if position < len(text) or not blocks:
        add_gap(position, len(text))
        if not blocks:
            blocks.append([0, 0, "gap", lang, direction])
    title = doc.title if isinstance(doc.title, str) else ""
    if not title.strip() and paragraphs:  # untitled: name it by its first words in the list
        title = text[paragraphs[0].start:paragraphs[0].end]
    result.update(text=text, title=_shorten(title.strip(), 120), lang=lang, dir=direction,
                  blocks=blocks)
    return result


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# The page

def _asset(name: str) -> str:
    return resources.files("linter.report").joinpath(name).read_text(encoding="utf-8")


def _script_json(data) -> str:
    """JSON that can sit inside <script>: no ``<`` (so no ``</script>``), no line separators."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def chart_svg(findings: list[dict], rules: dict) -> str:
    """Findings by rule family as horizontal bars stacked by severity (inline SVG)."""
    counts: dict[str, Counter] = {}
    for item in findings:
        family = rules.get(item["r"], {}).get("family", "other")
        counts.setdefault(family, Counter())[item["v"]] += 1
    families = sorted(counts, key=lambda f: (-sum(counts[f].values()), f))
    label_w, bar_w, row_h, top = 96, 190, 24, 28
    most = max((sum(c.values()) for c in counts.values()), default=1) or 1
    height = top + row_h * max(len(families), 1) + 8
    parts = [f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" '
             f'viewBox="0 0 {label_w + bar_w + 40} {height}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             '<title id="chart-title">Findings by rule family and severity</title>']
    desc = "; ".join(f"{family}: " + ", ".join(f"{counts[family][s]} {s}" for s in SEVERITIES
                                               if counts[family][s]) for family in families)
    parts.append(f'<desc id="chart-desc">{escape(desc or "no findings")}</desc>')
    x = label_w
    for severity in SEVERITIES:  # legend
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[severity]}"/>'
                     f'<text x="{x + 16}" y="14" class="legend">{severity}</text>')
        x += 72
    for row, family in enumerate(families):
        y = top + row * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">'
                     f'{escape(family)}</text>')
        x = float(label_w)
        for severity in SEVERITIES:
            n = counts[family][severity]
            if not n:
                continue
            width = max(bar_w * n / most, 2)
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{row_h - 8}" '
                         f'fill="{COLOURS[severity]}"><title>{escape(family)}: {n} {severity}'
                         f'</title></rect>')
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(counts[family].values())}</text>')
    if not families:
        parts.append(f'<text x="{label_w}" y="{top + 15}">No findings.</text>')
    parts.append("</svg>")
    return "".join(parts)


def _rules_help(rules: dict, catalogue) -> str:
    from linter.docs import explain_text

    items = []
    for name in rules:
        spec = catalogue.lookup(name) if catalogue is not None else None
        body = explain_text(spec) if spec else f"{name}: no help (not a known rule)."
        items.append(f'<details id="rule-{escape(name)}"><summary><code>{escape(name)}</code>'
                     f'{" (" + escape(spec.code) + ")" if spec else ""} — '
                     f'{escape(spec.summary if spec else "")}</summary>'
                     f'<pre>{escape(body)}</pre></details>')
    return "".join(items) or "<p>No rules fired.</p>"


def render(model: dict, summary, catalogue, source: str = "") -> str:
    findings, rules = model["findings"], model["rules"]
    by_severity = Counter(item["v"] for item in findings)
    totals = ", ".join(f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
                       for s in SEVERITIES if by_severity[s]) or "none"
    files = getattr(summary, "files", None)
    documents = getattr(summary, "documents", None)
    checked = (f" in {files} file(s), {documents} article(s) checked" if files is not None
               else "")
    languages = sorted({a["lang"] for a in model["articles"] if a["lang"]})
    rule_options = "".join(f'<option value="{escape(n)}">{escape(n)}</option>' for n in rules)
    lang_options = "".join(f'<option value="{escape(code)}">{escape(code)}</option>'
                           for code in languages)
    severity_boxes = "".join(
        f'<label class="sev-{s}"><input type="checkbox" name="severity" value="{s}" checked> '
        f'{s}</label>' for s in SEVERITIES)
    source_line = f" · {escape(source)}" if source else ""
    page = Template(_asset("html.html"))
    return page.substitute(
        version=escape(__version__), css=_asset("html.css"), js=_asset("html.js"),
        totals=(f"{len(findings)} finding(s) ({totals}) in {len(model['articles'])} "
                f"article(s) with findings{checked}{source_line}"),
        chart=chart_svg(findings, rules), rule_options=rule_options, lang_options=lang_options,
        severity_boxes=severity_boxes, rules_help=_rules_help(rules, catalogue),
        data=_script_json(model))
