import ExpCore
import ExpTestSupport
import Foundation
import Testing

// Properties of the binary metrics on seeded random data, plus input validation and the
// MetricSet / direction API.

/// Random labels (both classes present) and scores with deliberate ties: each trial draws scores
/// from a grid of `levels` values (2 levels = massive ties, 10⁶ = almost none).
private func randomProblem(_ rng: inout SeededGenerator) -> (labels: [Int], scores: [Double]) {
    let n = 2 + rng.nextInt(below: 150)
    let levels = [2, 3, 10, 50, 1_000_000][rng.nextInt(below: 5)]
    let positiveRate = rng.uniform(0.05, 0.95)
    var labels = (0..<n).map { _ in rng.nextUnit() < positiveRate ? 1 : 0 }
    labels[0] = 0
    labels[1] = 1
    let scores = labels.map { label in
        // Positives lean higher so the AUCs spread over (0, 1).
        let raw = min(0.999_999, max(0, rng.uniform(0, 1) + (label == 1 ? 0.2 : 0) - 0.1))
        return Double(Int(raw * Double(levels))) / Double(levels)
    }
    return (labels, scores)
}

/// The Mann–Whitney U statistic over all positive–negative pairs, ties counted as 1/2, divided by
/// P·N: the probabilistic definition of ROC-AUC, by brute force.
private func mannWhitneyAUC(labels: [Int], scores: [Double]) -> Double {
    var twiceU = 0
    var positives = 0
    var negatives = 0
    for (i, li) in labels.enumerated() {
        if li == 1 { positives += 1 } else { negatives += 1; continue }
        for (j, lj) in labels.enumerated() where lj == 0 {
            if scores[i] > scores[j] { twiceU += 2 } else if scores[i] == scores[j] { twiceU += 1 }
        }
    }
    return Double(twiceU) / Double(2 * positives * negatives)
}

@Suite("Metrics: properties, validation and API")
struct MetricsPropertyTests {
    @Test("ROC-AUC equals the Mann–Whitney U statistic with ties counted as 1/2")
    func rocAUCIsMannWhitney() throws {
        var rng = SeededGenerator(seed: 20_240_611, stream: [1])
        for trial in 0..<300 {
            let (labels, scores) = randomProblem(&rng)
            let auc = try BinaryMetrics.rocAUC(labels: labels, scores: scores)
            let expected = mannWhitneyAUC(labels: labels, scores: scores)
            #expect(isClose(auc, expected), "trial \(trial): \(auc) vs U/(PN) \(expected)")
        }
    }

    @Test("reversing the scores gives 1 − AUC")
    func reversedScores() throws {
        var rng = SeededGenerator(seed: 7, stream: [2])
        for trial in 0..<200 {
            let (labels, scores) = randomProblem(&rng)
            let auc = try BinaryMetrics.rocAUC(labels: labels, scores: scores)
            let reversed = try BinaryMetrics.rocAUC(labels: labels, scores: scores.map { -$0 })
            #expect(isClose(reversed, 1 - auc, absolute: 1e-14), "trial \(trial): \(reversed) vs 1 − \(auc)")
        }
    }

    @Test("average precision equals Σ (Rₖ − Rₖ₋₁)·Pₖ over the distinct thresholds, by brute force")
    func averagePrecisionDefinition() throws {
        var rng = SeededGenerator(seed: 11, stream: [3])
        for trial in 0..<100 {
            let (labels, scores) = randomProblem(&rng)
            let positives = labels.reduce(0, +)
            var expected = 0.0
            var previousRecall = 0.0
            for t in Set(scores).sorted(by: >) {
                let tp = zip(labels, scores).filter { $0.0 == 1 && $0.1 >= t }.count
                let predicted = scores.filter { $0 >= t }.count
                let recall = Double(tp) / Double(positives)
                expected += (recall - previousRecall) * Double(tp) / Double(predicted)
                previousRecall = recall
            }
            let ap = try BinaryMetrics.averagePrecision(labels: labels, scores: scores)
            #expect(isClose(ap, expected), "trial \(trial): \(ap) vs \(expected)")
        }
    }

    @Test("ranking metrics do not depend on sample order; every metric is deterministic")
    func orderInvariance() throws {
        var rng = SeededGenerator(seed: 5, stream: [4])
        for _ in 0..<50 {
            let (labels, scores) = randomProblem(&rng)
            let order = rng.permutation(labels.count)
            let shuffledLabels = order.map { labels[$0] }
            let shuffledScores = order.map { scores[$0] }
            let a = try BinaryMetrics.evaluate(labels: labels, scores: scores)
            let b = try BinaryMetrics.evaluate(labels: shuffledLabels, scores: shuffledScores)
            #expect(a == (try BinaryMetrics.evaluate(labels: labels, scores: scores)))
            #expect(a[.rocAUC]?.bitPattern == b[.rocAUC]?.bitPattern)
            #expect(a[.averagePrecision]?.bitPattern == b[.averagePrecision]?.bitPattern)
            for metric in [BinaryMetric.logLoss, .brier, .accuracy, .precision, .recall, .f1] {
                #expect(a[metric] != nil && isClose(a[metric], b[metric] ?? .nan), "\(metric)")
            }
        }
    }

