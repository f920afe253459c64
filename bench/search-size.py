#!/usr/bin/env python3
"""Which files a search query fetches from a built site, and how many bytes, following the
same steps as the theme's script (templates/assets/runbook.js, "Search"):

  1. the manifest `search-index.json`;
  2. per query word: the shard whose key is the longest prefix of the word's key, then the
     shards of longer keys the word starts, smallest first, while the word's total stays
     within 200,000 bytes;
  3. the entries `search/pages/<id>.json` of the 8 best results the box shows.

Also times the matching itself (Python, after the files are read: an upper bound of the
script's work) and prints the index's total size.

    python3 bench/search-size.py public/ node_filesystem_avail_bytes KubePodCrashLooping
"""
import json, os, re, sys, time

BUDGET, SHOWN = 200000, 8


def terms(text):
    return [t for t in re.findall(r"[\w:]+", text.lower()) if 2 <= len(t) <= 64]


def key(term):
    return "".join(c if re.match(r"[a-z0-9]", c) else "_" for c in term)


def shards_for(word, shards):
    m = key(word)
    own = max((k for k in shards if m.startswith(k)), key=len, default="")
    out, spent = ([own], shards[own]) if own else ([], 0)
    for k in sorted((k for k in shards if len(k) > len(m) and k.startswith(m)), key=lambda k: (shards[k], k)):
        if spent + shards[k] > BUDGET:
            break
        spent += shards[k]
        out.append(k)
    return out


def one_edit(a, b):
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def factor(t, q):
    if t == q:
        return 1
    if t.startswith(q):
        return 0.6
    return 0.5 if len(q) >= 5 and len(t) >= 5 and one_edit(t, q) else 0


def query(site, text, manifest):
    fetched = ["search-index.json"]
    words = list(dict.fromkeys(terms(text)))
    loaded = []
    for q in words:
        keys = shards_for(q, manifest["shards"])
        fetched += ["search/index/%s.json" % k for k in keys if "search/index/%s.json" % k not in fetched]
        loaded.append([json.load(open(os.path.join(site, "search/index/%s.json" % k))) for k in keys])
    start = time.perf_counter()
    total = None
    for n, q in enumerate(words):
        scores = {}
        for shard in loaded[n]:
            for t, postings in shard.items():
                f = factor(t, q)
                if not f:
                    continue
                pid = 0
                for i in range(0, len(postings), 2):
                    pid += postings[i]
                    scores[pid] = max(scores.get(pid, 0), postings[i + 1] * f)
        total = scores if total is None else {p: s + scores[p] for p, s in total.items() if p in scores}
    hits = sorted((total or {}).items(), key=lambda h: (-h[1], h[0]))
    match_ms = (time.perf_counter() - start) * 1000
    fetched += ["search/pages/%d.json" % pid for pid, _ in hits[:SHOWN]]
    titles = [json.load(open(os.path.join(site, "search/pages/%d.json" % pid)))["t"] for pid, _ in hits[:3]]
    return fetched, len(hits), titles, match_ms


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    site = sys.argv[1]
    manifest = json.load(open(os.path.join(site, "search-index.json")))
    total, count = 0, 0
    for folder, _, names in os.walk(os.path.join(site, "search")):
        for name in names:
            if name.endswith(".json"):
                total += os.path.getsize(os.path.join(folder, name))
                count += 1
    total += os.path.getsize(os.path.join(site, "search-index.json"))
    print("%s: %d pages, %d shards, index %d files, %.1f MB (manifest %.1f KB)" % (
        site, manifest["pages"], len(manifest["shards"]), count + 1, total / 1e6,
        os.path.getsize(os.path.join(site, "search-index.json")) / 1e3))
    for text in sys.argv[2:]:
        fetched, hits, titles, ms = query(site, text, manifest)
        size = sum(os.path.getsize(os.path.join(site, f)) for f in fetched)
        print("  %-32s %6.1f KB in %2d files, %5d hits, match %.1f ms; top: %s" % (
            text, size / 1e3, len(fetched), hits, ms, " | ".join(titles)))


if __name__ == "__main__":
    main()
