#!/usr/bin/env python3
"""Hostile-page benchmark: time and peak memory of `runbook lint` and `runbook build` on pages
an attacker (or a careless generator) could commit. Each case is a fresh temporary site with
one hostile page beside two ordinary ones; nothing here is a test, it prints numbers.

    make release
    bench/hostile.py                      # every case
    bench/hostile.py headings-100k big-50mb
    bench/hostile.py --timeout 300 --binary .build/release/runbook

Cases (issue 13, item 6: near-linear lint and build):
  headings-100k   100,000 headings, half of them repeats (`-1`, `-2` … ids) and `Step 1` style
                  texts whose slugs collide with those ids
  links-20k       20,000 Markdown links: to pages, to anchors (some missing), the same
                  destination repeated thousands of times, broken links
  html-links-20k  20,000 raw `<a href>` links and bare addresses on one line each
  autolinks-20k   20,000 bare https:// addresses in a single paragraph line
  shortcodes-20k  20,000 `param` shortcodes
  unclosed-shortcodes  200,000 each of unclosed `{{%`, `{{%/*`, and `{{% x` with an open quote
  deflist-20k     a definition list with 20,000 terms and definitions
  big-8mb         the same at 8 MB, just under the default page-size cap (8 MiB)
  big-50mb        a 50 MB page of ordinary runbook prose, lists, links, quotes and headings
                  (refused by the default cap with file-too-large)

Prints one row per case and command: wall seconds, CPU seconds (user + system), peak RSS (MB),
exit status. A run that exceeds
--timeout is killed and shown as `>N s`.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CONFIG = """baseURL: "https://runbooks.example.org/"
title: "Hostile"
params:
  oncallChannel: "#oncall"
