/// The two class names of a binary label and which one is positive (encoded as 1).
///
/// ``resolve(values:positive:file:columnName:)`` picks the positive class:
/// - with an explicit `positive`, the label value equal to it (or, failing that, the only value
///   equal to it ignoring letter case);
/// - otherwise the one value that reads `1`, `true` or `yes` in any letter case (or any number
///   equal to 1, such as `1.0`).
///
/// ```swift
/// let encoding = try LabelEncoding.resolve(values: ["no", "yes"], positive: nil, file: "f.csv", columnName: "y")
/// encoding.positive      // "yes"
/// encoding.encode("no")  // 0
/// ```
public struct LabelEncoding: Sendable, Equatable, Hashable, Codable {
    /// The class encoded as 0.
    public var negative: String
    /// The class encoded as 1.
    public var positive: String

    /// Label values chosen as positive when none is given, compared ignoring letter case.
    public static let defaultPositiveTokens: Set<String> = ["1", "true", "yes"]

    public init(negative: String, positive: String) {
        self.negative = negative
        self.positive = positive
    }

    /// 1 for the positive class, 0 for the negative class, nil for anything else.
    public func encode(_ value: String) -> Int? {
        if value == positive { return 1 }
        if value == negative { return 0 }
        return nil
    }

    /// The class name of an encoded label (0 or 1).
    public func name(of label: Int) -> String {
        label == 1 ? positive : negative
    }

    /// The encoding for a label column holding the distinct `values`.
    ///
    /// - Parameters:
    ///   - values: The distinct label values found in the data, in order of first appearance.
    ///   - positive: The positive class requested by the user, or nil for the default rule.
    ///   - file: The source name, for errors.
    ///   - columnName: The label column, for errors.
    /// - Throws: ``DataError`` of kind `.singleClass` (fewer than two values), `.tooManyClasses`
    ///   (more than two) or `.unknownPositiveClass`.
    public static func resolve(
        values: [String], positive: String?, file: String, columnName: String
    ) throws -> LabelEncoding {
        let shown = values.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
        guard values.count >= 2 else {
            let only = values.first.map { " ('\($0)')" } ?? ""
            throw DataError(
                .singleClass, file: file, columnName: columnName,
                message: "the label column holds a single class\(only); a binary label needs two")
        }
        guard values.count == 2 else {
            throw DataError(
                .tooManyClasses, file: file, columnName: columnName,
                message: "the label column holds \(values.count) classes (\(shown)\(values.count > 5 ? ", …" : "")); "
                    + "a binary label needs exactly two")
        }
        let index: Int
        if let positive {
            if let exact = values.firstIndex(of: positive) {
                index = exact
            } else {
                let folded = values.indices.filter { values[$0].lowercased() == positive.lowercased() }
                guard folded.count == 1, let only = folded.first else {
                    throw DataError(
                        .unknownPositiveClass, file: file, columnName: columnName,
                        message: "positive class '\(positive)' is not a label value (values: \(shown))")
                }
                index = only
            }
        } else {
            let candidates = values.indices.filter { isDefaultPositive(values[$0]) }
            guard candidates.count == 1, let only = candidates.first else {
                throw DataError(
                    .unknownPositiveClass, file: file, columnName: columnName,
                    message: "cannot tell which label value is the positive class (values: \(shown)); "
                        + "name it with --positive")
            }
            index = only
        }
        return LabelEncoding(negative: values[1 - index], positive: values[index])
    }

    /// Whether `value` is positive under the default rule.
    static func isDefaultPositive(_ value: String) -> Bool {
        if defaultPositiveTokens.contains(value.lowercased()) { return true }
        if let number = Double(value), number == 1 { return true }
        return false
    }
}
