import ExpCore
import ExpTestSupport
import Foundation
import Testing

// Parity with scikit-learn 1.9.1 on every case and call of Fixtures/metrics.json
// (../shared/reference/README.md, "metrics.json"). Tolerances: counts, confusion matrices and
// curve lengths exact; floats 1e-12 relative with a 1e-15 absolute floor near 0.

// MARK: Fixture decoding

/// metrics.json, decoded with the reference encoding rules: NaN is `null` (decoded as nil, then
/// NaN) and ±∞ are the strings "Infinity" / "-Infinity".
private struct MetricsFixture: Decodable {
    struct Meta: Decodable {
        let versions: [String: String]
    }

    let meta: Meta
    let cases: [MetricsCase]

    static func load() throws -> MetricsFixture {
        guard let url = Bundle.module.url(forResource: "metrics", withExtension: "json", subdirectory: "Fixtures")
        else { throw FixtureMissing() }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(MetricsFixture.self, from: Data(contentsOf: url))
    }

    static func loadCase(_ name: String) throws -> MetricsCase {
        guard let found = try load().cases.first(where: { $0.name == name }) else { throw FixtureMissing() }
        return found
    }

    struct FixtureMissing: Error {}
}

/// `{value, warnings: [{category, message}], raises: {type, message} | null, returned_nan?}`.
private struct MetricRecord<Value: Decodable>: Decodable {
    struct Warning: Decodable {
        let category: String
        let message: String
    }

    struct Raise: Decodable {
        let type: String
        let message: String
    }

    let value: Value?
    let warnings: [Warning]
    let raises: Raise?
    let returnedNaN: Bool?

    enum CodingKeys: String, CodingKey {
        case value, warnings, raises
        case returnedNaN = "returned_nan"
    }

    /// The value as a Double, NaN for `null`.
    var double: Double { (value as? Double) ?? .nan }
}

private struct ROCRecord: Decodable {
    let fpr: [Double?]
    let tpr: [Double?]
    let thresholds: [Double?]
}

private struct PRRecord: Decodable {
    let precision: [Double?]
    let recall: [Double?]
    let thresholds: [Double?]
}

private struct MetricsCase: Decodable {
    let name: String
    let yTrue: [Int]
    let yScore: [Double]
    let yPred: [Int]
    let rocAUC: MetricRecord<Double>
    let averagePrecision: MetricRecord<Double>
    let logLoss: MetricRecord<Double>
    let logLossLabels01: MetricRecord<Double>
    let brier: MetricRecord<Double>
    let accuracy: MetricRecord<Double>
    let precision: MetricRecord<Double>
    let recall: MetricRecord<Double>
    let f1: MetricRecord<Double>
    let precisionDefaultZeroDivision: MetricRecord<Double>?
    let recallDefaultZeroDivision: MetricRecord<Double>?
    let confusionLabels01: MetricRecord<[[Int]]>
    let confusionDefault: MetricRecord<[[Int]]>
    let rocCurve: ROCRecord?
    let rocCurveNoDrop: ROCRecord?
    let precisionRecallCurve: PRRecord?

    enum CodingKeys: String, CodingKey {
        case name
        case yTrue = "y_true"
        case yScore = "y_score"
        case yPred = "y_pred_at_0.5"
        case rocAUC = "roc_auc_score"
        case averagePrecision = "average_precision_score"
        case logLoss = "log_loss"
        case logLossLabels01 = "log_loss_labels01"
        case brier = "brier_score_loss"
        case accuracy = "accuracy_score"
        case precision = "precision_score"
        case recall = "recall_score"
        case f1 = "f1_score"
        case precisionDefaultZeroDivision = "precision_score_default_zero_division"
        case recallDefaultZeroDivision = "recall_score_default_zero_division"
        case confusionLabels01 = "confusion_matrix_labels01"
        case confusionDefault = "confusion_matrix_default"
        case rocCurve = "roc_curve"
        case rocCurveNoDrop = "roc_curve_no_drop"
        case precisionRecallCurve = "precision_recall_curve"
    }
}

// MARK: Comparison (Tolerance.reference: 1e-12 relative, 1e-15 absolute, NaN only to NaN)

private func expectAgree(
    _ actual: Double, _ expected: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(Tolerance.reference.accepts(actual, expected), "\(what): \(actual) vs sklearn \(expected)", sourceLocation: sourceLocation)
}

private func expectAgree(
    _ actual: [Double], _ expected: [Double?], _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(what): length \(actual.count) vs \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() where !Tolerance.reference.accepts(a, e ?? .nan) {
        Issue.record("\(what)[\(i)]: \(a) vs sklearn \(String(describing: e))", sourceLocation: sourceLocation)
        return
    }
}

private let caseNames = [
    "tiny_n2", "tiny_n3", "tiny_n4_ties", "tiny_n5", "ties_heavy_n20", "all_scores_equal",
    "perfect_separation", "inverted", "single_class_all_negative", "single_class_all_positive",
    "extreme_probs_0_and_1", "realistic_imbalanced_n1000", "balanced_rounded_n200",
]

