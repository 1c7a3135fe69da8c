import Testing
@testable import ExpCore

/// tomek.json: neighbour indices and Tomek links are exact; SMOTE is checked by its properties
/// (imblearn's numpy stream cannot be reproduced).
@Suite("Resampling: nearest neighbours, SMOTE, Tomek links")
struct ResamplingTests {
    static func data() throws -> (Matrix<Double>, [Int], [String: Any]) {
        let fixture = try ReferenceFixture.load("tomek")
        let data = try #require(fixture["data"] as? [String: Any])
        return (Matrix(ReferenceFixture.matrix(data["X"])), ReferenceFixture.ints(data["y"]), fixture)
    }

    @Test func nearestNeighbourExcludingSelf() throws {
        let (x, _, fixture) = try Self.data()
        #expect(NearestNeighbors.nearestNeighbor(of: x) == ReferenceFixture.ints(fixture["nearest_neighbour_excluding_self"]))
    }

    @Test func minorityFiveNearestNeighbours() throws {
        let (x, y, fixture) = try Self.data()
        let knn = try #require(fixture["minority_knn"] as? [String: Any])
        let minority = ReferenceFixture.ints(knn["minority_global_indices"])
        #expect(minority == y.indices.filter { y[$0] == 1 })
        let expected = (knn["indices_within_minority"] as? [Any] ?? []).map { Array(ReferenceFixture.ints($0).dropFirst()) }
        #expect(NearestNeighbors.kNeighbors(of: x.gatheringRows(minority), k: 5) == expected)
    }

    @Test func tomekLinksAndBothStrategies() throws {
        let (x, y, fixture) = try Self.data()
        let pairs = (fixture["tomek_pairs"] as? [Any] ?? []).map { ReferenceFixture.ints($0) }
        #expect(TomekLinks.links(x, labels: y).map { [$0.0, $0.1] } == pairs)
        let all = try #require(fixture["tomek_all"] as? [String: Any])
        #expect(TomekLinks(strategy: .all).keptIndices(x, labels: y) == ReferenceFixture.ints(all["sample_indices_"]))
        let auto = try #require(fixture["tomek_auto"] as? [String: Any])
        #expect(TomekLinks(strategy: .notMinority).keptIndices(x, labels: y) == ReferenceFixture.ints(auto["sample_indices_"]))
    }

    /// Every synthetic row lies on a segment between a minority row and one of its 5 neighbours.
    @Test func smoteCountsAndSegments() throws {
        let (x, y, _) = try Self.data()
        var g = SeededGenerator(seed: 0)
        let out = try SMOTE().fitResample(x, labels: y, generator: &g)
        #expect(out.features.rows == 128 && out.syntheticCount == 48)
        #expect(out.labels.filter { $0 == 1 }.count == 64 && out.labels.filter { $0 == 0 }.count == 64)
        #expect(Array(out.features.elements.prefix(x.elements.count)) == x.elements)  // inputs unchanged, first
        let minorityRows = y.indices.filter { y[$0] == 1 }
        let minority = x.gatheringRows(minorityRows)
        let neighbours = NearestNeighbors.kNeighbors(of: minority, k: 5)
        for s in 80..<128 {
            let p = Array(out.features.row(s))
            var best = Double.infinity
            for i in 0..<minority.rows {
                for j in neighbours[i] {
                    best = min(best, distanceToSegment(p, Array(minority.row(i)), Array(minority.row(j))))
                }
            }
            #expect(best < 1e-12, "synthetic row \(s) is \(best) from every valid segment")
        }
    }

    func distanceToSegment(_ p: [Double], _ a: [Double], _ b: [Double]) -> Double {
        let ab = zip(b, a).map { $0 - $1 }, ap = zip(p, a).map { $0 - $1 }
        let denom = ab.reduce(0) { $0 + $1 * $1 }
        let t = denom == 0 ? 0 : min(max(zip(ap, ab).reduce(0) { $0 + $1.0 * $1.1 } / denom, 0), 1)
        return zip(p, zip(a, ab)).reduce(0) { acc, e in
            let d = e.0 - (e.1.0 + t * e.1.1)
            return acc + d * d
        }.squareRoot()
    }

    @Test func smoteTomekIsTomekAllOnTheOversampledData() throws {
        let (x, y, _) = try Self.data()
        var g1 = SeededGenerator(seed: 4), g2 = SeededGenerator(seed: 4)
        let combined = try SMOTETomek().fitResample(x, labels: y, generator: &g1)
        let over = try SMOTE().fitResample(x, labels: y, generator: &g2)
        let kept = TomekLinks(strategy: .all).keptIndices(over.features, labels: over.labels)
        #expect(combined.features == over.features.gatheringRows(kept))
        #expect(combined.labels == kept.map { over.labels[$0] })
        #expect(combined.removedCount == over.features.rows - kept.count && combined.removedCount % 2 == 0)
    }

    @Test func smoteRejectsTooFewMinorityRowsAndSingleClass() {
        var g = SeededGenerator(seed: 1)
        let x = Matrix<Double>(rows: 10, columns: 2, elements: (0..<20).map(Double.init))
        #expect(throws: ExpCoreError.self) {
            try SMOTE().fitResample(x, labels: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], generator: &g)
        }
        #expect(throws: ExpCoreError.singleClass(label: 0)) {
            try SMOTE().fitResample(x, labels: Array(repeating: 0, count: 10), generator: &g)
        }
    }

    @Test func resamplingIsDeterministicPerSeed() throws {
        let (x, y, _) = try Self.data()
        var a = SeededGenerator(seed: 8), b = SeededGenerator(seed: 8), c = SeededGenerator(seed: 9)
        let ra = try ResamplingMethod.smoteTomek.apply(x, labels: y, generator: &a)
        #expect(ra == (try ResamplingMethod.smoteTomek.apply(x, labels: y, generator: &b)))
        #expect(ra != (try ResamplingMethod.smoteTomek.apply(x, labels: y, generator: &c)))
    }
}

@Suite("Nearest-neighbour kernel")
struct NearestNeighborKernelTests {
    /// The blocked symmetric kernel equals the simple exact search on awkward sizes, duplicates and ties.
    @Test(arguments: [(2, 1), (3, 2), (9, 5), (17, 3), (64, 20), (131, 7)])
    func blockedKernelEqualsSimpleSearch(_ shape: (Int, Int)) {
        let (n, d) = shape
        var g = SeededGenerator(seed: UInt64(n * 31 + d))
        var values = (0..<(n * d)).map { _ in (g.uniform(-2, 2) * 4).rounded() / 4 }  // coarse grid: many ties
        if n > 4 { for f in 0..<d { values[3 * d + f] = values[1 * d + f] } }     // an exact duplicate
        let x = Matrix(rows: n, columns: d, elements: values)
        #expect(NearestNeighbors.nearestNeighbor(of: x) == NearestNeighbors.kNeighbors(of: x, k: 1).map { $0[0] })
    }
}
