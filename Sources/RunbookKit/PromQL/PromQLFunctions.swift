/// Prometheus' functions and aggregation operators: argument types and counts, so the parser
/// rejects `rate(up)` or `absent()` as Prometheus does, and the highlighter knows names.
public enum PromQLFunctions {
    public struct Signature: Sendable {
        /// Argument types; an argument past the end has the last type (variadic functions).
        let arguments: [PromQLValueType]
        let minimum: Int
        /// nil: any number.
        let maximum: Int?
        let returns: PromQLValueType
    }

    private static func fixed(_ types: [PromQLValueType], _ returns: PromQLValueType = .vector) -> Signature {
        Signature(arguments: types, minimum: types.count, maximum: types.count, returns: returns)
    }

    private static func optional(_ types: [PromQLValueType], minimum: Int, maximum: Int?) -> Signature {
        Signature(arguments: types, minimum: minimum, maximum: maximum, returns: .vector)
    }

    public static let signatures: [String: Signature] = {
        var table: [String: Signature] = [:]
        for name in ["abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg", "exp",
                     "floor", "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar",
                     "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt", "tan", "tanh", "timestamp"] {
            table[name] = fixed([.vector])
        }
        for name in ["absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv", "idelta", "increase",
                     "irate", "last_over_time", "first_over_time", "mad_over_time", "max_over_time", "min_over_time",
                     "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time",
                     "ts_of_max_over_time", "ts_of_min_over_time", "ts_of_last_over_time", "ts_of_first_over_time"] {
            table[name] = fixed([.matrix])
        }
        for name in ["days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year"] {
            table[name] = optional([.vector], minimum: 0, maximum: 1)
        }
        table["clamp"] = fixed([.vector, .scalar, .scalar])
        table["clamp_max"] = fixed([.vector, .scalar])
        table["clamp_min"] = fixed([.vector, .scalar])
        table["histogram_fraction"] = fixed([.scalar, .scalar, .vector])
        table["histogram_quantile"] = fixed([.scalar, .vector])
        table["double_exponential_smoothing"] = fixed([.matrix, .scalar, .scalar])
        table["holt_winters"] = fixed([.matrix, .scalar, .scalar])
        table["info"] = optional([.vector, .vector], minimum: 1, maximum: 2)
        table["label_replace"] = fixed([.vector, .string, .string, .string, .string])
        table["label_join"] = optional([.vector, .string, .string, .string], minimum: 3, maximum: nil)
        table["sort_by_label"] = optional([.vector, .string], minimum: 1, maximum: nil)
        table["sort_by_label_desc"] = optional([.vector, .string], minimum: 1, maximum: nil)
        table["pi"] = fixed([], .scalar)
        table["time"] = fixed([], .scalar)
        table["scalar"] = fixed([.vector], .scalar)
        table["vector"] = fixed([.scalar])
        table["predict_linear"] = fixed([.matrix, .scalar])
        table["quantile_over_time"] = fixed([.scalar, .matrix])
        table["round"] = optional([.vector, .scalar], minimum: 1, maximum: 2)
        return table
    }()

    /// Aggregation operators and the type of their parameter (nil: none).
    public static let aggregations: [String: PromQLValueType?] = [
        "sum": nil, "avg": nil, "count": nil, "min": nil, "max": nil, "group": nil, "stddev": nil, "stdvar": nil,
        "topk": .scalar, "bottomk": .scalar, "quantile": .scalar, "limitk": .scalar, "limit_ratio": .scalar,
        "count_values": .string,
    ]

    /// Words that cannot be a bare metric name.
    static let keywords: Set<String> = [
        "and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
    ]
}
