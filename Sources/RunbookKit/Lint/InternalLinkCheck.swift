import Foundation

/// Links and images that stay inside the site, resolved as a browser would from the published
/// page: `link-broken` when nothing is published there (pages, aliases, static files, theme
/// assets, generated pages such as `/tags/` and `/alerts/` all count), `anchor-missing` when
/// the `#fragment` names no heading id of the target (ids made by `HeadingSlug`, the
/// renderer's own function, plus any `id`/`name` in the target's raw HTML), and `link-self`
/// for a link that leads back to its own page.
struct InternalLinkCheck: PageLintCheck {
    var codes: [DiagnosticCode] { [.linkBroken, .anchorMissing, .linkSelf] }

    func check(page index: Int, context: LintContext, links: [PageLink]) -> [Diagnostic] {
        guard let file = context.site.pages[index].sourcePath else { return [] }
        let resolver = SiteLinkResolver(context: context)
        var budget = SuggestionBudget()
        var diagnostics: [Diagnostic] = []
        for link in links {
            let location = SourceLocation(file: file, line: link.line, column: link.column)
            let noun = link.isImage ? "image" : "link"
            if link.href.trimmingHorizontalWhitespace().isEmpty {
                diagnostics.append(Diagnostic(.linkBroken, "\(noun) has an empty destination; give it the page or address it should lead to",
                                              at: location))
                continue
            }
            switch resolver.resolve(link.href, fromPage: index) {
            case .page(let target, let fragment):
                if let fragment, !fragment.isEmpty {
                    if let problem = anchorProblem(fragment, target: target, context: context, budget: &budget) {
                        diagnostics.append(Diagnostic(.anchorMissing, problem, at: location))
                    }
                } else if target == index, !link.href.hasPrefix("?") {
                    diagnostics.append(Diagnostic(.linkSelf,
                        "\(noun) \(link.destination) leads to this page itself; link a heading with `#anchor` or remove the link",
                        at: location))
                }
            case .file, .external, .unchecked:
                continue
            case .missing(let path):
                diagnostics.append(Diagnostic(.linkBroken, brokenMessage(link, noun: noun, path: path, page: index, context: context, budget: &budget),
                                              at: location))
            case .outsideBase(let path):
                diagnostics.append(Diagnostic(.linkBroken,
                    "\(noun) \(link.destination) leads to \(path), outside the site (its pages live under \(context.site.config.basePath)); fix the path",
                    at: location))
            }
        }
        return diagnostics
    }

    private func anchorProblem(_ fragment: String, target: Int, context: LintContext, budget: inout SuggestionBudget) -> String? {
        // Pages without a body of their own (sections made for folders) have no headings to check.
        guard let anchors = context.anchors[target] else { return nil }
        if anchors.contains(fragment) { return nil }
        let ids = anchors.headingIDs
        let site = context.site
        let where_ = "\(site.publicURL(site.pages[target].url)) (\(site.pages[target].sourcePath ?? site.pages[target].contentPath))"
        var message = "anchor #\(fragment) names no heading of \(where_)"
        let slug = HeadingSlug.slug(fragment)
        if anchors.headingIDSet.contains(slug) {
            message += "; heading ids are lower-case with hyphens: use #\(slug)"
        } else if let suggestion = budget.closestMatch(to: fragment, in: ids) {
            message += "; did you mean #\(suggestion)?"
        } else if ids.isEmpty {
            message += ", which has no headings; link the page without the anchor"
        } else {
            let shown = ids.prefix(6).map { "#\($0)" }.joined(separator: ", ")
            message += "; its headings are \(shown)\(ids.count > 6 ? ", …" : "")"
        }
        return message
    }

    private func brokenMessage(_ link: PageLink, noun: String, path: String, page: Int, context: LintContext,
                               budget: inout SuggestionBudget) -> String {
        let site = context.site
        let pathOnly = String(link.destination.prefix { $0 != "#" && $0 != "?" })
        if pathOnly.lowercased().hasSuffix(".md") {
            let name = (pathOnly.removingPercentEncoding ?? pathOnly).split(separator: "/").last.map(String.init) ?? pathOnly
            let lowerName = name.lowercased()
            let byName = context.sourceFiles.filter { $0.name.lowercased() == lowerName }.map(\.path)
            var message = "\(noun) \(link.destination) names no page under \(site.config.contentDir)/"
            if byName.count == 1 {
                message += "; did you mean \(byName[0]) (write it relative to this page or to \(site.config.contentDir)/)?"
            } else if let suggestion = budget.closestMatch(to: name, in: context.sourceFiles.map(\.name)) {
                message += "; did you mean \(suggestion)?"
            } else {
                message += "; fix the path (relative to this page's file, or to \(site.config.contentDir)/)"
            }
            return message
        }
        var message = "\(noun) \(link.destination) leads to \(site.publicURL(path)), where the site publishes nothing"
        let sanitised = "/" + path.split(separator: "/").map { HugoPath.urlSegment(String($0)) }.joined(separator: "/") + "/"
        if let index = site.pageIndex(atURL: sanitised) {
            message += "; did you mean \(site.publicURL(site.pages[index].url))?"
        } else if let suggestion = budget.closestMatch(to: path, in: context.suggestionURLs)
                    ?? budget.closestMatch(to: path, in: context.suggestionFiles) {
            message += "; did you mean \(site.publicURL(suggestion))?"
        } else {
            message += "; fix the path or link the page's .md file"
        }
        return message
    }
}
