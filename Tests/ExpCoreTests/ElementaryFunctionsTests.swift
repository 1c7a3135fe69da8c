import ExpTestSupport
import Foundation
import Testing
@testable import ExpCore

@Suite("Elementary functions (machine-independent exp/log)")
struct ElementaryFunctionsTests {
    /// Distance in units in the last place.
    func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return (a - b).magnitude / b.ulp
    }

    var samples: [Double] {
        var rng = SeededGenerator(seed: 7)
        var xs: [Double] = []
        for _ in 0..<20_000 { xs.append(rng.uniform(-745, 709)) }
        for _ in 0..<20_000 { xs.append(rng.uniform(-1, 1)) }
        for _ in 0..<5_000 { xs.append(rng.uniform(-1e-6, 1e-6)) }
        return xs
    }

    @Test func expIsWithinOneUlpOfLibm() {
        var worst = 0.0
        for x in samples {
            let e = Foundation.exp(x)
            if e == 0 || !e.isNormal { continue }
            worst = max(worst, ulps(ElementaryFunctions.exp(x), e))
        }
        #expect(worst <= 1, "worst error \(worst) ulp")
    }

    @Test func logIsWithinOneUlpOfLibm() {
        var rng = SeededGenerator(seed: 8)
        var worst = 0.0
        for _ in 0..<50_000 {
            let x = Foundation.exp(rng.uniform(-700, 700))
            worst = max(worst, ulps(ElementaryFunctions.log(x), Foundation.log(x)))
        }
        for _ in 0..<20_000 {
            let x = rng.uniform(0.5, 2)
            worst = max(worst, ulps(ElementaryFunctions.log(x), Foundation.log(x)))
        }
        #expect(worst <= 1, "worst error \(worst) ulp")
    }

    @Test func specialValues() {
        #expect(ElementaryFunctions.exp(0) == 1)
        #expect(ElementaryFunctions.exp(.infinity) == .infinity)
        #expect(ElementaryFunctions.exp(-.infinity) == 0)
        #expect(ElementaryFunctions.exp(.nan).isNaN)
        #expect(ElementaryFunctions.exp(710) == .infinity)
        #expect(ElementaryFunctions.exp(-746) == 0)
        #expect(ElementaryFunctions.exp(-740) > 0)  // gradual underflow
        #expect(ElementaryFunctions.log(1) == 0)
        #expect(ElementaryFunctions.log(0) == -.infinity)
        #expect(ElementaryFunctions.log(-1).isNaN)
        #expect(ElementaryFunctions.log(.infinity) == .infinity)
        #expect(ElementaryFunctions.log(Double.leastNonzeroMagnitude) == Foundation.log(Double.leastNonzeroMagnitude))
        #expect(ElementaryFunctions.tanh(30) == 1 && ElementaryFunctions.tanh(-30) == -1)
        #expect(ElementaryFunctions.logistic(-800) == 0 && ElementaryFunctions.logistic(800) == 1)
    }

    @Test func derivedFunctionsAreAccurate() {
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<20_000 {
            let x = rng.uniform(-3, 3) * Foundation.exp(rng.uniform(-20, 0))
            #expect(isClose(ElementaryFunctions.tanh(x), Foundation.tanh(x), relative: 4e-16))
            #expect(isClose(ElementaryFunctions.expm1(x), Foundation.expm1(x), relative: 4e-16))
            if x > -1 { #expect(isClose(ElementaryFunctions.log1p(x), Foundation.log1p(x), relative: 4e-16)) }
            #expect(isClose(ElementaryFunctions.logistic(x), 1 / (1 + Foundation.exp(-x)), relative: 4e-16))
        }
        #expect(ElementaryFunctions.pow(0.999, 10) == 0.999 * 0.999 * 0.999 * 0.999 * 0.999 * 0.999 * 0.999 * 0.999 * 0.999 * 0.999
                || isClose(ElementaryFunctions.pow(0.999, 10), Foundation.pow(0.999, 10), relative: 1e-15))
        #expect(isClose(ElementaryFunctions.pow(0.9, 1000), Foundation.pow(0.9, 1000), relative: 1e-13))
    }
}
