#!/usr/bin/env python3
"""Runs axe-core's WCAG 2 A/AA rules on pages of a built site served over HTTP, in headless
Chromium, in the light and the dark theme, and prints every violation (exit 1 if any).

    pip install axe-selenium-python          # Selenium, and axe.min.js bundled
    python3 -m http.server 8765 -d /tmp/site &
    SE_AVOID_STATS=true python3 bench/axe.py http://127.0.0.1:8765 / /alerts/ "/search/?q=disk" /runbooks/x/

No network is needed but localhost: chromedriver is /usr/bin/chromedriver, axe runs from the
package's copy.
"""
import json, os, sys, time
os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
import axe_selenium_python

AXE = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
TAGS = ["wcag2a", "wcag2aa"]  # the WCAG 2.0 A and AA rules (axe 3 has no wcag21 tags)


def main():
    base, paths = sys.argv[1].rstrip("/"), sys.argv[2:] or ["/"]
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(600)
    driver.command_executor._client_config.timeout = 900  # axe takes minutes on a big page of a loaded machine
    script = open(AXE).read()
    failed = 0
    try:
        for path in paths:
            for theme in ["light", "dark"]:
                driver.get(base + path)
                driver.execute_script("localStorage.setItem('runbook-theme', arguments[0])", theme)
                driver.get(base + path)
                # Open the page's <details> so the rule blocks are checked too.
                driver.execute_script("document.querySelectorAll('.markdown details').forEach(d => d.open = true)")
                driver.implicitly_wait(1)
                driver.execute_script(script)
                # axe 3's promise does not reach execute_async_script's callback here: poll.
                driver.execute_script("window.__axe = null; axe.run(document, {runOnly: {type: 'tag', values: %s}})"
                                      ".then(r => window.__axe = r.violations, e => window.__axe = [{id: 'axe-error', impact: String(e), help: '', nodes: []}])" % json.dumps(TAGS))
                result = None
                for _ in range(600):
                    result = driver.execute_script("return window.__axe")
                    if result is not None:
                        break
                    time.sleep(1)
                print(f"{path} ({theme}): {len(result)} violations")
                for v in result:
                    failed += 1
                    print(f"  {v['id']} ({v['impact']}): {v['help']}")
                    for node in v["nodes"][:5]:
                        print(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1] if node.get('failureSummary') else ''}")
    finally:
        driver.quit()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
