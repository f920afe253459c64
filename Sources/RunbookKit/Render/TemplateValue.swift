import Mustache

/// What a name in a template resolves to. The typed contexts (`TemplateContexts.swift`) answer
/// names with these values; the compiled default theme reads them directly and swift-mustache
/// reads them through `MustacheParent`, so both render the same data the same way.
///
/// Objects and lists are held by reference (class-bound existentials), so a value is copied
/// with a retain. Held as plain existentials, which may hold a struct, a value could only be
/// copied through the runtime's generic witnesses, and every section, look-up and `switch`
/// copied one: 4% of a cold corpus build's instructions.
enum TemplateValue {
    case text(String)
    case bool(Bool)
    case number(Int)
    case object(any TemplateObjectReference)
    case list(any TemplateListReference)

    /// A context struct as an object: boxed, as an existential boxed it before. The fields
    /// named on every page (`site`, `page`, `rule`) are kept boxed (`Shared`) and not boxed again.
    static func object<Fields: TemplateObject>(_ fields: Fields) -> TemplateValue { .object(Shared(fields)) }

    /// Context structs as a list.
    static func list<Element: TemplateObject>(_ elements: [Element]) -> TemplateValue { .list(SharedList(elements)) }

    /// The value's field `name` (nil when it has none), as Mustache's dotted names walk it.
    @inline(__always)
    func child(_ name: String) -> TemplateValue? {
        if case .object(let object) = self { return object.templateValue(name) }
        return nil
    }

    /// The plain Swift value swift-mustache renders: strings, numbers, booleans, the context
    /// structs themselves (as `MustacheParent`), and arrays of those.
    var mustacheValue: Any {
        switch self {
        case .text(let text): text
        case .bool(let flag): flag
        case .number(let number): number
        case .object(let object): object
        case .list(let list): (0..<list.count).map { list.element($0).mustacheValue }
        }
    }

    /// swift-mustache's built-in transforms (`{{#empty(name)}}`) for the values contexts hold.
    func transform(_ name: String) -> TemplateValue? {
        switch self {
        case .text(let text):
            switch name {
            case "empty": return .bool(text.isEmpty)
            case "lowercased": return .text(text.lowercased())
            case "uppercased": return .text(text.uppercased())
            default: return nil
            }
        case .number(let number):
            switch name {
            case "equalzero": return .bool(number == 0)
            case "plusone": return .number(number + 1)
            case "minusone": return .number(number - 1)
            case "even": return .bool(number & 1 == 0)
            case "odd": return .bool(number & 1 == 1)
            default: return nil
            }
        case .list(let list):
            switch name {
            case "empty": return .bool(list.count == 0)
            case "count": return .number(list.count)
            case "first": return list.count > 0 ? list.element(0) : nil
            case "last": return list.count > 0 ? list.element(list.count - 1) : nil
            default: return nil
            }
        case .bool, .object: return nil
        }
    }
}

/// A template context: a struct whose fields templates name. The conformances are generated
/// from the struct declarations by `scripts/embed-theme` (`TemplateContexts+Lookup.swift`).
protocol TemplateObject: MustacheParent, Sendable {
    func templateValue(_ name: String) -> TemplateValue?
}

extension TemplateObject {
    public func child(named name: String) -> Any? { templateValue(name)?.mustacheValue }
}

/// A template context as `TemplateValue` holds it: by reference (`Shared`).
protocol TemplateObjectReference: AnyObject, MustacheParent, Sendable {
    func templateValue(_ name: String) -> TemplateValue?
}

extension TemplateObjectReference {
    public func child(named name: String) -> Any? { templateValue(name)?.mustacheValue }
}

/// A list a section iterates, as `TemplateValue` holds it: by reference.
protocol TemplateListReference: AnyObject, Sendable {
    var count: Int { get }
    func element(_ index: Int) -> TemplateValue
}

/// A list of context structs.
final class SharedList<Element: TemplateObject>: TemplateListReference {
    let elements: [Element]
    init(_ elements: [Element]) { self.elements = elements }
    var count: Int { elements.count }
    func element(_ index: Int) -> TemplateValue { .object(elements[index]) }
}

/// Free-form data from the site's configuration (`params`), as templates see it: maps are
/// objects, lists are lists, null is empty text, every other scalar is its text.
struct TemplateData: TemplateObject {
    let value: DataValue

