/// Unix seconds as an ISO 8601 UTC timestamp, computed with integer arithmetic (no calendar,
/// time zone or locale): `UTCTimestamp.format(0)` is `"1970-01-01 00:00:00 UTC"`.
///
/// Reports print only timestamps that are stored (a promotion, a sweep's creation), never the
/// current time, so the same store gives the same bytes.
public enum UTCTimestamp {
    /// The civil date and time of `seconds` since 1970-01-01 UTC, to the second (rounded down).
    public static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds.magnitude < 1e13 else { return "-" }
        let total = Int64(seconds.rounded(.down))
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (y, m, d) = civilDate(daysSinceEpoch: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60)) UTC"
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count.
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
