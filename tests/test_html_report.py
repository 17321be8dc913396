"""The HTML report (issue 11): a well-formed, self-contained page; findings placed at their
recorded positions; stale articles flagged; and a real browser (Debian's headless chromium,
driven by Playwright with the system binary) on the report for seeds/.

The browser tests skip, saying why, when chromium or playwright is missing (`.ci/run` installs
chromium; ARCHIVE_LINT_CHROMIUM names another binary). The screenshot goes to the test's tmp
folder; with ARCHIVE_LINT_SCREENSHOT=1 it also replaces docs/html-report.png.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linter.findings import Finding, Severity
from linter.readers import read_bytes
from linter.report import Summary
from linter.report import html as html_report
from tests.conftest import ROOT, run_cli

CHROMIUM = (os.environ.get("ARCHIVE_LINT_CHROMIUM") or shutil.which("chromium")
            or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
DRIFTED = "seeds/002_2203733937e6a448.txt"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


# ---------------------------------------------------------------------------------------------
# helpers

class StrictParser(HTMLParser):
    """Every non-void element closed in order, every id unique, nothing loaded from outside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple]] = []
        self.ids: list[str] = []
        self.errors: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self._attrs(tag, attrs)

    def _attrs(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
            if name in ("src", "href", "action", "srcset") and value and not value.startswith("#"):
                self.external.append(f"<{tag} {name}={value}>")
        if tag == "link":
            self.external.append("<link>")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append(f"</{tag}> at {self.getpos()} closes nothing")
            return
        open_tag, where = self.stack.pop()
        if open_tag != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes <{open_tag}> from {where}")


def embedded(page_html: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>',
                      page_html, re.S)
    return json.loads(match.group(1))


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def write_report(tmp_path: Path, *paths: str, name: str = "report.html",
                 args: tuple = ()) -> tuple[Path, object]:
    out = tmp_path / name
    result = run_cli("check", *paths, "--format", "html", "-o", str(out), *args)
    assert result.returncode in (0, 1), result.stderr
    return out, result


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory) -> Path:
    out, _ = write_report(tmp_path_factory.mktemp("html"), "seeds")
    return out


