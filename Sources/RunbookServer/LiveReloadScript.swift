/// The browser side of live reload: a small script the server adds to every HTML response
/// (never to `runbook build` output). It listens to `/__runbook/events`, reloads the open page
/// when the page (or a stylesheet, script or image it uses) changed, keeps the scroll
/// position across that reload, shows the build-error overlay, and reconnects when the server
/// restarts (reloading then, because a restarted server may have newer pages).
public enum LiveReloadScript {
    /// Where the script is served; outside the site's own paths.
    public static let path = "/__runbook/live.js"
    /// The server-sent events stream.
    public static let eventsPath = "/__runbook/events"

    /// The `<script>` element added before `</body>`.
    /// - Parameters:
    ///   - server: the server instance; a page from another instance reloads when it reconnects.
    ///   - status: `404` on the not-found page, `error` on the page shown when nothing built.
    static func tag(server: String, status: String? = nil) -> String {
        let extra = status.map { " data-status=\"\($0)\"" } ?? ""
        return "<script src=\"\(path)\" data-server=\"\(server)\"\(extra)></script>\n"
    }

    /// `html` with `tag` inserted before its last `</body>` (case-insensitive), or appended
    /// when it has none.
    static func inject(_ tag: String, into html: [UInt8]) -> [UInt8] {
        let needle = Array("</body".utf8)
        let insertion = Array(tag.utf8)
        var index = html.count - needle.count
        while index >= 0 {
            var matches = true
            for offset in 0..<needle.count {
                var byte = html[index + offset]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
                if byte != needle[offset] {
                    matches = false
                    break
                }
            }
            if matches {
                var result: [UInt8] = []
                result.reserveCapacity(html.count + insertion.count)
                result.append(contentsOf: html[..<index])
                result.append(contentsOf: insertion)
                result.append(contentsOf: html[index...])
                return result
            }
            index -= 1
        }
        return html + insertion
    }

