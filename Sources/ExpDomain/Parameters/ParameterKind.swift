/// The type and domain of a ``ParameterKey``'s values (scikit-learn's `_parameter_constraints`).
package enum ParameterKind: Sendable, Equatable {
    /// A non-empty list of at most ``maximumLayerCount`` positive integers; a single integer `n`
    /// stands for `[n]`. How wide the layers may be depends on the data (the memory a trial
    /// needs is estimated before a sweep starts), so widths have no fixed bound here.
    case layerSizes
    /// One of a fixed set of words.
    case choice([String])
    /// true or false.
    case boolean
    /// A finite real number within bounds; integers are accepted and become reals.
    case real(RealBounds)
    /// An integer in `minimum...maximum`.
    case integer(minimum: Int, maximum: Int = .max)
    /// An integer in `minimum...maximum`, or the word `keyword` (`auto`, `all`).
    case integerOrKeyword(minimum: Int, maximum: Int = .max, keyword: String)

    /// The most hidden layers a network may have.
    package static let maximumLayerCount = 100

    /// What a value must be, for messages: "expected <expectation>, got …".
    package var expectation: String {
        switch self {
        case .layerSizes: return "a list of at most \(Self.maximumLayerCount) positive integers such as [100, 50]"
        case let .choice(words): return "one of " + words.joined(separator: ", ")
        case .boolean: return "true or false"
        case let .real(bounds): return "a number " + bounds.description
        case let .integer(minimum, maximum): return "an integer " + Self.integerRange(minimum, maximum)
        case let .integerOrKeyword(minimum, maximum, keyword):
            return "an integer " + Self.integerRange(minimum, maximum) + " or '\(keyword)'"
        }
    }

    /// "≥ 1" without an upper bound, "in 1...100000" with one.
    private static func integerRange(_ minimum: Int, _ maximum: Int) -> String {
        maximum == .max ? "≥ \(minimum)" : "in \(minimum)...\(maximum)"
    }

    /// Whether `{min, max}` ranges may be given for this key in random search.
    package var isNumeric: Bool {
        switch self {
        case .real, .integer, .integerOrKeyword: return true
        case .layerSizes, .choice, .boolean: return false
        }
    }

    /// Whether numbers of this kind are integers.
    package var isInteger: Bool {
        switch self {
        case .integer, .integerOrKeyword: return true
        case .real, .layerSizes, .choice, .boolean: return false
        }
    }

    /// `value` in normal form (reals as `.double` with -0 turned into +0, layer sizes as
    /// `.intList`), or nil if it is not in the domain.
    package func normalized(_ value: ParameterValue) -> ParameterValue? {
        switch (self, value) {
        case let (.layerSizes, .int(n)):
            return n >= 1 ? .intList([n]) : nil
        case let (.layerSizes, .intList(sizes)):
            return !sizes.isEmpty && sizes.count <= Self.maximumLayerCount && sizes.allSatisfy({ $0 >= 1 }) ? value : nil
        case let (.choice(words), .string(s)):
            return words.contains(s) ? value : nil
        case (.boolean, .bool):
            return value
        case let (.real, .int(n)):
            return normalized(.double(Double(n)))
        case let (.real(bounds), .double(d)):
            guard d.isFinite, bounds.contains(d) else { return nil }
            return .double(d == 0 ? 0 : d)
        case let (.integer(minimum, maximum), .int(n)), let (.integerOrKeyword(minimum, maximum, _), .int(n)):
            return (minimum...maximum).contains(n) ? value : nil
        case let (.integerOrKeyword(_, _, keyword), .string(s)):
            return s == keyword ? value : nil
        default:
            return nil
        }
    }
}

/// An interval of real numbers with open or closed ends.
package struct RealBounds: Sendable, Equatable, CustomStringConvertible {
    package var lower: Double
    package var lowerInclusive: Bool
    package var upper: Double? = nil
    package var upperInclusive: Bool = false

    package init(lower: Double, lowerInclusive: Bool, upper: Double? = nil, upperInclusive: Bool = false) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    package func contains(_ x: Double) -> Bool {
        let aboveLower = lowerInclusive ? x >= lower : x > lower
        guard let upper else { return aboveLower }
        return aboveLower && (upperInclusive ? x <= upper : x < upper)
    }

    /// "≥ 0", "> 0", "in [0, 1)", "in (0, 1)".
    package var description: String {
        func format(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description
        }
        guard let upper else { return (lowerInclusive ? "≥ " : "> ") + format(lower) }
        return "in " + (lowerInclusive ? "[" : "(") + format(lower) + ", " + format(upper)
            + (upperInclusive ? "]" : ")")
    }
}
