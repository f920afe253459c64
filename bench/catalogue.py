#!/usr/bin/env python3
"""Times the alert catalogue (the `alerts` page) in headless Chromium: its size, how long it
takes to load, and how long filtering, sorting and grouping take (script plus the layout it
causes, forced by reading offsetHeight), each the median of 5 runs.

    python3 bench/make-corpus.py --source /work/shared/corpus/srerun --scale 10 --out /tmp/x10
    runbook build -s /tmp/x10 -d /tmp/x10-site --severity rule-not-found=warning
    python3 -m http.server 8765 -d /tmp/x10-site &
    pip install selenium
    SE_AVOID_STATS=true python3 bench/catalogue.py http://127.0.0.1:8765/alerts/ node_filesystem_avail_bytes
"""
import os, statistics, sys, urllib.request
os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

TIMED = """
const t0 = performance.now();
%s
document.body.offsetHeight;
return performance.now() - t0;
"""
FILTER = "const f = document.querySelector('#alert-filter'); f.value = arguments[0]; f.dispatchEvent(new Event('input'));"


def main():
    url, query = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "node_filesystem_avail_bytes")
    html = urllib.request.urlopen(url).read()
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(300)
    try:
        loads = []
        for _ in range(3):
            driver.get(url)
            loads.append(driver.execute_script("const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime"))
        rows = driver.execute_script("return document.querySelectorAll('.alerts tbody tr').length")

        def median(script, *args):
            return statistics.median(driver.execute_script(TIMED % script, *args) for _ in range(5))

        # Each keystroke of typing the query, then clearing it.
        typing = [driver.execute_script(TIMED % FILTER, query[:n]) for n in range(1, len(query) + 1)]
        shown = driver.execute_script("return document.querySelectorAll('.alerts tbody tr:not([hidden])').length")
        clear = median(FILTER, "")
        sort = median("document.querySelector('.chip[data-sort=severity]').click(); document.querySelector('.chip[data-sort=name]').click();") / 2
        group = median("document.querySelector('.chip[data-group=file]').click(); document.querySelector('.chip[data-group=\"\"]').click();") / 2
    finally:
        driver.quit()
    print(f"{url}: {rows} alerts, {len(html) / 1024:.0f} KB of HTML, load {statistics.median(loads):.0f} ms (median of 3)")
    print(f"  filter '{query}' ({shown} shown): per keystroke median {statistics.median(typing):.1f} ms, max {max(typing):.1f} ms")
    print(f"  clear the filter: {clear:.1f} ms; sort: {sort:.1f} ms; group by file: {group:.1f} ms")


if __name__ == "__main__":
    main()
