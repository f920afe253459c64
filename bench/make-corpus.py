#!/usr/bin/env python3
"""Write a synthetic runbook corpus N times bigger than a source corpus.

    python3 bench/make-corpus.py --source /work/shared/corpus/srerun --scale 10 --out /tmp/x10

Layout of the output (copy 0 keeps the original paths, copy k >= 1 is renamed):

    config.yaml                       copied once, byte for byte
    content/<file>                    top-level content files (e.g. _index.md) copied once
    content/<dir>/...                 copy 0 of each top-level content dir (e.g. runbooks/)
    content/<dir>-k/...               copy k of it; gets an _index.md if the original has none
    rules/...                         copy 0 of the rule files
    rules/copyk/...                   copy k of the rule files

In copy k:
  * every `{{% rule "a/b.yml" "X" %}}` (or `{{< rule ... >}}`) becomes
    `{{% rule "copyk/a/b.yml" "X" %}}`, so references stay resolvable;
  * on `runbook:` / `runbook_url:` lines (rule annotations, and the same YAML
    quoted in pages' comment blocks) the path segment `/<dir>/` becomes
    `/<dir>-k/`, so annotation URLs point at the copied pages.
Nothing else is changed (alert and group names are kept; prose links to
external sites are left alone).

Scale 1 reproduces the source tree exactly. The output is deterministic
(directory listings are sorted; no timestamps or randomness are involved).
Standard library only.
"""

import argparse
import os
import re
import shutil
import sys

RULE_REF = re.compile(r'(\{\{[%<]\s*rule\s+")([^"]*)(")')
RUNBOOK_LINE = re.compile(r'^([ \t-]*["\']?runbook(?:_url)?["\']?[ \t]*:.*)$', re.MULTILINE)


def sorted_walk(root):
    """Yield (relative dir, sorted file names) in a deterministic order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        yield os.path.relpath(dirpath, root), sorted(filenames)


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="surrogateescape")


def write_text(path, text):
    with open(path, "wb") as f:
        f.write(text.encode("utf-8", errors="surrogateescape"))


def make_runbook_rewriter(section_dirs, k):
    """Rewrite /<dir>/ to /<dir>-k/ on runbook annotation lines."""
    if not section_dirs:
        return lambda text: text
    seg = re.compile(r"(?<=/)(" + "|".join(re.escape(d) for d in section_dirs) + r")(?=/)")

    def fix_line(m):
        return seg.sub(lambda s: "%s-%d" % (s.group(1), k), m.group(1))

    return lambda text: RUNBOOK_LINE.sub(fix_line, text)


def copy_tree(src_root, dst_root, transform=None):
    """Copy src_root to dst_root; transform(text) is applied to .md/.yml/.yaml files."""
    count = 0
    for rel, files in sorted_walk(src_root):
        dst_dir = os.path.normpath(os.path.join(dst_root, rel))
        os.makedirs(dst_dir, exist_ok=True)
        for name in files:
            src = os.path.join(src_root, rel, name)
            dst = os.path.join(dst_dir, name)
            if transform is not None and name.endswith((".md", ".yml", ".yaml")):
                write_text(dst, transform(read_text(src)))
            else:
                shutil.copyfile(src, dst)
            count += 1
    return count


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", required=True, help="source corpus (config.yaml, content/, rules/)")
    ap.add_argument("--scale", type=int, required=True, help="number of copies (>= 1)")
    ap.add_argument("--out", required=True, help="output folder (must not exist, or be empty)")
    ap.add_argument("--force", action="store_true", help="delete --out first if it exists")
    args = ap.parse_args(argv)

    src = os.path.abspath(args.source)
    out = os.path.abspath(args.out)
    n = args.scale
    if n < 1:
        ap.error("--scale must be >= 1")
    content_src = os.path.join(src, "content")
    rules_src = os.path.join(src, "rules")
    if not os.path.isdir(content_src):
        ap.error("no content/ folder in %s" % src)
    if out == src or out.startswith(src + os.sep) or src.startswith(out + os.sep):
        ap.error("--out must not overlap --source")
    if os.path.exists(out):
        if args.force:
            shutil.rmtree(out)
        elif os.listdir(out):
            ap.error("%s exists and is not empty (use --force)" % out)
    os.makedirs(out, exist_ok=True)

    # config.yaml (and any other top-level files, e.g. config.toml) once.
    for name in sorted(os.listdir(src)):
        p = os.path.join(src, name)
        if os.path.isfile(p):
            shutil.copyfile(p, os.path.join(out, name))

    top = sorted(os.listdir(content_src))
    content_files = [e for e in top if os.path.isfile(os.path.join(content_src, e))]
    section_dirs = [e for e in top if os.path.isdir(os.path.join(content_src, e))]
    rule_top = sorted(os.listdir(rules_src)) if os.path.isdir(rules_src) else []

    # Names we are about to create must not already exist in the source.
    for k in range(1, n + 1):
        if "copy%d" % k in rule_top:
            sys.exit("error: rules/copy%d already exists in the source" % k)
        for d in section_dirs:
            if "%s-%d" % (d, k) in top:
                sys.exit("error: content/%s-%d already exists in the source" % (d, k))

    content_out = os.path.join(out, "content")
    rules_out = os.path.join(out, "rules")
    os.makedirs(content_out, exist_ok=True)
    pages = rules = 0

    for name in content_files:
        shutil.copyfile(os.path.join(content_src, name), os.path.join(content_out, name))
        pages += 1

    for k in range(n):
        if k == 0:
            for d in section_dirs:
                pages += copy_tree(os.path.join(content_src, d), os.path.join(content_out, d))
            if os.path.isdir(rules_src):
                rules += copy_tree(rules_src, rules_out)
            continue

        prefix = "copy%d/" % k
        fix_runbooks = make_runbook_rewriter(section_dirs, k)

        def content_transform(text, fix_runbooks=fix_runbooks, prefix=prefix):
            text = RULE_REF.sub(lambda m: m.group(1) + prefix + m.group(2).lstrip("/") + m.group(3), text)
            return fix_runbooks(text)

        for d in section_dirs:
            dst = os.path.join(content_out, "%s-%d" % (d, k))
            pages += copy_tree(os.path.join(content_src, d), dst, content_transform)
            index = os.path.join(dst, "_index.md")
            if not os.path.exists(index):
                write_text(index, '---\ntitle: "%s-%d"\n---\n' % (d, k))
                pages += 1
        if os.path.isdir(rules_src):
            rules += copy_tree(rules_src, os.path.join(rules_out, "copy%d" % k), fix_runbooks)

    print("wrote %s: scale %d, %d content files, %d rule files" % (out, n, pages, rules))


if __name__ == "__main__":
    main()
