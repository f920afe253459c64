/// A context struct held by reference, for the fields templates name most (`site`, `page`,
/// `rule`): a struct answered as `.object` was copied into a new existential box at every
/// lookup and every one of its fields released after, a sixth of rendering a page's template.
final class Shared<Fields: TemplateObject>: TemplateObjectReference {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
    func templateValue(_ name: String) -> TemplateValue? { fields.templateValue(name) }
}
