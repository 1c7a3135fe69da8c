/// Metric values by stable name, in a fixed order, with the warnings of the metrics that fell
/// back to a default value. This is what the experiment store persists per run or fold.
///
/// Names are unique; ``names`` keeps their order. A value may be NaN (an undefined metric, e.g.
/// ROC-AUC with one class). It encodes as JSON `null`, and for ``==`` NaN equals NaN, so a set
/// survives an encode–decode round trip unchanged.
///
/// ```swift
/// let set = try BinaryMetrics.evaluate(labels: y, scores: p)
/// set.names             // ["roc_auc", "average_precision", "log_loss", "brier", …]
/// set[name: "roc_auc"]  // 0.82
/// set[.logLoss]         // 0.16
/// ```
public struct MetricSet: Sendable, Codable, Equatable {
    /// The metric names, in order.
    public let names: [String]
    /// `values[i]` is the value of `names[i]`.
    public let values: [Double]
    /// Why some values are fallbacks (see ``MetricWarning``); empty when every metric is defined.
    public let warnings: [MetricWarning]

    /// A set from parallel arrays; `names` must be unique and as long as `values`.
    public init(names: [String], values: [Double], warnings: [MetricWarning] = []) {
        precondition(names.count == values.count, "names and values differ in length")
        precondition(Set(names).count == names.count, "duplicate metric name")
        self.names = names
        self.values = values
        self.warnings = warnings
    }

    /// The number of metrics.
    public var count: Int { names.count }

    /// The value of the metric called `name`, or nil when the set does not hold it.
    public subscript(name name: String) -> Double? {
        guard let index = names.firstIndex(of: name) else { return nil }
        return values[index]
    }

    /// The value of `metric`, or nil when the set does not hold it.
    public subscript(metric: BinaryMetric) -> Double? {
        self[name: metric.name]
    }

    /// `(name, value)` pairs in order.
    public var entries: [(name: String, value: Double)] {
        zip(names, values).map { (name: $0, value: $1) }
    }

    // MARK: Equatable

    /// Same names, warnings and values in the same order, with NaN equal to NaN.
    public static func == (lhs: MetricSet, rhs: MetricSet) -> Bool {
        guard lhs.names == rhs.names, lhs.warnings == rhs.warnings else { return false }
        for (a, b) in zip(lhs.values, rhs.values) where !(a == b || (a.isNaN && b.isNaN)) {
            return false
        }
        return true
    }

    // MARK: Codable

    // {"metrics": [{"name": "roc_auc", "value": 0.82}, …], "warnings": ["no_positive_labels"]}
    // A NaN value is written as null (the fixtures' convention), so the default JSONEncoder works.
    private enum CodingKeys: String, CodingKey { case metrics, warnings }
    private enum EntryKeys: String, CodingKey { case name, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var list = try container.nestedUnkeyedContainer(forKey: .metrics)
        var names: [String] = []
        var values: [Double] = []
        while !list.isAtEnd {
            let entry = try list.nestedContainer(keyedBy: EntryKeys.self)
            let name = try entry.decode(String.self, forKey: .name)
            guard !names.contains(name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .name, in: entry, debugDescription: "duplicate metric name '\(name)'")
            }
            names.append(name)
            values.append(try entry.decodeIfPresent(Double.self, forKey: .value) ?? .nan)
        }
        self.names = names
        self.values = values
        self.warnings = try container.decodeIfPresent([MetricWarning].self, forKey: .warnings) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var list = container.nestedUnkeyedContainer(forKey: .metrics)
        for (name, value) in zip(names, values) {
            var entry = list.nestedContainer(keyedBy: EntryKeys.self)
            try entry.encode(name, forKey: .name)
            if value.isNaN {
                try entry.encodeNil(forKey: .value)
            } else {
                try entry.encode(value, forKey: .value)
            }
        }
        try container.encode(warnings, forKey: .warnings)
    }
}
