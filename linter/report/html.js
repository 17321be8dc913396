/* archive-lint HTML report: list, filters and article view, rendered from #report-data. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var A = data.articles, F = data.findings, R = data.rules;
  var SEVERITIES = ["error", "warning", "info"], RANK = {error: 3, warning: 2, info: 1};
  var LANGS = {ur: "Urdu", hi: "Hindi", en: "English"};
  var PAGE = 200;
  var LABELS = {
    "\u00a0": "NBSP", "\u00ad": "SHY", "\u061c": "ALM", "\u180e": "MVS", "\u200b": "ZWSP",
    "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u200e": "LRM", "\u200f": "RLM", "\u2028": "LSEP",
    "\u2029": "PSEP", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO",
    "\u202e": "RLO", "\u202f": "NNBSP", "\u2060": "WJ", "\u2061": "FA", "\u2062": "IT",
    "\u2063": "IS", "\u2064": "IP", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI",
    "\u2069": "PDI", "\ufeff": "BOM", "\t": "TAB", "\r": "CR", "\n": "LF", "\ufffd": "U+FFFD"
  };
  // Shown everywhere (they are never seen otherwise); the rest only inside a finding.
  var ALWAYS = /[\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
  var INVISIBLE = /[\u00a0\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202f\u2060-\u2064\u2066-\u2069\ufeff\t\r\n\ufffd]/g;

  var $ = function (id) { return document.getElementById(id); };
  var list = $("article-list"), pane = $("article"), tip = $("tip"), more = $("more");
  var filters = {rule: "", lang: "", sev: {error: true, warning: true, info: true}, q: ""};
  var shown = PAGE, current = null, nav = [], navPos = -1, firstMark = {};

  A.forEach(function (a) {
    a.fi = [];
    a.hay = (a.p + " " + (a.rec || "") + " " + (a.title || "")).toLowerCase();
  });
  F.forEach(function (f, i) {
    f.i = i;
    A[f.a].fi.push(i);
    f.hay = (f.m + " " + f.r + " " + f.c + " " + f.x).toLowerCase();
  });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function visible(f) {
    var a = A[f.a];
    if (filters.rule && f.r !== filters.rule) return false;
    if (!filters.sev[f.v]) return false;
    if (filters.lang && a.lang !== filters.lang) return false;
    if (filters.q && f.hay.indexOf(filters.q) < 0 && a.hay.indexOf(filters.q) < 0) return false;
    return true;
  }

  function counts(a) {
    var c = {error: 0, warning: 0, info: 0, n: 0};
    a.fi.forEach(function (i) { if (visible(F[i])) { c[F[i].v]++; c.n++; } });
    return c;
  }

  function badges(parent, c) {
    SEVERITIES.forEach(function (s) {
      if (c[s]) parent.appendChild(el("span", {"class": "badge sev-" + s}, c[s] + " " + s));
    });
  }

  /* ---- the list of articles, worst first ---- */
  function renderList() {
    var rows = [], total = 0;
    A.forEach(function (a, i) {
      var c = counts(a);
      if (c.n) { rows.push([i, c]); total += c.n; }
    });
    rows.sort(function (x, y) {
      return y[1].error - x[1].error || y[1].warning - x[1].warning ||
        y[1].info - x[1].info || (A[x[0]].p < A[y[0]].p ? -1 : A[x[0]].p > A[y[0]].p ? 1 : 0) ||
        x[0] - y[0];
    });
    var frag = document.createDocumentFragment();
    rows.slice(0, shown).forEach(function (row) {
      var i = row[0], a = A[i];
      var li = el("li");
      var link = el("a", {href: "#article-" + i, "data-article": i});
      if (i === current) link.setAttribute("aria-current", "page");
      link.appendChild(el("span", {"class": "a-title", lang: a.lang, dir: "auto"},
                          a.title || a.p));
      link.appendChild(el("span", {"class": "a-path"}, a.p + (a.rec ? " · record " + a.rec : "")));
      var line = el("span", {"class": "a-badges"});
      badges(line, row[1]);
      if (a.lang) line.appendChild(el("span", {"class": "badge lang"}, LANGS[a.lang] || a.lang));
      if (a.note) line.appendChild(el("span", {"class": "badge note"}, a.text === null ? "no text" : "changed"));
      link.appendChild(line);
      li.appendChild(link);
      frag.appendChild(li);
    });
    list.textContent = "";
    list.appendChild(frag);
    $("list-status").textContent = rows.length + " article(s), " + total + " finding(s) shown" +
      (rows.length > shown ? " (first " + shown + " listed)" : "");
    more.hidden = rows.length <= shown;
  }

  /* ---- text with labelled invisible characters ---- */
  function appendText(parent, text, all) {
    var last = 0, m;
    INVISIBLE.lastIndex = 0;
    while ((m = INVISIBLE.exec(text)) !== null) {
      var ch = m[0];
      if (!all && !ALWAYS.test(ch)) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var label = LABELS[ch] || ("U+" + ch.charCodeAt(0).toString(16).toUpperCase());
      parent.appendChild(el("span", {"class": "inv", "data-label": label, title: label}, ch));
      last = m.index + 1;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function worst(fs) {
    var best = "info";
    fs.forEach(function (f) { if (RANK[f.v] > RANK[best]) best = f.v; });
    return best;
  }

  function mark(parent, text, cover, zero) {
    var node = el("mark", {
      "class": "hl sev-" + worst(cover) + (cover.length > 1 ? " multi" : "") +
        (zero ? " zero" : "") + (blank(text) ? " ws" : ""),
      "data-f": cover.map(function (f) { return f.i; }).join(" "),
      "aria-describedby": "tip"
    });
    appendText(node, text, true);
    var first = false;
    cover.forEach(function (f) { if (!(f.i in firstMark)) { firstMark[f.i] = node; first = true; } });
    if (first) node.setAttribute("tabindex", "0");
    if (zero) node.setAttribute("aria-label", "here: " + cover.map(function (f) { return f.m; }).join("; "));
    parent.appendChild(node);
  }

  var TAGS = {title: "h3", heading: "h4", paragraph: "p", meta: "pre", gap: "div"};

  function renderText(a, fs) {
    var placed = fs.filter(function (f) { return f.s !== null; });
    placed.sort(function (x, y) { return x.s - y.s || y.e - x.e; });
    var body = el("div", {"class": "text", lang: a.lang, dir: a.dir});
    var zeroDone = {};
    a.blocks.forEach(function (b) {
      var bs = b[0], be = b[1], kind = b[2];
      var node = el(TAGS[kind] || "div", {"class": "blk " + kind, lang: b[3], dir: b[4]});
      var inside = [], zeros = [];
      for (var k = 0; k < placed.length && placed[k].s <= be; k++) {
        var f = placed[k];
        if (f.s === f.e) {
          if (f.s >= bs && !zeroDone[f.i]) { zeros.push(f); zeroDone[f.i] = true; }
        } else if (f.e > bs && f.s < be) {
          inside.push(f);
        }
      }
      var points = {}, keys;
      points[bs] = points[be] = true;
      inside.concat(zeros).forEach(function (f) {
        if (f.s > bs) points[f.s] = true;
        if (f.e < be) points[f.e] = true;
      });
      keys = Object.keys(points).map(Number).sort(function (x, y) { return x - y; });
      keys.forEach(function (p, t) {
        var here = zeros.filter(function (f) { return f.s === p; });
        if (here.length) mark(node, "", here, true);
        if (t + 1 >= keys.length) return;
        var q = keys[t + 1], piece = a.text.slice(p, q);
        var cover = inside.filter(function (f) { return f.s <= p && f.e >= q; });
        if (cover.length) mark(node, piece, cover, false);
        else appendText(node, piece, false);
      });
      body.appendChild(node);
    });
    return body;
  }

  function blank(text) { return /^[^\S\r\n]+$/.test(text) ? "ws" : null; }

  function fixNode(f, a) {
    var box = el("div", {"class": "fix"});
    box.appendChild(el("span", {"class": "fix-kind"},
                       (f.fx.safe ? "Safe fix" : "Unsafe fix") + (f.fx.d ? ": " + f.fx.d : "")));
    f.fx.edits.forEach(function (e) {
      var row = el("div", {"class": "edit"});
      if (e.b !== null) {
        var before = el("bdi", {"class": "before", lang: a.lang, dir: a.dir});
        appendText(before, e.pre, true);
        appendText(before.appendChild(el("del", {"class": blank(e.b)})), e.b, true);
        appendText(before, e.post, true);
        row.appendChild(before);
        row.appendChild(el("span", {"class": "arrow", "aria-label": "becomes"}, " → "));
      }
      var after = el("bdi", {"class": "after", lang: a.lang, dir: a.dir});
      if (e.b !== null) appendText(after, e.pre, true);
      appendText(after.appendChild(el("ins", {"class": blank(e.a)})), e.a, true);
      if (e.b !== null) appendText(after, e.post, true);
      row.appendChild(after);
      box.appendChild(row);
    });
    return box;
  }

  function describe(parent, f, a, withFix) {
    var head = el("span", {"class": "f-head"});
    head.appendChild(el("span", {"class": "badge sev-" + f.v}, f.v));
    head.appendChild(el("code", null, f.c));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("a", {href: "#rule-" + f.r, "class": "rule"}, f.r));
    head.appendChild(el("span", {"class": "pos"}, " line " + f.l + ", column " + f.col));
    parent.appendChild(head);
    parent.appendChild(el("span", {"class": "msg"}, f.m));
    if (R[f.r] && R[f.r].summary) parent.appendChild(el("span", {"class": "summary"}, R[f.r].summary));
    if (f.why) parent.appendChild(el("span", {"class": "why"}, "Not marked: " + f.why + "."));
    if (withFix && f.fx) parent.appendChild(fixNode(f, a));
  }

  /* ---- one article ---- */
  function openArticle(i, focus) {
    var a = A[i];
    if (!a) return;
    current = i;
    hideTip();
    firstMark = {};
    pane.textContent = "";
    var h = el("h2", {id: "article-heading"});
    var title = a.title || a.p;
    h.appendChild(el("bdi", {lang: a.lang, dir: a.dir},
                     title.length > 90 ? title.slice(0, 88) + "…" : title));
    pane.appendChild(h);
    var fs = a.fi.map(function (j) { return F[j]; });
    var vis = fs.filter(visible);
    var meta = el("p", {"class": "a-meta"});
    meta.appendChild(el("code", null, a.p + (a.rec ? " · record " + a.rec : "")));
    if (a.lang) meta.appendChild(document.createTextNode(" · " + (LANGS[a.lang] || a.lang)));
    meta.appendChild(document.createTextNode(" · " + vis.length + " of " + fs.length +
                                             " finding(s) shown "));
    badges(meta, counts(a));
    pane.appendChild(meta);
    if (a.note) pane.appendChild(el("p", {"class": "notice", role: "note"}, a.note));
    if (a.text !== null) pane.appendChild(renderText(a, vis));
    pane.appendChild(el("h3", {"class": "f-title"}, "Findings"));
    var ol = el("ol", {"class": "findings"});
    vis.forEach(function (f) {
      var li = el("li", {"class": "finding sev-" + f.v});
      describe(li, f, a, true);
      if (firstMark[f.i]) {
        var go = el("button", {type: "button", "class": "go", "data-go": f.i}, "Show in text");
        li.insertBefore(go, li.firstChild);
      }
      ol.appendChild(li);
    });
    pane.appendChild(ol);
    nav = vis.filter(function (f) { return firstMark[f.i]; });
    nav.sort(function (x, y) { return x.s - y.s || y.e - x.e; });
    navPos = -1;
    Array.prototype.forEach.call(list.querySelectorAll("a[aria-current]"), function (n) {
      n.removeAttribute("aria-current");
    });
    var link = list.querySelector('a[data-article="' + i + '"]');
    if (link) link.setAttribute("aria-current", "page");
    if (focus) { pane.focus({preventScroll: true}); pane.scrollIntoView({block: "start"}); }
  }

  function goTo(pos) {
    if (!nav.length) return;
    navPos = (pos + nav.length) % nav.length;
    var node = firstMark[nav[navPos].i];
    node.focus({preventScroll: true});
    node.scrollIntoView({block: "center"});
  }

  function setCurrent(index) {
    Array.prototype.forEach.call(pane.querySelectorAll("mark.cur"), function (n) {
      n.classList.remove("cur");
    });
    Array.prototype.forEach.call(pane.querySelectorAll("mark[data-f]"), function (n) {
      if ((" " + n.getAttribute("data-f") + " ").indexOf(" " + index + " ") >= 0) n.classList.add("cur");
    });
  }

  /* ---- tooltip: message, rule, help and fix on hover and focus ---- */
  function showTip(node) {
    var ids = node.getAttribute("data-f").split(" ").map(Number);
    tip.textContent = "";
    ids.forEach(function (j) {
      var box = el("div", {"class": "tip-f"});
      describe(box, F[j], A[F[j].a], true);
      box.appendChild(el("span", {"class": "help"}, "Help: archive-lint explain " + F[j].r));
      tip.appendChild(box);
    });
    tip.hidden = false;
    var r = node.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left,
                                    window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.top = top + "px";
    tip.style.left = left + "px";
  }

  function hideTip() { tip.hidden = true; }

  pane.addEventListener("mouseover", function (ev) {
    var node = ev.target.closest("mark[data-f]");
    if (node) showTip(node);
  });
  pane.addEventListener("mouseout", function (ev) {
    if (ev.target.closest("mark[data-f]") && document.activeElement !== ev.target.closest("mark")) hideTip();
  });
  pane.addEventListener("focusin", function (ev) {
    var node = ev.target.closest("mark[data-f]");
    if (!node) return;
    var ids = node.getAttribute("data-f").split(" ").map(Number);
    for (var k = 0; k < nav.length; k++) if (firstMark[nav[k].i] === node) { navPos = k; break; }
    setCurrent(nav[navPos] && ids.indexOf(nav[navPos].i) >= 0 ? nav[navPos].i : ids[0]);
    showTip(node);
  });
  pane.addEventListener("focusout", function (ev) {
    if (ev.target.closest("mark[data-f]")) hideTip();
  });
  pane.addEventListener("click", function (ev) {
    var go = ev.target.closest("button[data-go]");
    if (!go) return;
    var index = Number(go.getAttribute("data-go"));
    for (var k = 0; k < nav.length; k++) if (nav[k].i === index) goTo(k);
  });

  /* ---- keyboard ---- */
  document.addEventListener("keydown", function (ev) {
    var tag = ev.target.tagName;
    if (ev.key === "Escape") {
      if (!tip.hidden) { hideTip(); return; }
      if (/INPUT|SELECT|TEXTAREA/.test(tag)) { ev.target.blur(); return; }
      var link = list.querySelector('a[data-article="' + current + '"]') || list.querySelector("a");
      if (link) link.focus();
      return;
    }
    if (/INPUT|SELECT|TEXTAREA/.test(tag) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "/") { ev.preventDefault(); $("f-search").focus(); }
    else if (current !== null && (ev.key === "j" || ev.key === "n")) { ev.preventDefault(); goTo(navPos + 1); }
    else if (current !== null && (ev.key === "k" || ev.key === "p")) { ev.preventDefault(); goTo(navPos < 0 ? -1 : navPos - 1); }
  });

  /* ---- filters ---- */
  function readFilters() {
    filters.rule = $("f-rule").value;
    filters.lang = $("f-lang").value;
    Array.prototype.forEach.call(document.querySelectorAll('input[name="severity"]'), function (box) {
      filters.sev[box.value] = box.checked;
    });
    filters.q = $("f-search").value.trim().toLowerCase();
    shown = PAGE;
    renderList();
    if (current !== null) openArticle(current, false);
  }
  $("filters").addEventListener("input", readFilters);
  $("filters").addEventListener("change", readFilters);
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  more.addEventListener("click", function () { shown += PAGE; renderList(); });

  /* ---- routing: #article-N opens an article, #rule-NAME opens a rule's help ---- */
  function route(focus) {
    var hash = decodeURIComponent(location.hash);
    var m = /^#article-(\d+)$/.exec(hash);
    if (m) { openArticle(Number(m[1]), focus); return; }
    if (hash.indexOf("#rule-") === 0) {
      var details = document.getElementById(hash.slice(1));
      if (details) { details.open = true; details.scrollIntoView(); }
    }
  }
  window.addEventListener("hashchange", function () { route(true); });
  renderList();
  route(false);
  document.documentElement.setAttribute("data-ready", "true");
})();
