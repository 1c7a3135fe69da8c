import ExpCore

func gflops<S: KernelScalar>(_ t: S.Type, m: Int, k: Int, n: Int, ta: Bool, tb: Bool) -> Double {
    var rng = SeededGenerator(seed: 1)
    let a = Matrix<S>(rows: ta ? k : m, columns: ta ? m : k, elements: (0..<(m*k)).map { _ in S(rng.uniform(-1, 1)) })
    let b = Matrix<S>(rows: tb ? n : k, columns: tb ? k : n, elements: (0..<(k*n)).map { _ in S(rng.uniform(-1, 1)) })
    var c = Matrix<S>(rows: m, columns: n)
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<9 {
        let reps = 200
        let t0 = clock.now
        for _ in 0..<reps { GEMM.multiply(a, transposeA: ta, b, transposeB: tb, into: &c) }
        let d = clock.now - t0
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        best = min(best, s / Double(reps))
    }
    precondition(c == GEMM.reference(a, transposeA: ta, b, transposeB: tb))
    return 2.0 * Double(m * n * k) / best / 1e9
}
for (m,k,n,ta,tb) in [(200,50,100,false,false),(200,100,50,false,false),(100,200,50,true,false),(50,200,100,true,false),(200,50,100,false,true),(256,256,256,false,false)] {
    print(m,k,n,ta,tb, "f64", gflops(Double.self, m:m,k:k,n:n,ta:ta,tb:tb), "f32", gflops(Float.self, m:m,k:k,n:n,ta:ta,tb:tb))
}
