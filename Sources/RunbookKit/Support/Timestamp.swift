import Foundation

/// A date as front matter writes it (`2023-12-12T21:12:32.022Z`, `2024-01-31`,
/// `2024-01-31 10:00:00 +02:00`), parsed by hand: Foundation's ISO 8601 formatter is slow and
/// not Sendable, and we only need ordering and a couple of output forms.
public struct Timestamp: Sendable, Hashable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Offset from UTC in minutes; nil when the text gives none (read as UTC).
    public let offsetMinutes: Int?
    public let hasTime: Bool

    public static func parse(_ text: String) -> Timestamp? {
        var scanner = DigitScanner(Array(text.trimmingHorizontalWhitespace().utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        if scanner.atEnd {
            return Timestamp(year: year, month: month, day: day, hour: 0, minute: 0, second: 0, offsetMinutes: nil, hasTime: false)
        }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), hour < 24, minute < 60
        else { return nil }
        var second = 0
        if scanner.skip(":") {
            guard let value = scanner.number(digits: 2), value < 61 else { return nil }
            second = value
            if scanner.skip(".") || scanner.skip(",") { scanner.skipDigits() }
        }
        scanner.skipSpaces()
        var offset: Int?
        if scanner.skip("Z") || scanner.skip("z") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2) else { return nil }
            _ = scanner.skip(":")
            let minutes = scanner.number(digits: 2) ?? 0
            offset = sign * (hours * 60 + minutes)
        }
        guard scanner.atEnd else { return nil }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                         offsetMinutes: offset, hasTime: true)
    }

    /// Seconds since 1970 in UTC, for ordering.
    public var epochSeconds: Int {
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        return days * 86_400 + hour * 3600 + minute * 60 + second - (offsetMinutes ?? 0) * 60
    }

    /// `2023-12-12`: what pages show.
    public var dateString: String {
        var text: [UInt8] = []
        text.reserveCapacity(10)
        appendDate(year, month, day, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// W3C datetime for sitemaps: the date, plus the time in UTC when one was given.
    public var w3cString: String {
        guard hasTime else { return dateString }
        let utc = Self.fromEpoch(epochSeconds)
        // Bytes, not interpolation: sitemaps and feeds ask for it 14,000 times a corpus build.
        var text: [UInt8] = []
        text.reserveCapacity(20)
        appendDate(utc.year, utc.month, utc.day, to: &text)
        appendField("T", utc.hour, to: &text)
        appendField(":", utc.minute, to: &text)
        appendField(":", utc.second, to: &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// `2023-12-12`.
    private func appendDate(_ year: Int, _ month: Int, _ day: Int, to text: inout [UInt8]) {
        appendPadded(year, 4, to: &text)
        appendField("-", month, to: &text)
        appendField("-", day, to: &text)
    }

    /// The separator, then a two-digit field.
    private func appendField(_ separator: Unicode.Scalar, _ value: Int, to text: inout [UInt8]) {
        text.append(UInt8(ascii: separator))
        appendPadded(value, 2, to: &text)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.epochSeconds < rhs.epochSeconds }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's civil-date algorithms.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func fromEpoch(_ seconds: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
    }
}

/// `pad` appended as bytes: digits written directly for the usual non-negative values.
private func appendPadded(_ value: Int, _ width: Int, to text: inout [UInt8]) {
    guard value >= 0 else {
        text.append(utf8Of: pad(value, width))
        return
    }
    var digits = 1
    var power = 10
    while power <= value && digits < 19 {
        digits += 1
        power = power &* 10
    }
    for _ in digits..<max(width, digits) { text.append(UInt8(ascii: "0")) }
    appendDecimal(value, to: &text)
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }

    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<digits {
            let byte = bytes[index + offset]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += digits
        return value
    }

    mutating func skip(_ character: Character) -> Bool {
        guard !atEnd, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func skipDigits() { while !atEnd, bytes[index] >= 48, bytes[index] <= 57 { index += 1 } }
    mutating func skipSpaces() { while !atEnd, bytes[index] == 32 { index += 1 } }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
