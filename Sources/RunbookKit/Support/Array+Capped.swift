extension Array {
    /// Appends unless the array holds `limit` elements already: for lists kept in a dictionary,
    /// `table[key, default: []].append(value, upTo: n)` looks the key up once.
    mutating func append(_ element: Element, upTo limit: Int) {
        if count < limit { append(element) }
    }
}