@pytest.fixture(scope="module")
def seeds_json(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("json") / "findings.json"
    result = run_cli("check", "seeds", "--format", "json", "-o", str(out))
    assert result.returncode in (0, 1), result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# the page, without a browser

def test_page_is_well_formed_with_unique_ids_and_self_contained(seeds_report):
    page = seeds_report.read_text(encoding="utf-8")
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == [], f"unclosed elements: {parser.stack}"
    assert len(parser.ids) == len(set(parser.ids)), "duplicate ids"
    assert parser.external == []
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # the browser itself refuses any network request
    assert "url(" not in page.split('id="report-data"')[0]


def test_every_seed_finding_is_placed_on_its_excerpt(seeds_report, seeds_json):
    data = embedded(seeds_report.read_text(encoding="utf-8"))
    assert len(data["findings"]) == len(seeds_json["findings"])
    expected = sorted((f["path"], f["line"], f["column"], f["rule"], f["excerpt"])
                      for f in seeds_json["findings"])
    got = sorted((data["articles"][f["a"]]["p"], f["l"], f["col"], f["r"], f["x"])
                 for f in data["findings"])
    assert got == expected
    for f in data["findings"]:
        article = data["articles"][f["a"]]
        assert f["s"] is not None, f
        assert utf16_slice(article["text"], f["s"], f["e"]) == f["x"]
    assert all(not a["note"] for a in data["articles"])


def test_report_command_renders_the_same_page_as_check(tmp_path, seeds_report):
    findings = tmp_path / "findings.json"
    assert run_cli("check", "seeds", "--format", "json", "-o", str(findings)).returncode in (0, 1)
    out = tmp_path / "from-json.html"
    result = run_cli("report", str(findings), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert embedded(out.read_text(encoding="utf-8")) == embedded(
        seeds_report.read_text(encoding="utf-8"))


ARTICLE = "عنوان\n\nپہلا پیراگراف ہے۔   \nदूसरा अनुच्छेद है।\t\nآخری بات۔\n"


def test_changed_and_missing_articles_are_said_not_marked(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")
    findings = tmp_path / "findings.json"
    result = run_cli("check", "a.txt", "b.txt", "c.txt", "--select", "trailing-whitespace",
                     "--format", "json", "-o", str(findings), "--no-config", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert len(json.loads(findings.read_text())["findings"]) == 6
    (tmp_path / "a.txt").write_text("نئی سطر\n" + ARTICLE, encoding="utf-8")  # lines moved
    (tmp_path / "c.txt").unlink()
    out = tmp_path / "report.html"
    result = run_cli("report", "findings.json", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = embedded(out.read_text(encoding="utf-8"))
    notes = {a["p"]: a["note"] for a in data["articles"]}
    assert "changed since the report" in notes["a.txt"]
    assert notes["b.txt"] == ""
    assert "no longer there" in notes["c.txt"]
    for f in data["findings"]:
        path = data["articles"][f["a"]]["p"]
        assert (f["s"] is None) == (path != "b.txt")
        if path == "a.txt":
            assert "changed" in f["why"]
    fixes = [f["fx"] for f in data["findings"] if data["articles"][f["a"]]["p"] == "b.txt"]
    assert fixes[0]["safe"] and fixes[0]["edits"] == [
        {"pre": "پیراگراف ہے۔", "b": "   ", "a": "", "post": ""}]  # context cut at a space


def test_jsonl_records_map_raw_columns_to_article_text(tmp_path):
    line = ('{"id": "r1", "title": "\\u0639\\u0646\\u0648\\u0627\\u0646", "text": '
            '"پہلا جملہ ہے۔  \\nदूसरा\\u200b वाक्य।   \\nآخری۔"}\n')
    (tmp_path / "a.jsonl").write_text(line, encoding="utf-8")
    out, _ = write_report(tmp_path, str(tmp_path / "a.jsonl"), args=(
        "--select", "trailing-whitespace", "--no-config"))
    data = embedded(out.read_text(encoding="utf-8"))
    (article,) = data["articles"]
    assert article["rec"] == "r1" and article["text"].startswith("عنوان\n")
    assert [f["x"] for f in data["findings"]] == ["  ", "   "]
    for f in data["findings"]:
        assert utf16_slice(article["text"], f["s"], f["e"]) == f["x"]
    kinds = [(b[2], b[3], b[4]) for b in article["blocks"] if b[2] != "gap"]
    assert kinds == [("title", "ur", "rtl"), ("paragraph", "ur", "rtl"),
                     ("paragraph", "hi", "ltr"), ("paragraph", "ur", "rtl")]


def _finding(doc, start: int, end: int, rule="trailing-whitespace", severity="warning"):
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return Finding(doc.path, line, column, end_line, end_column, rule, "L001",
                   Severity.parse(severity), "m", doc.text[start:end])


def test_offsets_are_utf16_for_text_beyond_the_bmp(tmp_path):
    text = "خبر 😀😀 ہے۔  \nاگلا۔\n"
    (tmp_path / "e.txt").write_text(text, encoding="utf-8")
    doc = read_bytes(text.encode(), "e.txt").documents[0]
    start = text.index("  ")
    stream = io.StringIO()
    html_report.write([_finding(doc, start, start + 2)], Summary(), stream, root=tmp_path)
    (f,) = embedded(stream.getvalue())["findings"]
    assert (f["s"], f["e"]) == (start + 2, start + 4)  # two emoji: two extra UTF-16 units


def test_report_command_rejects_what_is_not_a_report(tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"version": 9, "findings": []}', encoding="utf-8")
    result = run_cli("report", str(tmp_path / "bad.json"))
    assert result.returncode == 2 and "not JSON" in result.stderr
    result = run_cli("report", str(tmp_path / "other.json"))
    assert result.returncode == 2 and "version 9" in result.stderr
    result = run_cli("report", str(tmp_path / "missing.json"))
    assert result.returncode == 2 and "cannot read" in result.stderr


def big_report(tmp_path: Path, articles: int = 250, per_article: int = 20) -> Path:
    """A 5,000-finding report over generated articles, written through the reporter."""
    findings = []
    line = "یہ ایک لمبا جملہ ہے جس میں کئی الفاظ ہیں اور کچھ غلطیاں بھی۔ " * 4
    for n in range(articles):
        text = f"عنوان نمبر {n}\n\n" + "\n".join(line for _ in range(per_article)) + "\n"
        path = tmp_path / f"art{n:04}.txt"
        path.write_text(text, encoding="utf-8")
        doc = read_bytes(text.encode(), str(path)).documents[0]
        for k, para in enumerate(p for p in doc.paragraphs if p.kind == "paragraph"):
            start = para.start + 3 * k
            findings.append(_finding(doc, start, start + 12, "repeated-phrase",
                                     ("error", "warning", "info")[(n + k) % 3]))
    out = tmp_path / "big.html"
    with open(out, "w", encoding="utf-8") as stream:
        html_report.write(findings, Summary.of(findings, articles, articles), stream)
    return out


def test_a_5000_finding_report_is_written_quickly(tmp_path):
    started = time.perf_counter()
    out = big_report(tmp_path)
    elapsed = time.perf_counter() - started
    data = embedded(out.read_text(encoding="utf-8"))
    assert len(data["findings"]) == 5000
    assert all(f["s"] is not None for f in data["findings"])
    assert elapsed < 20, f"writing took {elapsed:.1f}s"


# ---------------------------------------------------------------------------------------------
# in a real browser

@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run "
                    "installs it); the browser tests need it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, seeds_report):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(seeds_report.as_uri())
    page.wait_for_selector("html[data-ready]")
    yield page
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests), page.requests
    context.close()


OPEN = """async (i) => {
  if (location.hash !== '#article-' + i) {
    const done = new Promise(r => addEventListener('hashchange', r, {once: true}));
    location.hash = 'article-' + i;
    await done;
  }
}"""

PIECES = """(i) => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const marks = [...document.querySelectorAll('#article mark[data-f]')];
  return data.findings.map((f, j) => [f, j]).filter(([f]) => f.a === i).map(([f, j]) => {
    const mine = marks.filter(m => m.dataset.f.split(' ').includes(String(j)));
    return {j, rule: f.r, x: f.x, n: mine.length, text: mine.map(m => m.textContent).join('')};
  });
}"""

DIRECTIONS = """() => [...document.querySelectorAll(
    '#article .text .paragraph, #article .text .title, #article .text .heading')].map(n => {
  const count = re => (n.textContent.match(re) || []).length;
  return {arabic: count(/(?=[\\p{L}\\p{M}])\\p{Script=Arabic}/gu),
          devanagari: count(/(?=[\\p{L}\\p{M}])\\p{Script=Devanagari}/gu),
          dir: getComputedStyle(n).direction, lang: n.lang};
})"""


def article_index(page, path: str) -> int:
    return page.evaluate("""(path) => JSON.parse(document.getElementById('report-data')
        .textContent).articles.findIndex(a => a.p === path)""", path)


def test_each_highlight_is_its_findings_excerpt(page, seeds_json):
    count = page.evaluate("JSON.parse(document.getElementById('report-data').textContent)"
                          ".articles.length")
    checked = 0
    for i in range(count):
        page.evaluate(OPEN, i)
        for piece in page.evaluate(PIECES, i):
            assert piece["n"] >= 1, piece
            assert piece["text"] == piece["x"], piece
            checked += 1
    assert checked == len(seeds_json["findings"])


def test_urdu_paragraphs_are_rtl_and_the_drifted_hindi_ones_ltr(page):
    page.evaluate(OPEN, article_index(page, DRIFTED))
    blocks = page.evaluate(DIRECTIONS)
    urdu = [b for b in blocks if b["arabic"] > 2 * b["devanagari"]]
    hindi = [b for b in blocks if b["devanagari"] > 2 * b["arabic"]]
    assert len(urdu) > 10 and len(hindi) >= 5
    assert {(b["dir"], b["lang"]) for b in urdu} == {("rtl", "ur")}
    assert {(b["dir"], b["lang"]) for b in hindi} == {("ltr", "hi")}
    assert page.evaluate("getComputedStyle(document.querySelector('#article .text')).direction"
                         ) == "rtl"


def visible_rules(page) -> list[tuple[str, str]]:
    return page.evaluate("""() => {
      const data = JSON.parse(document.getElementById('report-data').textContent);
      const ids = new Set();
      document.querySelectorAll('#article mark[data-f]').forEach(
          m => m.dataset.f.split(' ').forEach(id => ids.add(Number(id))));
      return [...ids].map(id => [data.findings[id].r, data.findings[id].v]);
    }""")


def listed_articles(page) -> list[str]:
    return page.eval_on_selector_all("#article-list .a-path", "ns => ns.map(n => n.textContent)")


def test_filters_hide_and_show_findings(page):
    page.evaluate(OPEN, article_index(page, DRIFTED))
    everything = visible_rules(page)
    severities = {v for _, v in everything}
    assert len(everything) >= 2
    hidden = sorted(severities)[0]
    page.uncheck(f'input[name="severity"][value="{hidden}"]')
    remaining = visible_rules(page)
    assert hidden not in {v for _, v in remaining}
    assert len(remaining) == sum(1 for _, v in everything if v != hidden)
    page.check(f'input[name="severity"][value="{hidden}"]')
    assert sorted(visible_rules(page)) == sorted(everything)

    rule = everything[0][0]
    page.select_option("#f-rule", rule)
    assert {r for r, _ in visible_rules(page)} == {rule}
    page.select_option("#f-rule", "")

    all_listed = listed_articles(page)
    page.select_option("#f-lang", "hi")
    assert 0 < len(listed_articles(page)) < len(all_listed)
    page.select_option("#f-lang", "")

    page.fill("#f-search", "002_22037")
    assert listed_articles(page) == [DRIFTED]
    page.fill("#f-search", "")
    assert listed_articles(page) == all_listed


def test_keyboard_moves_between_findings_and_shows_their_message(page):
    page.evaluate(OPEN, article_index(page, DRIFTED))
    page.click("#article h2")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.dataset.f")
    assert first is not None
    assert page.is_visible("#tip")
    message = page.evaluate("""(ids) => JSON.parse(document.getElementById('report-data')
        .textContent).findings[Number(ids.split(' ')[0])].m""", first)
    assert message in page.inner_text("#tip")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.dataset.f") == first
    page.keyboard.press("Escape")
    assert not page.is_visible("#tip")


def test_invisible_characters_zero_width_findings_and_fixes_are_visible(browser, tmp_path):
    text = "\ufeffعنوان\n\nپہلا\u200bپیراگراف\u202eالٹا\u202c ہے۔  \nآخری"
    (tmp_path / "i.txt").write_text(text, encoding="utf-8")
    out, _ = write_report(tmp_path, str(tmp_path / "i.txt"), args=(
        "--select", "trailing-whitespace,final-newline", "--no-config"))
    page = browser.new_page()
    page.goto(out.as_uri() + "#article-0")
    page.wait_for_selector("#article .text")
    labels = page.eval_on_selector_all("#article .text .inv", "ns => ns.map(n => [n.dataset.label,"
                                       " n.textContent, getComputedStyle(n, '::before').content])")
    assert [label for label, _, _ in labels] == ["BOM", "ZWSP", "RLO", "PDF"]
    assert all(content == f'"{label}"' for label, _, content in labels)
    assert page.eval_on_selector("#article .text", "n => n.textContent") == text
    zero = page.eval_on_selector("mark.zero",
                                 "n => [n.textContent, n.getBoundingClientRect().width]")
    assert zero[0] == "" and zero[1] > 0
    fix = page.eval_on_selector_all(".finding .edit", "ns => ns.map(n => n.textContent)")
    assert any("→" in row and "ہے۔  " in row for row in fix)
    page.close()


def test_live_page_ids_stay_unique(page):
    page.evaluate(OPEN, article_index(page, DRIFTED))
    ids = page.eval_on_selector_all("[id]", "ns => ns.map(n => n.id)")
    assert len(ids) == len(set(ids))


def test_screenshot(page, tmp_path):
    page.evaluate(OPEN, article_index(page, DRIFTED))
    page.evaluate("""() => {
      const hindi = [...document.querySelectorAll('#article .text .paragraph[lang="hi"]')];
      const target = hindi.map(p => p.querySelector('mark[tabindex]')).find(Boolean)
          || document.querySelector('#article mark[tabindex]');
      target.focus({preventScroll: true});
      target.scrollIntoView({block: 'center'});
      target.dispatchEvent(new FocusEvent('focusin', {bubbles: true}));
    }""")
    shot = tmp_path / "html-report.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("ARCHIVE_LINT_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / "html-report.png")


def test_a_5000_finding_report_opens_fast(browser, tmp_path):
    out = big_report(tmp_path)
    page = browser.new_page()
    page.goto(out.as_uri())
    page.wait_for_selector("html[data-ready]")
    ready = page.evaluate("performance.now()")
    assert ready < 4000, f"the overview took {ready:.0f} ms"
    assert page.locator("#article-list li").count() == 200  # the list grows on demand
    page.click("#more")
    assert page.locator("#article-list li").count() == 250 and not page.is_visible("#more")
    started = time.perf_counter()
    page.click("#article-list a")
    page.wait_for_selector("#article mark[data-f]")
    assert time.perf_counter() - started < 2
    page.close()
