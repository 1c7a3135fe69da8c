/// A stored parameter value as display text: `true`, `100`, `0.0001`, `relu`, `[100,50]`.
///
/// Decodes the value the way the listing shows it (an integral number as an integer), and
/// refuses anything a parameter cannot be (an object, null, a nested list).
struct ParameterText: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            text = String(b)
        } else if let i = try? c.decode(Int.self) {
            text = String(i)
        } else if let d = try? c.decode(Double.self) {
            text = String(d)
        } else if let s = try? c.decode(String.self) {
            text = s
        } else if let list = try? c.decode([ScalarText].self) {
            text = "[" + list.map(\.text).joined(separator: ",") + "]"
        } else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected a flag, a number, a word or a list of numbers")
        }
    }

    /// One element of a list value.
    struct ScalarText: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) {
                text = String(i)
            } else if let d = try? c.decode(Double.self) {
                text = String(d)
            } else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number in the list")
            }
        }
    }
}
