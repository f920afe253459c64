#!/usr/bin/env python3
"""Times `runbook new --all` on a generated rule collection: FILES rule files in FOLDERS
folders (file names repeat across folders, as in public collections), ALERTS alerts each,
names with punctuation such as `(>80%)`, a PrometheusRule manifest among them, and no pages.

    bench/new-all.py [--binary .build/debug/runbook] [--files 50] [--alerts 20]

Prints the command, the wall time of one run (after which every alert has a page), and a
second run's time (nothing left to write).
"""
import argparse, os, shutil, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "runbook"))
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--alerts", type=int, default=20)
    args = parser.parse_args()
    site = tempfile.mkdtemp(prefix="runbook-new-all-")
    try:
        os.makedirs(os.path.join(site, "content"))
        with open(os.path.join(site, "content", "_index.md"), "w") as handle:
            handle.write("# Runbooks\n")
        for number in range(args.files):
            folder = os.path.join(site, "rules", f"exporter{number // 2}")
            os.makedirs(folder, exist_ok=True)
            name = "alerts.yml" if number % 2 == 0 else "alerts.yaml"
            lines = []
            if number % 10 == 9:
                lines += ["apiVersion: monitoring.coreos.com/v1", "kind: PrometheusRule", "metadata:", "  name: x", "spec:"]
                indent = "  "
            else:
                indent = ""
            lines += [f"{indent}groups:", f"{indent}  - name: group{number}", f"{indent}    interval: 30s", f"{indent}    rules:"]
            for alert in range(args.alerts):
                suffix = "(>80%)" if alert % 3 == 0 else ""
                lines += [f"{indent}      - alert: Exporter{number}Alert{alert}{suffix}",
                          f"{indent}        expr: metric_{alert} > 80",
                          f"{indent}        for: 5m",
                          f"{indent}        labels:",
                          f"{indent}          severity: warning",
                          f"{indent}        annotations:",
                          f"{indent}          summary: Alert {alert} of exporter {number}"]
            with open(os.path.join(folder, name), "w") as handle:
                handle.write("\n".join(lines) + "\n")
        command = [args.binary, "new", "--all", "--source", site]
        print("$", " ".join(command[:-1]), "<site>", f"   # {args.files} rule files, {args.files * args.alerts} alerts")
        for label in ["first run (writes every page)", "second run (nothing to write)"]:
            start = time.perf_counter()
            result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            elapsed = time.perf_counter() - start
            created = result.stdout.count("created ")
            print(f"{label}: {elapsed:.2f} s, exit {result.returncode}, {created} pages created")
    finally:
        shutil.rmtree(site, ignore_errors=True)

if __name__ == "__main__":
    main()
