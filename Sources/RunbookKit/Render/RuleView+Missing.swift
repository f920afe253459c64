/// What a page shows where its `rule` shortcode found nothing (the error downgraded to a
/// warning): which alert, which file, the closest name, and where to fix the page. Context of
/// `templates/rule-missing.mustache`: `missing.alert`, `missing.file`, `missing.fileExists`,
/// `missing.suggestion`, `missing.definedIn`, `missing.editURL`.
extension RuleView {
    static func renderMissing(_ reference: ExpandedBody.RuleReference, rules: RuleIndex, templates: TemplateSet,
                              config: SiteConfig, editURL: String?) -> String {
        var missing: [String: Any] = [
            "alert": reference.alert,
            "file": rules.folder + "/" + (rules.fileKey(forShortcodePath: reference.path) ?? reference.path),
        ]
        switch rules.lookup(path: reference.path, alert: reference.alert) {
        case .ruleNotFound(let suggestion, let definedIn):
            missing["fileExists"] = true
            if let suggestion { missing["suggestion"] = suggestion }
            if let other = definedIn.first { missing["definedIn"] = other }
        case .fileNotFound(let suggestion):
            if let suggestion { missing["suggestion"] = suggestion }
        case .found, .pathOutside, .fileInvalid:
            return ""  // found: not missing; the other two are reported by their own diagnostics
        }
        if let editURL { missing["editURL"] = editURL }
        return templates.render("rule-missing", ["missing": missing]) ?? ""
    }
}