private let curveCaseNames = ["tiny_n4_ties", "ties_heavy_n20", "realistic_imbalanced_n1000"]

// MARK: Tests

@Suite("Metrics: scikit-learn parity (metrics.json)")
struct MetricsParityTests {
    @Test("the fixture holds the 13 documented cases, from scikit-learn 1.9.1")
    func fixtureShape() throws {
        let fixture = try MetricsFixture.load()
        #expect(fixture.meta.versions["scikit-learn"] == "1.9.1")
        #expect(fixture.cases.map(\.name) == caseNames)
        #expect(fixture.cases.filter { $0.rocCurve != nil }.map(\.name) == curveCaseNames)
        for c in fixture.cases {
            #expect(c.yTrue.count == c.yScore.count && c.yPred.count == c.yTrue.count, "\(c.name)")
        }
    }

    @Test("ranking and probability metrics", arguments: caseNames)
    func rankingAndProbabilityMetrics(name: String) throws {
        let c = try MetricsFixture.loadCase(name)
        expectAgree(try BinaryMetrics.rocAUC(labels: c.yTrue, scores: c.yScore), c.rocAUC.double, "\(name) roc_auc")
        expectAgree(
            try BinaryMetrics.averagePrecision(labels: c.yTrue, scores: c.yScore),
            c.averagePrecision.double, "\(name) average_precision")
        let logLoss = try BinaryMetrics.logLoss(labels: c.yTrue, scores: c.yScore)
        expectAgree(logLoss, c.logLossLabels01.double, "\(name) log_loss(labels=[0, 1])")
        if let raised = c.logLoss.raises {
            // sklearn without `labels` refuses a single class; ours fixes labels to [0, 1].
            #expect(raised.type == "ValueError" && raised.message.hasPrefix("y_true contains only one label"))
            #expect(Set(c.yTrue).count == 1, "\(name): log_loss raised with two classes")
        } else {
            expectAgree(logLoss, c.logLoss.double, "\(name) log_loss")
        }
        expectAgree(try BinaryMetrics.brierScore(labels: c.yTrue, scores: c.yScore), c.brier.double, "\(name) brier")
        #expect(c.rocAUC.raises == nil && c.averagePrecision.raises == nil && c.brier.raises == nil)
        #expect((c.rocAUC.returnedNaN ?? false) == c.rocAUC.double.isNaN)
    }

    @Test("threshold metrics and confusion matrices at 0.5", arguments: caseNames)
    func thresholdMetrics(name: String) throws {
        let c = try MetricsFixture.loadCase(name)
        let matrix = try ConfusionMatrix(labels: c.yTrue, scores: c.yScore, threshold: 0.5)
        #expect(c.yScore.map { $0 >= 0.5 ? 1 : 0 } == c.yPred, "\(name): y_pred_at_0.5")
        #expect(try ConfusionMatrix(labels: c.yTrue, predictions: c.yPred) == matrix)
        #expect(matrix.rows == c.confusionLabels01.value, "\(name) confusion_matrix(labels=[0, 1])")
        let defaultMatrix = try #require(c.confusionDefault.value)
        if defaultMatrix.count == 2 {
            #expect(matrix.rows == defaultMatrix, "\(name) confusion_matrix")
        } else {
            // One label in y_true and y_pred together: sklearn's 1×1 matrix is the only non-zero cell.
            #expect(defaultMatrix.count == 1 && [matrix.trueNegatives, matrix.truePositives].contains(defaultMatrix[0][0]))
            #expect(matrix.falsePositives == 0 && matrix.falseNegatives == 0)
        }
        expectAgree(matrix.accuracy, c.accuracy.double, "\(name) accuracy")
        expectAgree(matrix.precision, c.precision.double, "\(name) precision")
        expectAgree(matrix.recall, c.recall.double, "\(name) recall")
        expectAgree(matrix.f1, c.f1.double, "\(name) f1")
        for record in [c.accuracy, c.precision, c.recall, c.f1] {
            #expect(record.warnings.isEmpty && record.raises == nil, "\(name): zero_division=0 never warns")
        }
    }

