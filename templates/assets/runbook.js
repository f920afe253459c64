// runbook theme: colour theme, search, copy buttons, contents highlight, alert filters.
// No libraries; every page works without this script.
(() => {
  "use strict";
  const d = document, root = d.documentElement;
  const $ = (s, c) => (c || d).querySelector(s), $$ = (s, c) => [...(c || d).querySelectorAll(s)];
  const on = (t, ev, f, o) => t.addEventListener(ev, f, o);
  const el = (tag, cls, text) => {
    const n = d.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  };
  const attrs = (n, a) => { for (const k in a) n.setAttribute(k, a[k]); return n; };
  // The site's JSON files (search index, menu lists), found from the search index's address at
  // the site's root. From disk (file://, relativeURLs) browsers refuse fetch: each file then has
  // a script twin (x.json → x.js) that hands its value to runbookData (Render/RelativeURLs.swift).
  const indexURL = new URL((($("#search") || {}).dataset || {}).index || "/search-index.json", location.href);
  const rootURL = new URL(".", indexURL), waiting = new Map();
  window.runbookData = (path, value) => { const done = waiting.get(path); if (done) { waiting.delete(path); done(value); } };
  const load = url => location.protocol !== "file:" ? fetch(url).then(r => { if (!r.ok) throw r; return r.json(); })
    : new Promise((done, fail) => {
      waiting.set(url.slice(rootURL.href.length), done);
      d.head.append(attrs(el("script"), { src: url.replace(/\.json$/, ".js") }));
      d.head.lastChild.onerror = fail;
    });

  // Colour theme: auto (follows the system), light or dark, kept in localStorage.
  const key = "runbook-theme", themeBtn = $(".theme-button"), sysDark = matchMedia("(prefers-color-scheme: dark)");
  const setTheme = mode => {
    const fixed = mode === "light" || mode === "dark";
    if (fixed) root.dataset.theme = mode; else delete root.dataset.theme;
    const label = "Colour theme: " + (fixed ? mode : "auto (follows the system)");
    attrs(themeBtn, { title: label, "aria-label": label });
  };
  if (themeBtn) {
    setTheme(root.dataset.theme);
    on(themeBtn, "click", () => {
      const order = sysDark.matches ? ["auto", "light", "dark"] : ["auto", "dark", "light"];
      const next = order[(order.indexOf(root.dataset.theme || "auto") + 1) % 3];
      try { next === "auto" ? localStorage.removeItem(key) : localStorage.setItem(key, next); } catch (e) {}
      setTheme(next);
    });
    on(window, "storage", e => { if (e.key === key) setTheme(e.newValue); });
  }

  // CamelCase names (alerts) wrap between words, not anywhere.
  $$(".sidebar a, .markdown h1, .cards strong, .entries a, .pager a, .crumbs a, .rule-name, .alerts code, .alerts td a").forEach(n => {
    for (const t of [...n.childNodes]) {
      if (t.nodeType !== 3 || t.nodeValue.length < 16) continue;
      const parts = t.nodeValue.replace(/([a-z0-9](?=[A-Z])|[A-Z](?=[A-Z][a-z])|[_./](?=\w))/g, "$1\n").split("\n");
      if (parts.length < 2) continue;
      const f = d.createDocumentFragment();
      parts.forEach((p, i) => { if (i) f.append(el("wbr")); f.append(p); });
      t.replaceWith(f);
    }
  });

  // Menu: bring the current page into view; the mobile drawer closes with Escape.
  const side = $(".sidebar"), menu = $("#menu-control"), cur = side && $("[aria-current=page]", side);
  if (cur) {
    const top = cur.getBoundingClientRect().top - side.getBoundingClientRect().top + side.scrollTop;
    if (top + cur.offsetHeight > side.clientHeight) side.scrollTop = top - side.clientHeight / 3;
  }
  // A closed section whose list the page does not hold fills it from its menu.json when opened
  // (Render/MenuJSON.swift); without this, its link leads to the section page. One that lists
  // nothing comes as <li data-more> (no toggle, to keep pages small) and gets its toggle here.
  const foldable = li => {
    li.removeAttribute("data-more");
    attrs(li.appendChild(el("details")), { "data-more": "" }).append(attrs(el("summary"), { "aria-label": li.firstElementChild.textContent }));
  };
  if (side) $$("li[data-more]", side).forEach(foldable);
  const fill = det => {
    if (!det.hasAttribute("data-more") || !det.open) return;
    det.removeAttribute("data-more");
    const a = det.previousElementSibling;
    load(new URL("menu.json", a.href.replace(/index\.html$/, "")).href).then(list => {
      const ul = el("ul");
      for (const [title, url, kind] of list) {
        const li = ul.appendChild(el("li"));
        li.append(attrs(el("a", "", title), { href: new URL(url, rootURL).href }));
        if (kind === 2) foldable(li);
      }
      const old = $(":scope > ul", det);
      old ? old.replaceWith(ul) : det.append(ul);
    }).catch(() => det.setAttribute("data-more", ""));
  };
  if (side) on(side, "toggle", e => fill(e.target), true);
  if (menu) {
    on(menu, "change", () => { if (menu.checked) $("a", side).focus({ preventScroll: true }); });
    on(d, "keydown", e => { if (e.key === "Escape" && menu.checked) { menu.checked = false; menu.focus(); } });
    on(side, "click", e => { if (e.target.closest("a")) menu.checked = false; });
  }

  // Code blocks: a copy button (the Clipboard API needs HTTPS; plain HTTP falls back).
  const copy = text => {
    if (navigator.clipboard && isSecureContext) return navigator.clipboard.writeText(text);
    const a = attrs(el("textarea"), { readonly: "", style: "position:fixed;opacity:0" });
    a.value = text;
    d.body.append(a);
    a.select();
    let ok = false;
    try { ok = d.execCommand("copy"); } catch (e) {}
    a.remove();
    return ok ? Promise.resolve() : Promise.reject();
  };
  $$(".markdown pre").forEach(pre => {
    if (pre.closest(".rule-notes")) return;
    const wrap = el("div", "code"), btn = attrs(el("button", "copy"), { type: "button", "aria-label": "Copy code" });
    const show = (text, done) => {
      btn.textContent = "";
      btn.append(el("i", "i i-copy"), text);
      btn.classList.toggle("done", !!done);
    };
    show("Copy");
    pre.before(wrap);
    wrap.append(pre, btn);
    on(btn, "click", () => {
      copy(pre.textContent.replace(/\n$/, "")).then(() => show("Copied", 1), () => show("Press Ctrl+C"));
      clearTimeout(btn.t);
      btn.t = setTimeout(show, 1800, "Copy");
    });
  });

  // A link to something inside a closed <details> opens it; printing opens them all.
  const reveal = () => {
    const t = location.hash && d.getElementById(decodeURIComponent(location.hash.slice(1)));
    let n = t, o;
    while (n && (o = n.closest("details:not([open])"))) { o.open = true; n = o.parentElement; }
    if (n !== t) t.scrollIntoView();
  };
  reveal();
  on(window, "hashchange", reveal);
  let closed = [];
  on(window, "beforeprint", () => { closed = $$(".markdown details:not([open])"); closed.forEach(x => x.open = true); });
  on(window, "afterprint", () => closed.forEach(x => x.open = false));

  // Table of contents: highlight the section being read.
  const toc = $$(".toc a"), heads = toc.map(a => d.getElementById(decodeURIComponent(a.hash.slice(1))));
  let queued = 0;
  const spy = () => {
    queued = 0;
    const top = parseFloat(getComputedStyle(root).scrollPaddingTop) + 8;
    let at = 0;
    heads.forEach((h, i) => { if (h && h.getBoundingClientRect().top <= top) at = i; });
    if (innerHeight + scrollY >= root.scrollHeight - 4) at = heads.length - 1;
    toc.forEach((a, i) => a.classList.toggle("active", i === at));
  };
  if (toc.length) { spy(); on(window, "scroll", () => { queued = queued || requestAnimationFrame(spy); }, { passive: true }); }

  // Search: a small manifest, then only the term shards a query needs and the entries it
  // shows (layout: Render/SearchIndex.swift; bench/search-size.py follows the same steps).
  // Word-prefix matches, one typo on words of 5+ letters; every query word must match.
  const input = $("#search"), pageList = $("#search-page-results");
  const search = (() => {
    const base = indexURL;
    const files = new Map(), BUDGET = 200000;
    const get = url => {
      if (!files.has(url)) files.set(url, load(url));
      return files.get(url);
    };
    const manifest = () => get(base.href);
    const terms = text => (text.toLowerCase().match(/[\p{L}\p{N}_:]+/gu) || []).filter(t => t.length >= 2 && t.length <= 64);
    const key = t => [...t].map(c => /[a-z0-9]/.test(c) ? c : "_").join("");
    // The shard holding the word itself, then shards of longer words it starts, within a budget.
    const shardsFor = (q, shards) => {
      const m = key(q), keys = Object.keys(shards);
      let own = "";
      for (const k of keys) if (m.startsWith(k) && k.length > own.length) own = k;
      const out = own ? [own] : [];
      let spent = own ? shards[own] : 0;
      const longer = keys.filter(k => k.length > m.length && k.startsWith(m)).sort((p, q) => shards[p] - shards[q] || (p < q ? -1 : 1));
      for (const k of longer) { if (spent + shards[k] > BUDGET) break; spent += shards[k]; out.push(k); }
      return out;
    };
    const oneEdit = (a, b) => {
      if (a === b || Math.abs(a.length - b.length) > 1) return false;
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
      return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
    };
    const factor = (t, q) => t === q ? 1 : t.startsWith(q) ? 0.6 : q.length >= 5 && t.length >= 5 && oneEdit(t, q) ? 0.5 : 0;
    // Pages matching every word, best first, and the indexed words that matched (to mark).
    const run = async text => {
      const words = [...new Set(terms(text))];
      if (!words.length) return { hits: [], marks: [] };
      const { shards } = await manifest();
      const loaded = await Promise.all(words.map(q => Promise.all(shardsFor(q, shards).map(k => get(new URL("search/index/" + k + ".json", base).href)))));
      let total = null;
      const marks = new Set(words);
      words.forEach((q, n) => {
        const scores = new Map();
        for (const shard of loaded[n]) for (const t in shard) {
          const f = factor(t, q);
          if (!f) continue;
          marks.add(t);
          const list = shard[t];
          for (let i = 0, id = 0; i < list.length; i += 2) {
            id += list[i];
            const s = list[i + 1] * f;
            if (!(scores.get(id) >= s)) scores.set(id, s);
          }
        }
        if (!total) total = scores;
        else for (const [id, s] of total) scores.has(id) ? total.set(id, s + scores.get(id)) : total.delete(id);
      });
      const hits = [...total].map(([id, score]) => ({ id, score })).sort((p, q) => q.score - p.score || p.id - q.id);
      return { hits, marks: [...marks].sort((p, q) => q.length - p.length) };
    };
    const entry = id => get(new URL("search/pages/" + id + ".json", base).href);
    const pageURL = q => new URL((location.protocol === "file:" ? "search/index.html" : "search/") + "?q=" + encodeURIComponent(q), base).href;
    return { run, entry, pageURL, manifest };
  })();
  const mark = (n, text, words) => {
    const low = text.toLowerCase();
    for (let pos = 0; ;) {
      let best = -1, len = 0;
      for (const q of words) { const at = low.indexOf(q, pos); if (at >= 0 && (best < 0 || at < best)) { best = at; len = q.length; } }
      if (best < 0) { n.append(text.slice(pos)); return n; }
      n.append(text.slice(pos, best), el("mark", "", text.slice(best, best + len)));
      pos = best + len;
    }
  };
  // The matched text: the first of summary, description and page text holding a matched word.
  const snippet = (r, words) => {
    for (const text of [r.m, r.d, r.x]) {
      if (!text) continue;
      const low = text.toLowerCase();
      const at = Math.min(...words.map(q => { const i = low.indexOf(q); return i < 0 ? Infinity : i; }));
      if (at === Infinity) continue;
      const from = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 60)) + 1), to = Math.min(text.length, from + 180);
      return mark(el("span", "r-desc"), (from ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : ""), words);
    }
    return r.d ? mark(el("span", "r-desc"), r.d, words) : null;
  };
  const severity = v => /^(critical|page|error|high)$/i.test(v) ? "critical" : /^(warning|warn|medium)$/i.test(v) ? "warning"
    : /^(info|low|none|notice)$/i.test(v) ? "info" : "other";
  const result = (a, r, words) => {
    a.href = new URL(r.u, rootURL).href;
    a.append(mark(el("span", "r-title"), r.t, words));
    if (r.v) a.append(el("span", "badge badge-" + severity(r.v), r.v));
    if (r.a && r.a !== r.t) a.append(mark(el("code", "r-alert"), r.a, words));
    if (r.s) a.append(el("span", "r-meta", r.s));
    const s = snippet(r, words);
    if (s) a.append(s);
    return a;
  };
  let uid = 0;

  if (input) {
    const box = attrs(el("div", "search-results"), { id: "search-results", role: "listbox", "aria-label": "Search results" });
    box.hidden = true;
    input.after(box);
    attrs(input, { role: "combobox", "aria-expanded": "false", "aria-autocomplete": "list", "aria-controls": box.id, autocomplete: "off", spellcheck: "false" });
    let shown = [], active = -1, seq = 0;
    const select = i => {
      if (shown[active]) shown[active].setAttribute("aria-selected", "false");
      active = i;
      if (shown[i]) {
        shown[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", shown[i].id);
        shown[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    };
    const open = yes => { box.hidden = !yes; input.setAttribute("aria-expanded", yes); };
    const say = text => { box.textContent = ""; shown = []; box.append(el("p", "search-empty", text)); open(true); };
    const option = () => attrs(el("a"), { id: "sr-" + ++uid, role: "option", "aria-selected": "false", tabindex: "-1" });
    const render = async () => {
      const text = input.value.trim(), now = ++seq;
      select(-1);
      if (!text) return open(false);
      let found, entries;
      try {
        found = await search.run(text);
        entries = await Promise.all(found.hits.slice(0, 8).map(h => search.entry(h.id)));
      } catch (e) {
        if (now === seq) say("Search is not available: the index did not load.");
        return;
      }
      if (now !== seq) return;
      if (!found.hits.length) return say("No page matches “" + text + "”.");
      box.textContent = "";
      shown = entries.map(r => box.appendChild(result(option(), r, found.marks)));
      const all = option();
      all.className = "search-all";
      all.href = search.pageURL(text);
      all.textContent = found.hits.length > 8 ? "All " + found.hits.length + " results →" : "Open as a results page →";
      shown.push(box.appendChild(all));
      open(true);
    };
    on(input, "focus", () => { search.manifest().catch(() => {}); if (input.value.trim()) render(); });
    on(input, "input", render);
    on(input, "keydown", e => {
      const k = e.key;
      if (k === "ArrowDown" || k === "ArrowUp") {
        if (box.hidden) render();
        const n = shown.length;
        if (!n) return;
        e.preventDefault();
        select(k === "ArrowDown" ? (active + 1) % n : (Math.max(active, 0) - 1 + n) % n);
      } else if (k === "Enter" && input.value.trim()) {
        e.preventDefault();
        location.href = shown.length ? shown[Math.max(active, 0)].href : search.pageURL(input.value.trim());
      } else if (k === "Escape") {
        if (!box.hidden) open(false); else { input.value = ""; input.blur(); }
      }
    });
    on(box, "mousedown", e => e.preventDefault());
    on(input, "blur", () => setTimeout(open, 150, false));
    on(d, "keydown", e => {
      const t = e.target;
      if (e.defaultPrevented || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable) return;
      if ((e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey) || (e.key === "k" && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // The results page (/search/?q=): every match, 20 at a time.
  if (pageList) {
    const text = (new URLSearchParams(location.search).get("q") || "").trim(), field = $("#search-page-q"), count = $("#search-page-count");
    if (field) field.value = text;
    if (text) search.run(text).then(found => {
      count.textContent = found.hits.length ? found.hits.length + (found.hits.length === 1 ? " page matches" : " pages match") + " “" + text + "”."
        : "No page matches “" + text + "”.";
      let next = 0;
      const more = el("button", "search-more", "Show more results");
      const page = async () => {
        const slice = found.hits.slice(next, next + 20);
        next += slice.length;
        const entries = await Promise.all(slice.map(h => search.entry(h.id)));
        entries.forEach(r => pageList.appendChild(result(el("a"), r, found.marks)));
        if (next < found.hits.length) pageList.after(more); else more.remove();
      };
      on(more, "click", page);
      return page();
    }).catch(() => { count.textContent = "Search is not available: the index did not load."; });
  }

  // Alert catalogue: filter by text (name, summary, file, expression and so metrics), severity
  // and missing runbook; sort by name, severity or file; group by rule file or rule group.
  // The URL keeps the choice. Without the script: every alert, by name.
  const bar = $(".filters"), filter = $("#alert-filter");
  if (bar && filter) {
    const body = $(".alerts tbody"), rank = { critical: 1, warning: 2, info: 3, none: 9 };
    const sevRank = v => rank[severity(v)] || (v ? 5 : 9);
    const rows = $$("tr", body).map((tr, i) => {
      const ds = tr.dataset;
      return { tr, i, text: (tr.textContent + " " + (ds.expr || "")).toLowerCase(), sev: ds.sev || "none", missing: tr.hasAttribute("data-missing"),
        file: ds.file || "", line: +ds.line || 0, group: ds.group || "" };
    });
    const missingChip = $(".chip[data-missing]", bar);
    const chips = $$(".chip[data-sev]", bar).sort((p, q) => (rank[p.dataset.sev] || 5) - (rank[q.dataset.sev] || 5));
    chips.forEach(c => missingChip.before(c));
    const sorts = $$(".chip[data-sort]", bar), groups = $$(".chip[data-group]", bar);
    const status = $(".filter-status", bar), table = $(".table-wrap"), pressed = c => c.getAttribute("aria-pressed") === "true";
    const choice = list => (list.find(pressed) || list[0]).dataset;
    const byFile = (p, q) => p.file < q.file ? -1 : p.file > q.file ? 1 : p.line - q.line;
    const orders = { name: (p, q) => p.i - q.i, severity: (p, q) => sevRank(p.sev) - sevRank(q.sev) || p.i - q.i, file: (p, q) => byFile(p, q) || p.i - q.i };
    let heads = [];
    // Rows in the chosen order, under a heading row per rule file or group when grouped.
    const arrange = () => {
      const order = orders[choice(sorts).sort] || orders.name, by = choice(groups).group;
      const sorted = rows.slice().sort(by ? (p, q) => (p[by] < q[by] ? -1 : p[by] > q[by] ? 1 : 0) || order(p, q) : order);
      const f = d.createDocumentFragment();
      heads = [];
      let last = null;
      for (const row of sorted) {
        if (by && row[by] !== last) {
          last = row[by];
          const tr = el("tr", "group-head"), th = attrs(el("th", "", last || "(none)"), { colspan: "3", scope: "colgroup" });
          tr.append(th);
          f.append(tr);
          heads.push({ tr, rows: [] });
        }
        if (by) heads[heads.length - 1].rows.push(row);
        f.append(row.tr);
      }
      body.textContent = "";
      body.append(f);
    };
    const apply = keepURL => {
      const terms = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const sevs = chips.filter(pressed).map(c => c.dataset.sev), missing = pressed(missingChip);
      let count = 0;
      for (const row of rows) {
        const show = (!sevs.length || sevs.includes(row.sev)) && (!missing || row.missing) && terms.every(q => row.text.includes(q));
        if (row.tr.hidden === show) row.tr.hidden = !show;
        row.shown = show;
        count += show;
      }
      for (const h of heads) h.tr.hidden = !h.rows.some(r => r.shown);
      status.textContent = count === rows.length ? count + " alerts" : count ? `Showing ${count} of ${rows.length} alerts` : "No alert matches these filters.";
      table.hidden = !count;
      if (keepURL) return;
      const p = new URLSearchParams();
      if (terms.length) p.set("q", filter.value.trim());
      sevs.forEach(s => p.append("severity", s));
      if (missing) p.set("missing", "1");
      if (choice(sorts).sort !== "name") p.set("sort", choice(sorts).sort);
      if (choice(groups).group) p.set("group", choice(groups).group);
      history.replaceState(null, "", location.pathname + ([...p].length ? "?" + p : "") + location.hash);
    };
    const params = new URLSearchParams(location.search), wanted = params.getAll("severity");
    filter.value = params.get("q") || "";
    chips.forEach(c => c.setAttribute("aria-pressed", wanted.includes(c.dataset.sev)));
    missingChip.setAttribute("aria-pressed", params.get("missing") === "1");
    const pick = (list, value) => { const c = list.find(c => Object.values(c.dataset)[0] === value) || list[0]; list.forEach(x => x.setAttribute("aria-pressed", x === c)); };
    pick(sorts, params.get("sort") || "name");
    pick(groups, params.get("group") || "");
    bar.hidden = false;
    on(bar, "click", e => {
      const c = e.target.closest(".chip");
      if (!c) return;
      if (sorts.includes(c) || groups.includes(c)) {
        pick(sorts.includes(c) ? sorts : groups, Object.values(c.dataset)[0]);
        arrange();
      } else c.setAttribute("aria-pressed", !pressed(c));
      apply();
    });
    on(filter, "input", () => apply());
    if (choice(sorts).sort !== "name" || choice(groups).group) arrange();
    apply(true);
  }
})();
