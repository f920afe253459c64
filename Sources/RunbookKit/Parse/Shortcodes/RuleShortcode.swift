/// `{{% rule "dir/file.yml" "AlertName" %}}`: a placeholder for the rule's HTML (rendered with
/// the templates later), and a reference lint checks.
struct RuleShortcode: ShortcodeHandler {
    var names: [String] { ["rule"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        let here = context.location(of: tag)
        guard let path = tag.argument("file", orPosition: 0), let alert = tag.argument("alert", orPosition: 1),
              tag.positional.count + tag.named.count == 2 else {
            context.report(.shortcodeArguments,
                "`rule` takes a rule file and an alert name: {{% rule \"dir/file.yml\" \"AlertName\" %}}", at: tag)
            return
        }
        let lookup = context.environment.rules.lookup(path: path, alert: alert, budget: &context.suggestions)
        let found = resolve(lookup, path: path, alert: alert, at: here, context: context)
        context.references.append(ExpandedBody.RuleReference(path: path, alert: alert, location: here, rules: found,
                                                             notFound: found.isEmpty ? lookup : nil))
        // Embedded even when nothing was found, so the page can say what is missing; embed n is reference n.
        context.emit(ExpandedBody.placeholder(marker: context.marker, index: context.embeds.count), for: tag)
        context.embeds.append(found)
    }

    /// The rules found, with the diagnostics the lookup calls for.
    private func resolve(_ lookup: RuleIndex.Lookup, path: String, alert: String, at location: SourceLocation,
                         context: ShortcodeContext) -> [AlertRule] {
        let rulesFolder = context.environment.rules.folder
        switch lookup {
        case .found(let found):
            if found.count > 1 {
                // The first lines only: a file could define one name 50,000 times.
                var lines = found.prefix(10).map { "\($0.line)" }.joined(separator: ", ")
                if found.count > 10 { lines += ", …" }
                context.diagnostics.append(Diagnostic(.ruleAmbiguous,
                    "alert \"\(alert)\" is defined \(grouped(found.count)) times in \(found[0].sourcePath) (lines \(lines)); the page shows all of them",
                    at: location))
            }
            return found
        case .pathOutside:
            context.diagnostics.append(Diagnostic(.rulePathOutside,
                "rule file path '\(path)' leaves the \(rulesFolder)/ folder; give a path inside it", at: location))
        case .fileNotFound(let suggestion):
            context.diagnostics.append(Diagnostic(.ruleFileNotFound,
                "rule file \(rulesFolder)/\(path) does not exist" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""),
                at: location))
        case .fileInvalid:
            break  // The file's own error is reported once, at its line.
        case .ruleNotFound(let suggestion, let definedIn):
            var message = "alert \"\(alert)\" is not defined in \(rulesFolder)/\(path)"
            if let suggestion {
                message += " (did you mean \"\(suggestion)\"?)"
            } else if let other = definedIn {
                message += " (it is defined in \(other))"
            }
            context.diagnostics.append(Diagnostic(.ruleNotFound, message, at: location))
        }
        return []
    }
}
