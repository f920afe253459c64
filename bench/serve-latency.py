#!/usr/bin/env python3
"""Edit-to-reload-event latency of `runbook serve` on a copy of the corpus.

usage: serve-latency.py RUNBOOK_BINARY CORPUS [EDITS] [--burst N] [--git-checkout N]
Copies CORPUS to a temp folder, starts `runbook serve --port 0` on it, opens
/__runbook/events over a raw socket, appends a line to EDITS different runbook pages one
at a time and times write-returned -> `event: reload` received. With --burst N it then
writes N new pages at once and counts rebuild lines and reload events; --git-checkout N
switches a git branch of N extra pages in and out six times and counts the same. Run by bench/run.
"""
import os, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

binary, corpus = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
burst = 0
if "--burst" in args:
    i = args.index("--burst"); burst = int(args[i + 1]); del args[i:i + 2]
git_burst = 0
if "--git-checkout" in args:
    i = args.index("--git-checkout"); git_burst = int(args[i + 1]); del args[i:i + 2]
edits = int(args[0]) if args else 20

work = tempfile.mkdtemp(prefix="serve-latency-")
site = os.path.join(work, "site")
shutil.copytree(corpus, site)
if git_burst:
    g = lambda *a: subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *a], cwd=site, check=True, capture_output=True)
    g("init", "-q", "-b", "main"); g("add", "-A"); g("commit", "-qm", "corpus")
    g("checkout", "-qb", "many")
    os.makedirs(os.path.join(site, "content/runbooks/checkout"))
    for i in range(git_burst):
        with open(os.path.join(site, f"content/runbooks/checkout/CheckoutAlert{i}.md"), "w") as f:
            f.write(f"---\ntitle: CheckoutAlert{i}\n---\n\n# CheckoutAlert{i}\n\nPage {i}.\n")
    g("add", "-A"); g("commit", "-qm", "many"); g("checkout", "-q", "main")
server = subprocess.Popen([binary, "serve", "-s", site, "--port", "0", "--severity", "rule-not-found=warning"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
port = int(re.search(r":(\d+)/", line).group(1))
stderr_lines = []
threading.Thread(target=lambda: [stderr_lines.append(l.rstrip()) for l in server.stderr], daemon=True).start()

events, cond = [], threading.Condition()
def read_events():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /__runbook/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    buf = b""
    while True:
        data = s.recv(65536)
        if not data: return
        buf += data
        # chunked framing does not matter here: look for complete `event:` lines
        while b"\n\n" in buf:
            block, buf = buf.split(b"\n\n", 1)
            m = re.search(rb"event: (\w+)", block)
            if m:
                with cond:
                    events.append((time.perf_counter(), m.group(1).decode(), block))
                    cond.notify_all()
threading.Thread(target=read_events, daemon=True).start()

def wait_event(after, name, timeout=30):
    with cond:
        end = time.time() + timeout
        while True:
            for t, n, b in events[after:]:
                if n == name: return t, b
            if not cond.wait(max(0, end - time.time())): return None, None

wait_event(0, "hello")
pages = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(site, "content/runbooks"))
               for f in fs if f.endswith(".md") and f != "_index.md")
latencies = []
for i in range(edits):
    page = pages[(i * 37) % len(pages)]
    with cond: seen = len(events)
    start = time.perf_counter()
    with open(page, "a") as f: f.write(f"\nEdit {i}.\n")
    t, _ = wait_event(seen, "reload")
    if t is None: print(f"edit {i}: no reload event"); continue
    latencies.append((t - start) * 1000)
    time.sleep(0.2)
print(f"edit-to-reload-event over {len(latencies)} one-page edits: median {statistics.median(latencies):.1f} ms, "
      f"min {min(latencies):.1f} ms, max {max(latencies):.1f} ms")
for l in stderr_lines:
    if l.startswith("rebuilt"): print("  " + l)

if burst:
    time.sleep(0.5)
    before_lines = len([l for l in stderr_lines if l.startswith("rebuil")])
    with cond: seen = len(events)
    folder = os.path.join(site, "content/runbooks/burst")
    os.makedirs(folder)
    for i in range(burst):
        with open(os.path.join(folder, f"BurstAlert{i}.md"), "w") as f:
            f.write(f"---\ntitle: BurstAlert{i}\n---\n\n# BurstAlert{i}\n\nPage {i}.\n")
    wait_event(seen, "reload")
    time.sleep(3)
    rebuild_lines = [l for l in stderr_lines if l.startswith("rebuil")][before_lines:]
    with cond: reloads = [b for t, n, b in events[seen:] if n == "reload"]
    print(f"burst of {burst} new files: {len(rebuild_lines)} rebuild(s), {len(reloads)} reload event(s)")
    for l in rebuild_lines: print("  " + l)

if git_burst:
    for branch in ["many", "main", "many", "main", "many", "main"]:
        time.sleep(0.5)
        before_lines = len([l for l in stderr_lines if l.startswith("rebuil")])
        with cond: seen = len(events)
        subprocess.run(["git", "checkout", "-q", branch], cwd=site, check=True)
        wait_event(seen, "reload")
        time.sleep(2)
        rebuild_lines = [l for l in stderr_lines if l.startswith("rebuil")][before_lines:]
        with cond: reloads = [b for t, n, b in events[seen:] if n == "reload"]
        print(f"git checkout {branch} ({git_burst} files): {len(rebuild_lines)} rebuild(s), {len(reloads)} reload event(s): {'; '.join(rebuild_lines)}")

server.terminate(); server.wait()
shutil.rmtree(work)