    @Test("curves: dropping intermediate points keeps the shape, the area and the end points")
    func curveConsistency() throws {
        var rng = SeededGenerator(seed: 9, stream: [5])
        for _ in 0..<100 {
            let (labels, scores) = randomProblem(&rng)
            let dropped = try ROCCurve(labels: labels, scores: scores)
            let full = try ROCCurve(labels: labels, scores: scores, dropIntermediate: false)
            #expect(full.thresholds.count == Set(scores).count + 1)
            #expect(dropped.thresholds.count <= full.thresholds.count)
            #expect(dropped.falsePositiveRates.first == 0 && dropped.truePositiveRates.first == 0)
            #expect(dropped.falsePositiveRates.last == 1 && dropped.truePositiveRates.last == 1)
            #expect(isClose(dropped.area, full.area, absolute: 1e-14))
            #expect(dropped.area == (try BinaryMetrics.rocAUC(labels: labels, scores: scores)))
            let pr = try PrecisionRecallCurve(labels: labels, scores: scores)
            #expect(pr.thresholds == full.thresholds.dropFirst().reversed())
            #expect(pr.averagePrecision == (try BinaryMetrics.averagePrecision(labels: labels, scores: scores)))
        }
    }

    @Test("one class only: NaN ROC-AUC and curves, AP 0 or 1, with warnings")
    func singleClass() throws {
        let negatives = try BinaryMetrics.evaluate(labels: [0, 0, 0], scores: [0.2, 0.4, 0.1])
        #expect(negatives[.rocAUC]?.isNaN == true)
        #expect(negatives[.averagePrecision] == 0)
        #expect(negatives[.averagePrecision]?.sign == .plus)
        #expect(negatives.warnings == [.rocAUCSingleClass, .noPositiveLabels, .precisionNoPredictedPositives,
                                       .recallNoPositiveLabels, .f1NoPositives])
        let positives = try BinaryMetrics.evaluate(labels: [1, 1], scores: [0.2, 0.9])
        #expect(positives[.rocAUC]?.isNaN == true)
        #expect(positives[.averagePrecision] == 1)
        #expect(positives.warnings == [.rocAUCSingleClass])

        let roc = try ROCCurve(labels: [0, 0, 0], scores: [0.2, 0.4, 0.1])
        #expect(roc.truePositiveRates.allSatisfy(\.isNaN) && roc.warnings == [.rocNoPositiveLabels])
        #expect(roc.area.isNaN)
        let rocPositive = try ROCCurve(labels: [1, 1], scores: [0.2, 0.9])
        #expect(rocPositive.falsePositiveRates.allSatisfy(\.isNaN) && rocPositive.warnings == [.rocNoNegativeLabels])
        let pr = try PrecisionRecallCurve(labels: [0, 0], scores: [0.3, 0.6])
        #expect(pr.recalls == [1, 1, 0] && pr.precisions == [0, 0, 1] && pr.warnings == [.noPositiveLabels])
    }

    @Test("log-loss clips both columns at float64 epsilon")
    func logLossClipping() throws {
        let worst = -log(Double.ulpOfOne)  // a certain, wrong prediction
        #expect(isClose(try BinaryMetrics.logLoss(labels: [1], scores: [0]), worst))
        #expect(isClose(try BinaryMetrics.logLoss(labels: [0], scores: [1]), worst))
        #expect(isClose(try BinaryMetrics.logLoss(labels: [1], scores: [1]), -log1p(-Double.ulpOfOne)))
        #expect(isClose(try BinaryMetrics.logLoss(labels: [0, 1], scores: [0.25, 0.5]), (-log(0.75) - log(0.5)) / 2))
        #expect(try BinaryMetrics.brierScore(labels: [0, 1], scores: [0.25, 0.5]) == (0.0625 + 0.25) / 2)
    }

    @Test("threshold metrics: score == threshold is positive; zero-division gives 0")
    func thresholdMetrics() throws {
        let matrix = try ConfusionMatrix(labels: [0, 1, 1, 0], scores: [0.5, 0.5, 0.2, 0.1], threshold: 0.5)
        #expect(matrix == ConfusionMatrix(trueNegatives: 1, falsePositives: 1, falseNegatives: 1, truePositives: 1))
        #expect(matrix.rows == [[1, 1], [1, 1]] && matrix.total == 4)
        #expect(matrix.accuracy == 0.5 && matrix.precision == 0.5 && matrix.recall == 0.5 && matrix.f1 == 0.5)
        #expect(matrix.warnings.isEmpty)
        let none = try ConfusionMatrix(labels: [0, 1], predictions: [0, 0])
        #expect(none.precision == 0 && none.f1 == 0 && none.warnings == [.precisionNoPredictedPositives])
        let strict = try ConfusionMatrix(labels: [0, 1], scores: [0.3, 0.7], threshold: 0.8)
        #expect(strict.truePositives == 0 && strict.falseNegatives == 1)
    }

    @Test("bad input throws ExpCoreError at the boundary")
    func validation() {
        #expect(throws: ExpCoreError.shapeMismatch("labels has 2 elements but scores has 1")) {
            try BinaryMetrics.rocAUC(labels: [0, 1], scores: [0.5])
        }
        #expect(throws: ExpCoreError.self) { try BinaryMetrics.averagePrecision(labels: [], scores: []) }
        #expect(throws: ExpCoreError.invalidParameter(name: "labels", reason: "labels[1] = 2; binary labels must be 0 or 1")) {
            try BinaryMetrics.evaluate(labels: [0, 2], scores: [0.5, 0.5])
        }
        #expect(throws: ExpCoreError.nonFiniteInput(row: 1, column: 0)) {
            try ROCCurve(labels: [0, 1], scores: [0.5, .nan])
        }
        #expect(throws: ExpCoreError.nonFiniteInput(row: 0, column: 0)) {
            try PrecisionRecallCurve(labels: [0, 1], scores: [.infinity, 0.5])
        }
        #expect(throws: ExpCoreError.self) { try BinaryMetrics.logLoss(labels: [0, 1], scores: [0.5, 1.5]) }
        #expect(throws: ExpCoreError.self) { try BinaryMetrics.brierScore(labels: [0, 1], scores: [-0.1, 0.5]) }
        #expect(throws: ExpCoreError.self) { try ConfusionMatrix(labels: [0, 1], predictions: [0, -1]) }
        #expect(throws: ExpCoreError.self) { try ConfusionMatrix(labels: [0, 1], scores: [0.1, 0.2], threshold: .nan) }
        #expect(throws: ExpCoreError.self) { try BinaryMetrics.auc(x: [0, 1, 0.5], y: [0, 1, 1]) }
        // Ranking metrics accept any finite score (decision-function values).
        #expect(throws: Never.self) { try BinaryMetrics.rocAUC(labels: [0, 1], scores: [-3, 7]) }
        #expect((try? BinaryMetrics.auc(x: [1, 0.5, 0], y: [1, 1, 1])) == 1)
    }

    @Test("MetricSet: ordered names, lookup, directions, Codable round trip with NaN")
    func metricSetAPI() throws {
        let set = try BinaryMetrics.evaluate(labels: [0, 0, 1], scores: [0.1, 0.6, 0.8])
        #expect(set.names == BinaryMetric.allCases.map(\.name) && set.count == 8)
        #expect(set[name: "roc_auc"] == 1 && set[name: "no_such_metric"] == nil)
        #expect(set.entries.map(\.name) == set.names)
        let lowerIsBetter = BinaryMetric.allCases.filter { $0.direction == .lowerIsBetter }
        #expect(lowerIsBetter == [.logLoss, .brier])
        #expect(MetricDirection.higherIsBetter.isBetter(0.9, than: 0.8))
        #expect(!MetricDirection.higherIsBetter.isBetter(0.8, than: 0.8))
        #expect(MetricDirection.lowerIsBetter.isBetter(0.1, than: 0.2))
        #expect(MetricDirection.lowerIsBetter.isBetter(5, than: .nan))
        #expect(!MetricDirection.higherIsBetter.isBetter(.nan, than: 0.1))

        let undefined = try BinaryMetrics.evaluate(labels: [1, 1], scores: [0.3, 0.6])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // key order is otherwise unspecified
        let data = try encoder.encode(undefined)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#"{"name":"roc_auc","value":null}"#) && text.contains(#""roc_auc_single_class""#))
        let decoded = try JSONDecoder().decode(MetricSet.self, from: data)
        #expect(decoded == undefined)
        #expect(decoded[.rocAUC]?.isNaN == true)
        #expect(decoded != set)
        let duplicate = Data(#"{"metrics":[{"name":"f1","value":1},{"name":"f1","value":0}]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MetricSet.self, from: duplicate) }
        #expect(MetricWarning.allCases.allSatisfy { !$0.message.isEmpty })
    }

    @Test("public metric types are Sendable")
    func sendable() throws {
        let values: [any Sendable] = [
            try BinaryMetrics.evaluate(labels: [0, 1], scores: [0.2, 0.8]),
            try ConfusionMatrix(labels: [0, 1], predictions: [0, 1]),
            try ROCCurve(labels: [0, 1], scores: [0.2, 0.8]),
            try PrecisionRecallCurve(labels: [0, 1], scores: [0.2, 0.8]),
            BinaryMetric.f1, MetricDirection.higherIsBetter, MetricWarning.f1NoPositives,
        ]
        #expect(values.count == 7)
    }
}