"""


def front(title):
    return f"---\ntitle: \"{title}\"\n---\n\n"


def headings(n=100_000):
    out = [front("Headings")]
    for i in range(n):
        if i % 4 == 0:
            out.append(f"## Step\n\nText {i}.\n\n")          # repeats: step, step-1, step-2 …
        elif i % 4 == 1:
            out.append(f"## Step {i // 4 + 1}\n\n")          # slug step-N collides with a repeat id
        elif i % 4 == 2:
            out.append(f"### Heading number {i}\n\n")
        else:
            out.append(f"#### Check \"{i}\" isn't down...\n\n")
    return "".join(out)


def links(n=20_000):
    out = [front("Links"), "## Top\n\n## Middle\n\n"]
    for i in range(n):
        k = i % 5
        if k == 0:
            out.append("See [the other page](other.md) and ")      # same destination, thousands of times
        elif k == 1:
            out.append(f"[anchor](other.md#section-{i % 50}) and ")  # half of the anchors are missing
        elif k == 2:
            out.append(f"[missing](/nowhere/{i}/) and ")             # broken
        elif k == 3:
            out.append(f"[top](#top) [gone](#gone-{i}) and ")
        else:
            out.append(f"![img](/img/{i}.png)\n\n")
    return "".join(out)


def html_links(n=20_000):
    out = [front("HTML links")]
    for i in range(n):
        if i % 2:
            out.append(f"<a href=\"/raw/{i}/\">raw {i}</a>\n\n")
        else:
            out.append(f"Bare https://example.org/page/{i} here.\n\n")
    return "".join(out)


def autolinks(n=20_000):
    return front("Autolinks") + " ".join(f"https://example.org/{i}/x" for i in range(n)) + "\n"


def shortcodes(n=20_000):
    return front("Shortcodes") + "".join(f"Channel {{{{% param \"oncallChannel\" %}}}} number {i}.\n" for i in range(n))


def unclosed_shortcodes(n=200_000):
    # Unclosed tags, escapes and quoted arguments: each must not be read to the page's end.
    return front("Unclosed") + "{{%" * n + "\n\n" + "{{%/*" * n + "\n\n" + "{{% x `" * n + "\n\n" + "{{% x \"" * n + "\n"


def deflist(n=20_000):
    return front("Definitions") + "".join(f"**term {i}**\n: definition {i}\n" for i in range(n))


def missing_rules(n=20_000, rules=50_000):
    # Every shortcode names an alert the file lacks: each "did you mean" compares the name with
    # every rule of the file, so the page's hints are capped (SuggestionBudget).
    page = front("Missing rules") + "".join(f'{{{{% rule "many.yml" "Missing{i:05d}" %}}}}\n\n' for i in range(n))
    rule_file = "groups:\n  - name: many\n    rules:\n" + "".join(
        f"      - alert: Alert{i:05d}\n        expr: up == 0\n" for i in range(rules))
    return page, {"rules/many.yml": rule_file}


def repeated_rule(n=5_000, selectors=8_000):
    # One rule with a ~200 KB expression, named by every shortcode: in full, a gigabyte of page.
    # A page's rules are capped at 4 MB (RuleEmbeds); the rest show a note.
    expression = " or ".join(f'up{{job="j{i}"}} == 0' for i in range(selectors))
    rule_file = f"groups:\n  - name: big\n    rules:\n      - alert: Big\n        expr: '{expression}'\n"
    return front("Repeated rule") + '{{% rule "big.yml" "Big" %}}\n\n' * n, {"rules/big.yml": rule_file}


def ambiguous_rule(n=2_000, rules=50_000):
    # One name defined 50,000 times, named by every shortcode: each lookup finds every rule of
    # that name; the shortcodes share one array of them (RuleIndex) and the page's rules budget.
    rule_file = "groups:\n  - name: dup\n    rules:\n" + "".join(
        f"      - alert: Dup\n        expr: up == {i}\n" for i in range(rules))
    # Each shortcode with a copy of a rule in a comment, as the corpus' pages have: lint compares
    # the copy with the rules of that name shown (the first 64 of them).
    copy = '{{% comment %}}\n```yaml\n- alert: Dup\n  expr: up == 7\n```\n{{% /comment %}}\n\n'
    return front("Ambiguous rule") + ('{{% rule "dup.yml" "Dup" %}}\n\n' + copy) * n, {"rules/dup.yml": rule_file}


def param_bomb(n=10_000, size=500_000):
    # A 500 KB site parameter printed 10,000 times: 5 GB asked of a 200 KB page. A page's
    # shortcodes stop at 8 MB with a shortcode-budget-exceeded error.
    return front("Param bomb") + '{{% param "big" %}}\n\n' * n, {"config.yaml": CONFIG + f'  big: "{"x" * size}"\n'}


def big(size=50 * 1024 * 1024):
    block = (
        "## Diagnosis {n}\n\n"
        "Check the \"disk\" isn't full... Run `df -h` and look at https://grafana.example.org/d/{n} first.\n"
        "If it's the 'data' volume, see [the other page](other.md) and [this](#diagnosis-{n}).\n\n"
        "- item one with **bold** and _em_\n- item two <span>raw</span>\n\n"
        "**Term**\n: its definition\n\n"
        "```\nkubectl get pods -n monitoring | grep -v Running\n```\n\n"
    )
    out, total, n = [front("Big")], 0, 0
    while total < size:
        text = block.replace("{n}", str(n))
        out.append(text)
        total += len(text)
        n += 1
    return "".join(out)


CASES = {
    "headings-100k": headings,
    "links-20k": links,
    "html-links-20k": html_links,
    "autolinks-20k": autolinks,
    "shortcodes-20k": shortcodes,
    "unclosed-shortcodes": unclosed_shortcodes,
    "deflist-20k": deflist,
    "missing-rules-20k": missing_rules,
    "repeated-rule-5k": repeated_rule,
    "ambiguous-rule-2k": ambiguous_rule,
    "param-bomb": param_bomb,
    "big-8mb": lambda: big(8_000_000),
    "big-50mb": big,
}


def make_site(folder, page, files=None):
    os.makedirs(os.path.join(folder, "content"))
    with open(os.path.join(folder, "config.yaml"), "w") as f:
        f.write(CONFIG)
    for path, text in (files or {}).items():
        os.makedirs(os.path.dirname(os.path.join(folder, path)), exist_ok=True)
        with open(os.path.join(folder, path), "w") as f:
            f.write(text)
    with open(os.path.join(folder, "content", "_index.md"), "w") as f:
        f.write(front("Home") + "Home.\n")
    with open(os.path.join(folder, "content", "other.md"), "w") as f:
        f.write(front("Other") + "".join(f"## Section {i}\n\nText.\n\n" for i in range(25)))
    with open(os.path.join(folder, "content", "hostile.md"), "w") as f:
        f.write(page)


def run(command, cwd, timeout):
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        process = subprocess.Popen(["/usr/bin/time", "-v", "-o", report.name] + command, cwd=cwd,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
            return None, None, None, "killed"
        elapsed = time.perf_counter() - start
        peak, cpu = 0.0, 0.0
        for line in open(report.name):
            if "Maximum resident set size" in line:
                peak = int(line.split(":")[-1]) / 1024
            elif "User time (seconds)" in line or "System time (seconds)" in line:
                cpu += float(line.split(":")[-1])
        return elapsed, cpu, peak, status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", help="cases to run (default: all)")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "runbook"))
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"no binary at {args.binary}: make release")
    names = args.cases or list(CASES)
    # CPU seconds (user + system) beside wall time: on a shared machine the wall time mostly
    # measures the other processes.
    print(f"{'case':20} {'page MB':>8} {'command':8} {'seconds':>9} {'CPU s':>7} {'peak MB':>8} {'exit':>6}")
    for name in names:
        page = CASES[name]()
        page, files = page if isinstance(page, tuple) else (page, None)
        folder = tempfile.mkdtemp(prefix=f"runbook-hostile-{name}-")
        try:
            make_site(folder, page, files)
            for command in (["lint"], ["build", "-d", os.path.join(folder, "public")]):
                elapsed, cpu, peak, status = run([args.binary] + command + ["-s", folder], folder, args.timeout)
                shown = f">{args.timeout:.0f}" if elapsed is None else f"{elapsed:.2f}"
                cpu_shown = "-" if cpu is None else f"{cpu:.2f}"
                peak_shown = "-" if peak is None else f"{peak:.0f}"
                print(f"{name:20} {len(page.encode()) / 1e6:8.1f} {command[0]:8} {shown:>9} {cpu_shown:>7} {peak_shown:>8} {status!s:>6}", flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
