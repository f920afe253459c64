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
  if (cur && cur.offsetTop + cur.offsetHeight > side.clientHeight) side.scrollTop = cur.offsetTop - side.clientHeight / 3;
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

  // Search: the index loads on first focus; title and alert matches rank first.
  const input = $("#search");
  if (input) {
    const box = attrs(el("div", "search-results"), { id: "search-results", role: "listbox", "aria-label": "Search results" });
    box.hidden = true;
    input.after(box);
    attrs(input, { role: "combobox", "aria-expanded": "false", "aria-autocomplete": "list", "aria-controls": box.id, autocomplete: "off", spellcheck: "false" });
    let index, loading, shown = [], active = -1, uid = 0;
    const load = () => loading || (loading = fetch(input.dataset.index)
      .then(r => { if (!r.ok) throw r; return r.json(); })
      .then(data => { index = data.map(r => ({ r, ...Object.fromEntries("tahgsd".split("").map(k => [k, (r[k] || "").toLowerCase()])) })); },
        () => { index = false; }));
    const score = (x, terms) => {
      let sum = 0;
      for (const q of terms) {
        const at = x.t.indexOf(q);
        const s = x.t === q || x.a === q ? 100 : at === 0 ? 70 : at > 0 ? 50 : x.a.includes(q) ? 45
          : x.h.includes(q) ? 14 : x.g.includes(q) ? 12 : x.s.includes(q) ? 10 : x.d.includes(q) ? 8 : 0;
        if (!s) return 0;
        sum += s;
      }
      return sum;
    };
    const mark = (n, text, terms) => {
      const low = text.toLowerCase();
      for (let pos = 0; ;) {
        let best = -1, len = 0;
        for (const q of terms) { const at = low.indexOf(q, pos); if (at >= 0 && (best < 0 || at < best)) { best = at; len = q.length; } }
        if (best < 0) { n.append(text.slice(pos)); return n; }
        n.append(text.slice(pos, best), el("mark", "", text.slice(best, best + len)));
        pos = best + len;
      }
    };
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
    const severity = v => /^(critical|page|error|high)$/i.test(v) ? "critical" : /^(warning|warn|medium)$/i.test(v) ? "warning"
      : /^(info|low|none|notice)$/i.test(v) ? "info" : "other";
    const render = () => {
      const query = input.value.trim().toLowerCase();
      select(-1);
      if (!query) return open(false);
      if (index === undefined) { say("Loading the search index…"); return load().then(render); }
      if (!index) return say("Search is not available: the index did not load.");
      const terms = query.split(/\s+/), hits = [];
      index.forEach((x, i) => { const s = score(x, terms); if (s) hits.push({ x, s, i }); });
      hits.sort((p, q) => q.s - p.s || p.x.t.length - q.x.t.length || p.i - q.i);
      if (!hits.length) return say("No page matches “" + input.value.trim() + "”.");
      box.textContent = "";
      shown = hits.slice(0, 12).map(({ x: { r } }) => {
        const a = attrs(el("a"), { href: r.u, id: "sr-" + ++uid, role: "option", "aria-selected": "false", tabindex: "-1" });
        a.append(mark(el("span", "r-title"), r.t, terms));
        if (r.v) a.append(el("span", "badge badge-" + severity(r.v), r.v));
        if (r.s) a.append(el("span", "r-meta", r.s));
        if (r.d) a.append(mark(el("span", "r-desc"), r.d, terms));
        box.append(a);
        return a;
      });
      if (hits.length > 12) box.append(el("p", "search-empty", hits.length - 12 + " more: refine the search"));
      open(true);
    };
    on(input, "focus", () => { load(); if (input.value.trim()) render(); });
    on(input, "input", render);
    on(input, "keydown", e => {
      const k = e.key;
      if (k === "ArrowDown" || k === "ArrowUp") {
        if (box.hidden) render();
        const n = shown.length;
        if (!n) return;
        e.preventDefault();
        select(k === "ArrowDown" ? (active + 1) % n : (Math.max(active, 0) - 1 + n) % n);
      } else if (k === "Enter" && shown.length) {
        e.preventDefault();
        location.href = shown[Math.max(active, 0)].href;
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

  // Alert catalogue: filter by text, severity and missing runbook; the URL keeps the filter.
  const bar = $(".filters"), filter = $("#alert-filter");
  if (bar && filter) {
    const rows = $$(".alerts tbody tr").map(tr => ({ tr, text: tr.textContent.toLowerCase(), sev: tr.dataset.sev || "none", missing: tr.hasAttribute("data-missing") }));
    const rank = { critical: 1, warning: 2, info: 3, none: 9 }, missingChip = $(".chip[data-missing]", bar);
    const chips = $$(".chip[data-sev]", bar).sort((p, q) => (rank[p.dataset.sev] || 5) - (rank[q.dataset.sev] || 5));
    chips.forEach(c => missingChip.before(c));
    const status = $(".filter-status", bar), table = $(".table-wrap"), pressed = c => c.getAttribute("aria-pressed") === "true";
    const apply = keepURL => {
      const terms = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const sevs = chips.filter(pressed).map(c => c.dataset.sev), missing = pressed(missingChip);
      let count = 0;
      for (const row of rows) {
        const show = (!sevs.length || sevs.includes(row.sev)) && (!missing || row.missing) && terms.every(q => row.text.includes(q));
        row.tr.hidden = !show;
        count += show;
      }
      status.textContent = count === rows.length ? count + " alerts" : count ? `Showing ${count} of ${rows.length} alerts` : "No alert matches these filters.";
      table.hidden = !count;
      if (keepURL) return;
      const p = new URLSearchParams();
      if (terms.length) p.set("q", filter.value.trim());
      sevs.forEach(s => p.append("severity", s));
      if (missing) p.set("missing", "1");
      history.replaceState(null, "", location.pathname + ([...p].length ? "?" + p : "") + location.hash);
    };
    const params = new URLSearchParams(location.search), wanted = params.getAll("severity");
    filter.value = params.get("q") || "";
    chips.forEach(c => c.setAttribute("aria-pressed", wanted.includes(c.dataset.sev)));
    missingChip.setAttribute("aria-pressed", params.get("missing") === "1");
    bar.hidden = false;
    on(bar, "click", e => {
      const c = e.target.closest(".chip");
      if (c) { c.setAttribute("aria-pressed", !pressed(c)); apply(); }
    });
    on(filter, "input", () => apply());
    apply(true);
  }
})();