    var templateValue: TemplateValue {
        switch value {
        case .null: .text("")
        case .bool(let flag): .bool(flag)
        case .list(let items): .list(TemplateDataList(items: items))
        case .map: .object(self)
        default: .text(value.text ?? "")
        }
    }

    func templateValue(_ name: String) -> TemplateValue? {
        guard case .map(let pairs) = value, let entry = pairs.first(where: { $0.key == name }) else { return nil }
        return TemplateData(value: entry.value).templateValue
    }
}

final class TemplateDataList: TemplateListReference {
    let items: [DataValue]
    init(items: [DataValue]) { self.items = items }
    var count: Int { items.count }
    func element(_ index: Int) -> TemplateValue { TemplateData(value: items[index]).templateValue }
}

/// The state of one compiled template's rendering: the output, and Mustache's context stack.
/// The generated functions (`DefaultTheme+Compiled.swift`) call these in the order of the
/// template's tokens, with swift-mustache's rules for lookups, sections and inverted sections.
struct TemplateRenderer {
    /// UTF-8 bytes: appending to a String cost ~470 instructions an append (a page has a few
    /// hundred), and the page's file is bytes anyway.
    var out: [UInt8]
    /// The context the template renders, below everything sections push. Kept apart from the
    /// stack: most names resolve here, and asking it directly copies no value out of an array
    /// (a `TemplateValue` copied and destroyed per look-up, 148,000 of them on the corpus).
    private let root: any TemplateObject
    /// What sections pushed, innermost last.
    private var stack: [TemplateValue] = []

    init(_ root: any TemplateObject, capacity: Int = 0) {
        out = []
        out.reserveCapacity(capacity)
        self.root = root
    }

    /// `.`: the innermost value.
    var current: TemplateValue? { stack.last ?? .object(RootObject(root)) }

    /// The first value from the innermost outwards that has a field `name`.
    func find(_ name: String) -> TemplateValue? {
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let object) = stack[index], let value = object.templateValue(name) { return value }
            index -= 1
        }
        return root.templateValue(name)
    }

    /// A template's own text: a literal of the generated code (85,000 appends a corpus build).
    @inline(__always)
    mutating func text(_ literal: StaticString) {
        out.append(literal: literal)
    }

    /// `{{name}}`.
    mutating func escaped(_ value: TemplateValue?) {
        guard let value else { return }
        appendEscapedHTML(Self.describe(value), to: &out)
    }

    /// `{{{name}}}`.
    mutating func unescaped(_ value: TemplateValue?) {
        guard let value else { return }
        out.append(utf8Of: Self.describe(value))  // every page's body and menu
    }

    private static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .text(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): String(number)
        default: String(describing: value.mustacheValue)
        }
    }

    /// How many times a section renders its content: a list's length, once for true or any
    /// other value, never for false or a missing name.
    func sectionCount(_ value: TemplateValue?) -> Int {
        switch value {
        case nil: 0
        case .list(let list)?: list.count
        case .bool(let flag)?: flag ? 1 : 0
        default: 1
        }
    }

    /// Before the `index`th rendering of a section: push the element, or the value (not for booleans).
    mutating func enter(_ value: TemplateValue?, _ index: Int) {
        switch value {
        case .list(let list)?: stack.append(list.element(index))
        case .bool?, nil: break
        case let value?: stack.append(value)
        }
    }

    mutating func leave(_ value: TemplateValue?) {
        switch value {
        case .bool?, nil: break
        default: stack.removeLast()
        }
    }

    /// Whether an inverted section renders: for a missing name, false, or an empty list (which
    /// swift-mustache pushes, as `enterInverted` does).
    func isFalsy(_ value: TemplateValue?) -> Bool {
        switch value {
        case nil: true
        case .list(let list)?: list.count == 0
        case .bool(let flag)?: !flag
        default: false
        }
    }

    mutating func enterInverted(_ value: TemplateValue?) {
        if case .list? = value, let value { stack.append(value) }
    }

    mutating func leaveInverted(_ value: TemplateValue?) {
        if case .list? = value { stack.removeLast() }
    }
}

/// The root context as an object, for `{{.}}` at the top level (the root is any context struct).
private final class RootObject: TemplateObjectReference {
    let root: any TemplateObject
    init(_ root: any TemplateObject) { self.root = root }
    func templateValue(_ name: String) -> TemplateValue? { root.templateValue(name) }
}