    @Test("undefined cases: values and warnings as sklearn reports them", arguments: caseNames)
    func undefinedCases(name: String) throws {
        let c = try MetricsFixture.loadCase(name)
        let set = try BinaryMetrics.evaluate(labels: c.yTrue, scores: c.yScore, threshold: 0.5)
        let matrix = try ConfusionMatrix(labels: c.yTrue, scores: c.yScore)

        // Each sklearn warning maps to one MetricWarning, with sklearn's message verbatim.
        func check(_ record: MetricRecord<Double>?, _ warning: MetricWarning, in ours: [MetricWarning], _ what: String) {
            let expected = record?.warnings ?? []
            #expect(ours.contains(warning) == !expected.isEmpty, "\(name) \(what): \(ours) vs \(expected.map(\.message))")
            if let first = expected.first {
                #expect(first.message == warning.message, "\(name) \(what)")
                #expect(expected.count == 1)
            }
        }
        check(c.rocAUC, .rocAUCSingleClass, in: set.warnings, "roc_auc")
        check(c.averagePrecision, .noPositiveLabels, in: set.warnings, "average_precision")
        check(c.precisionDefaultZeroDivision, .precisionNoPredictedPositives, in: matrix.warnings, "precision")
        check(c.recallDefaultZeroDivision, .recallNoPositiveLabels, in: matrix.warnings, "recall")
        #expect(c.rocAUC.warnings.first?.category ?? "UndefinedMetricWarning" == "UndefinedMetricWarning")
        #expect(c.averagePrecision.warnings.first?.category ?? "UserWarning" == "UserWarning")

        // With the default zero_division="warn", sklearn returns the same 0.0 as zero_division=0.
        if let record = c.precisionDefaultZeroDivision { expectAgree(matrix.precision, record.double, "\(name) precision (warn)") }
        if let record = c.recallDefaultZeroDivision { expectAgree(matrix.recall, record.double, "\(name) recall (warn)") }
        // The MetricSet carries the confusion-matrix warnings too.
        for warning in matrix.warnings { #expect(set.warnings.contains(warning)) }
    }

    @Test("roc_curve, roc_curve(drop_intermediate=False), precision_recall_curve", arguments: curveCaseNames)
    func curves(name: String) throws {
        let c = try MetricsFixture.loadCase(name)
        let roc = try #require(c.rocCurve)
        let ours = try ROCCurve(labels: c.yTrue, scores: c.yScore)
        expectAgree(ours.falsePositiveRates, roc.fpr, "\(name) roc fpr")
        expectAgree(ours.truePositiveRates, roc.tpr, "\(name) roc tpr")
        expectAgree(ours.thresholds, roc.thresholds, "\(name) roc thresholds")
        #expect(ours.thresholds.first == .infinity)
        #expect(ours.warnings.isEmpty)

        let noDrop = try #require(c.rocCurveNoDrop)
        let oursNoDrop = try ROCCurve(labels: c.yTrue, scores: c.yScore, dropIntermediate: false)
        expectAgree(oursNoDrop.falsePositiveRates, noDrop.fpr, "\(name) roc(no drop) fpr")
        expectAgree(oursNoDrop.truePositiveRates, noDrop.tpr, "\(name) roc(no drop) tpr")
        expectAgree(oursNoDrop.thresholds, noDrop.thresholds, "\(name) roc(no drop) thresholds")
        #expect(oursNoDrop.thresholds.count == Set(c.yScore).count + 1)

        let pr = try #require(c.precisionRecallCurve)
        let oursPR = try PrecisionRecallCurve(labels: c.yTrue, scores: c.yScore)
        expectAgree(oursPR.precisions, pr.precision, "\(name) precision_recall_curve precision")
        expectAgree(oursPR.recalls, pr.recall, "\(name) precision_recall_curve recall")
        expectAgree(oursPR.thresholds, pr.thresholds, "\(name) precision_recall_curve thresholds")
        #expect(oursPR.precisions.last == 1 && oursPR.recalls.last == 0)
        #expect(oursPR.precisions.count == oursPR.thresholds.count + 1)

        // The summary metrics are these curves' integrals, bit for bit.
        #expect(ours.area == (try BinaryMetrics.rocAUC(labels: c.yTrue, scores: c.yScore)))
        #expect(oursPR.averagePrecision == (try BinaryMetrics.averagePrecision(labels: c.yTrue, scores: c.yScore)))
        #expect(try BinaryMetrics.auc(x: ours.falsePositiveRates, y: ours.truePositiveRates) == ours.area)
        expectAgree(oursNoDrop.area, c.rocAUC.double, "\(name) area without dropping")
    }

    @Test("evaluate returns every metric by name, equal to the single calls", arguments: caseNames)
    func evaluateMatchesSingleCalls(name: String) throws {
        let c = try MetricsFixture.loadCase(name)
        let set = try BinaryMetrics.evaluate(labels: c.yTrue, scores: c.yScore)
        let matrix = try ConfusionMatrix(labels: c.yTrue, scores: c.yScore)
        #expect(set.names == ["roc_auc", "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1"])
        let single: [(BinaryMetric, Double)] = [
            (.rocAUC, try BinaryMetrics.rocAUC(labels: c.yTrue, scores: c.yScore)),
            (.averagePrecision, try BinaryMetrics.averagePrecision(labels: c.yTrue, scores: c.yScore)),
            (.logLoss, try BinaryMetrics.logLoss(labels: c.yTrue, scores: c.yScore)),
            (.brier, try BinaryMetrics.brierScore(labels: c.yTrue, scores: c.yScore)),
            (.accuracy, matrix.accuracy), (.precision, matrix.precision), (.recall, matrix.recall), (.f1, matrix.f1),
        ]
        for (metric, value) in single {
            let stored = try #require(set[metric])
            #expect(stored.bitPattern == value.bitPattern, "\(name) \(metric)")
            #expect(set[name: metric.name]?.bitPattern == value.bitPattern)
        }
        expectAgree(set[.rocAUC] ?? -1, c.rocAUC.double, "\(name) evaluate roc_auc")
        expectAgree(set[.logLoss] ?? -1, c.logLossLabels01.double, "\(name) evaluate log_loss")
    }
}