    public static let source = #"""
        // runbook serve: live reload and the build-error overlay. Added only by the preview server.
        (function () {
          "use strict";
          var script = document.currentScript;
          var server = script ? script.getAttribute("data-server") : "";
          var status = script ? script.getAttribute("data-status") : null;
          var scrollKey = "runbook-serve:scroll:" + location.pathname;

          function decoded(path) { try { return decodeURI(path); } catch (e) { return path; } }
          function pathOf(url) { try { return decoded(new URL(url, location.href).pathname); } catch (e) { return null; } }

          // Put the page back where it was before a reload this script asked for.
          try {
            var saved = sessionStorage.getItem(scrollKey);
            if (saved) {
              sessionStorage.removeItem(scrollKey);
              var position = JSON.parse(saved);
              var restore = function () { window.scrollTo(position.x, position.y); };
              restore();
              document.addEventListener("DOMContentLoaded", restore);
              window.addEventListener("load", function () {
                restore();
                requestAnimationFrame(restore);
                if ("scrollRestoration" in history) history.scrollRestoration = "auto";
              });
            }
          } catch (e) {}

          function reload() {
            try {
              sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
              if ("scrollRestoration" in history) history.scrollRestoration = "manual";
            } catch (e) {}
            location.reload();
          }

          function usesFile(url) {
            var nodes = document.querySelectorAll("link[href], script[src], img[src], source[src], video[src], audio[src]");
            for (var i = 0; i < nodes.length; i++) {
              if (pathOf(nodes[i].getAttribute("href") || nodes[i].getAttribute("src")) === url) return true;
            }
            return false;
          }

          // Whether a reload event naming these URLs concerns the open page.
          function concerns(urls) {
            if (status === "error") return true;
            var here = decoded(location.pathname);
            var page = here.replace(/\/index\.html$/, "/");
            for (var i = 0; i < urls.length; i++) {
              var url = urls[i];
              if (url === "*" || url === page || url === here) return true;
              if (status === "404" && /\/404\.html$/.test(url)) return true;
              if (url.charAt(url.length - 1) !== "/" && !/\.html?$/.test(url) && usesFile(url)) return true;
            }
            return false;
          }

          var overlay = null;
          function clearErrors() {
            if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
            overlay = null;
          }
          function element(name, className, text) {
            var node = document.createElement(name);
            if (className) node.className = className;
            if (text !== undefined) node.textContent = text;
            return node;
          }
          function showErrors(diagnostics) {
            clearErrors();
            var host = document.createElement("runbook-build-errors");
            host.setAttribute("style", "all: initial; position: fixed; inset: 0; z-index: 2147483647;");
            var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
            var style = element("style");
            style.textContent =
              ".backdrop{position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:flex-start;justify-content:center;overflow:auto;font:14px/1.5 system-ui,sans-serif}" +
              ".panel{margin:8vh 16px;max-width:900px;width:100%;background:#1e1e1e;color:#eee;border-top:4px solid #e5484d;border-radius:6px;padding:20px 24px;box-shadow:0 10px 40px rgba(0,0,0,.5)}" +
              "h2{margin:0 0 4px;font-size:18px;color:#ff8589}p{margin:0 0 16px;color:#bbb}ul{list-style:none;margin:0;padding:0}" +
              "li{padding:10px 0;border-top:1px solid #333}.where{font:13px ui-monospace,monospace;color:#7cc4ff}" +
              ".message{display:block;margin-top:2px;white-space:pre-wrap}.code{color:#999;font:12px ui-monospace,monospace}" +
              "button{float:right;background:none;border:0;color:#bbb;font-size:22px;cursor:pointer;line-height:1}";
            root.appendChild(style);
            var backdrop = element("div", "backdrop");
            var panel = element("div", "panel");
            panel.setAttribute("role", "alertdialog");
            var close = element("button", "", "\u00d7");
            close.setAttribute("aria-label", "Hide");
            close.addEventListener("click", clearErrors);
            panel.appendChild(close);
            panel.appendChild(element("h2", "", "The site does not build"));
            panel.appendChild(element("p", "", "Pages show the last version that built without errors (if there is one). Fix the problems below and save; this goes away by itself."));
            var list = element("ul");
            for (var i = 0; i < diagnostics.length; i++) {
              var d = diagnostics[i];
              var item = element("li");
              var where = d.file ? d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "") : "";
              if (where) item.appendChild(element("span", "where", where + " "));
              item.appendChild(element("span", "code", d.severity + " [" + d.code + "]"));
              item.appendChild(element("span", "message", d.message));
              list.appendChild(item);
            }
            panel.appendChild(list);
            backdrop.appendChild(panel);
            backdrop.addEventListener("click", function (event) { if (event.target === backdrop) clearErrors(); });
            root.appendChild(backdrop);
            document.documentElement.appendChild(host);
            overlay = host;
          }
          document.addEventListener("keydown", function (event) { if (event.key === "Escape") clearErrors(); });

          var source = null;
          var attempts = 0;
          function connect() {
            if (source) source.close();
            source = new EventSource("/__runbook/events");
            source.addEventListener("hello", function (event) {
              attempts = 0;
              var info = JSON.parse(event.data);
              if (server && info.server !== server) reload();
            });
            source.addEventListener("reload", function (event) {
              clearErrors();
              if (concerns(JSON.parse(event.data))) reload();
            });
            source.addEventListener("error", function (event) {
              if (typeof event.data === "string") {
                showErrors(JSON.parse(event.data));
                return;
              }
              // The connection dropped. EventSource retries by itself unless it gave up.
              if (source.readyState === 2) {
                source.close();
                setTimeout(connect, Math.min(10000, 500 * Math.pow(2, attempts++)));
              }
            });
          }
          window.addEventListener("pagehide", function () { if (source) source.close(); });
          window.addEventListener("pageshow", function (event) { if (event.persisted) connect(); });
          connect();
        })();
        """#
}
