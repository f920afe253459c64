/// What a page shows where its `rule` shortcode found nothing (the error downgraded to a
/// warning): which alert, which file, the closest name, and where to fix the page. Context of
/// `templates/rule-missing.mustache`: `missing.alert`, `missing.file`, `missing.fileExists`,
/// `missing.suggestion`, `missing.definedIn`, `missing.editURL`.
extension RuleView {
    static func renderMissing(_ reference: ExpandedBody.RuleReference, rules: RuleIndex, templates: TemplateSet,
                              config: SiteConfig, editURL: String?) -> String {
        var missing = MissingRuleFields(
            alert: reference.alert,
            file: rules.folder + "/" + (rules.fileKey(forShortcodePath: reference.path) ?? reference.path))
        switch reference.notFound {
        case .ruleNotFound(let suggestion, let definedIn):
            missing.fileExists = true
            missing.suggestion = suggestion
            missing.definedIn = definedIn
        case .fileNotFound(let suggestion):
            missing.suggestion = suggestion
        case .found, .pathOutside, .fileInvalid, nil:
            return ""  // found: not missing; the other two are reported by their own diagnostics
        }
        missing.editURL = editURL
        return templates.render("rule-missing", MissingRuleTemplateContext(missing: missing)) ?? ""
    }
}
