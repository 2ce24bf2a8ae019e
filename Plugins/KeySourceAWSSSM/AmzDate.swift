import Foundation

/// The two timestamp spellings SigV4 uses, computed without `DateFormatter` (which is slow
/// and locale-sensitive): `yyyyMMdd'T'HHmmss'Z'` and `yyyyMMdd`, always UTC.
public struct AmzDate: Sendable, Equatable {
    public let dateTime: String
    public let date: String

    public init(_ instant: Date) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Civil-from-days (Howard Hinnant's algorithm), valid for the proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        func append(_ value: Int64, width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var remaining = value
            while divisor > 0 {
                digits.append(UInt8(0x30 + remaining / divisor))
                remaining %= divisor
                divisor /= 10
            }
        }
        append(year, width: 4)
        append(month, width: 2)
        append(day, width: 2)
        let dateOnly = String(decoding: digits, as: UTF8.self)
        digits.append(0x54)  // T
        append(secondOfDay / 3_600, width: 2)
        append(secondOfDay % 3_600 / 60, width: 2)
        append(secondOfDay % 60, width: 2)
        digits.append(0x5A)  // Z
        self.date = dateOnly
        self.dateTime = String(decoding: digits, as: UTF8.self)
    }
}
