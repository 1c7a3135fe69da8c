/// The cumulative true- and false-positive counts at every distinct score, from the highest score
/// down: the single sort that every ranking metric and curve in `Metrics/` is built on.
///
/// scikit-learn: `confusion_matrix_at_thresholds` (formerly `_binary_clf_curve`) in
/// `sklearn/metrics/_ranking.py`. sklearn sorts the scores in decreasing order, keeps the last
/// index of each run of equal scores and takes cumulative sums there. Here the positive and the
/// negative scores are sorted separately and merged, which gives the same counts, because only the
/// cumulative count at the end of each run of equal scores is kept, so the order inside a run never
/// matters. Counts are exact integers, as in sklearn (which holds them in float64 without
/// rounding).
///
/// Inputs are assumed valid (labels in {0, 1}, finite scores, at least one sample): callers
/// validate them first with ``BinaryMetrics/checkInputs(labels:scores:requireProbabilities:)``.
struct BinaryClassifierCurve: Sendable {
    /// The distinct scores, strictly decreasing (sklearn: `thresholds`).
    private(set) var thresholds: [Double] = []
    /// `truePositives[k]`: positives with `score >= thresholds[k]` (sklearn: `tps`).
    private(set) var truePositives: [Int] = []
    /// `falsePositives[k]`: negatives with `score >= thresholds[k]` (sklearn: `fps`).
    private(set) var falsePositives: [Int] = []
    /// The number of positive labels (sklearn: `tps[-1]`).
    let positives: Int
    /// The number of negative labels (sklearn: `fps[-1]`).
    let negatives: Int

    /// The number of distinct thresholds.
    var count: Int { thresholds.count }

    /// Builds the curve with one O(n log n) sort.
    init(labels: [Int], scores: [Double]) {
        precondition(labels.count == scores.count, "labels and scores differ in length")
        var positives = 0
        for label in labels { positives += label }
        self.positives = positives
        self.negatives = labels.count - positives

        var positiveScores: [Double] = []
        var negativeScores: [Double] = []
        positiveScores.reserveCapacity(positives)
        negativeScores.reserveCapacity(labels.count - positives)
        for i in labels.indices {
            if labels[i] == 1 {
                positiveScores.append(scores[i])
            } else {
                negativeScores.append(scores[i])
            }
        }
        positiveScores.sort(by: >)
        negativeScores.sort(by: >)

        // Merge the two decreasing lists, emitting one point per distinct score.
        var i = 0
        var j = 0
        while i < positiveScores.count || j < negativeScores.count {
            let threshold: Double
            if i < positiveScores.count && j < negativeScores.count {
                threshold = Swift.max(positiveScores[i], negativeScores[j])
            } else if i < positiveScores.count {
                threshold = positiveScores[i]
            } else {
                threshold = negativeScores[j]
            }
            while i < positiveScores.count && positiveScores[i] == threshold { i += 1 }
            while j < negativeScores.count && negativeScores[j] == threshold { j += 1 }
            thresholds.append(threshold)
            truePositives.append(i)
            falsePositives.append(j)
        }
    }

    /// Whether `roc_curve(drop_intermediate=True)` keeps point `k`: the end points always, and
    /// an inner point only where the second difference of `fps` or `tps` is non-zero (a corner).
    /// sklearn: `np.logical_or(np.diff(fps, 2), np.diff(tps, 2))`, applied only when there are
    /// more than two points.
    func rocKeepsPoint(_ k: Int, dropIntermediate: Bool) -> Bool {
        if !dropIntermediate || count <= 2 || k == 0 || k == count - 1 { return true }
        let fpsCurvature =
            (falsePositives[k + 1] - falsePositives[k]) - (falsePositives[k] - falsePositives[k - 1])
        let tpsCurvature =
            (truePositives[k + 1] - truePositives[k]) - (truePositives[k] - truePositives[k - 1])
        return fpsCurvature != 0 || tpsCurvature != 0
    }

    /// The area under the ROC curve with sklearn's intermediate points dropped, streamed without
    /// building the curve. NaN when either class is absent.
    ///
    /// The arithmetic is exactly that of ``ROCCurve/area``: rates `fps/N` and `tps/P`, then the
    /// trapezoid terms `(x[k] − x[k−1])·(y[k] + y[k−1])/2` summed in index order from (0, 0).
    func rocArea() -> Double {
        guard positives > 0 && negatives > 0 else { return .nan }
        let n = Double(negatives)
        let p = Double(positives)
        var area = 0.0
        var previousX = 0.0
        var previousY = 0.0
        for k in 0..<count where rocKeepsPoint(k, dropIntermediate: true) {
            let x = Double(falsePositives[k]) / n
            let y = Double(truePositives[k]) / p
            area += BinaryMetrics.trapezoid(x0: previousX, x1: x, y0: previousY, y1: y)
            previousX = x
            previousY = y
        }
        return area
    }

    /// Precision at point `k`: `tps / (tps + fps)`, or 0 where nothing is predicted positive
    /// (which cannot happen at a threshold taken from the scores, but sklearn guards it).
    func precision(at k: Int) -> Double {
        let predicted = truePositives[k] + falsePositives[k]
        return predicted == 0 ? 0 : Double(truePositives[k]) / Double(predicted)
    }

    /// Recall at point `k`: `tps / P`, or 1 when there are no positives (sklearn sets recall to
    /// one for all thresholds then, with a warning).
    func recall(at k: Int) -> Double {
        positives == 0 ? 1 : Double(truePositives[k]) / Double(positives)
    }

    /// Average precision, sklearn's `max(0, −Σ diff(recall)·precision[:-1])` over the reversed
    /// precision–recall arrays, summed in the same index order (lowest threshold first).
    func averagePrecision() -> Double {
        var sum = 0.0
        var k = count - 1
        while k >= 0 {
            // Reversed position i = count − 1 − k: recall[i] is recall(k) and recall[i + 1] is
            // recall(k − 1), or the appended 0 after the highest threshold.
            let nextRecall = k > 0 ? recall(at: k - 1) : 0
            sum += (nextRecall - recall(at: k)) * precision(at: k)
            k -= 1
        }
        let ap = -sum
        // Python's max(0.0, x) returns +0.0 for x = -0.0; Swift.max would return -0.0.
        return ap > 0 ? ap : 0
    }
}
