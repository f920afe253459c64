/// `{{< param "name" >}}`: a page parameter, else a site parameter (dotted names reach into
/// `params`), as Hugo's `param` does.
struct ParamShortcode: ShortcodeHandler {
    var names: [String] { ["param"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        guard let name = tag.argument("name", orPosition: 0) else {
            context.report(.shortcodeArguments, "`param` takes a parameter name: {{< param \"name\" >}}", at: tag)
            return
        }
        guard let value = value(name, context: context) else {
            context.report(.paramNotFound,
                "parameter '\(name)' is defined neither in the page's front matter nor under `params` in config.yaml", at: tag)
            return
        }
        context.emit(value, for: tag)
    }

    private func value(_ name: String, context: ShortcodeContext) -> String? {
        let frontMatter = context.frontMatter
        if let entry = frontMatter.entries.first(where: { $0.key.lowercased() == name.lowercased() }), let text = entry.value.text {
            return text
        }
        if let paramsEntry = frontMatter.entry("params"), let text = paramsEntry.value.value(forKey: name)?.text {
            return text
        }
        var value: DataValue? = context.environment.siteParams
        for part in name.split(separator: ".") { value = value?.value(forKey: String(part)) }
        return value?.text
    }
}
