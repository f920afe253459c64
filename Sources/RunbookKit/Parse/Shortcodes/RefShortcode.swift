/// `{{< ref "page.md#anchor" >}}` (absolute URL) and `relref` (path): a page's address.
struct RefShortcode: ShortcodeHandler {
    var names: [String] { ["ref", "relref"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        guard let target = tag.argument("path", orPosition: 0) else {
            context.report(.shortcodeArguments, "`\(tag.name)` takes the page to link to: {{< \(tag.name) \"section/page.md\" >}}", at: tag)
            return
        }
        let (pagePart, anchor) = splitAnchor(target)
        guard let url = context.environment.resolvePage(pagePart, parentPath(context.contentPath)) else {
            context.report(.refNotFound, "`\(tag.name)` names a page that does not exist: '\(pagePart)'", at: tag)
            context.emit("#", for: tag)
            return
        }
        let prefix = tag.name == "ref" ? context.environment.origin : ""
        context.emit(prefix + url + anchor, for: tag)
    }
}
