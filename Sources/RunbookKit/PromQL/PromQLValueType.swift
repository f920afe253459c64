/// The four value types of PromQL, used to reject what Prometheus rejects
/// (`rate(up)`, `1 and 2`, `1 > 2` without `bool`).
public enum PromQLValueType: String, Sendable {
    case scalar
    case vector = "instant vector"
    case matrix = "range vector"
    case string
}
