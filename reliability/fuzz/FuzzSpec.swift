// libFuzzer target: the sweep spec parser (YAML through Yams, then every key and value check),
// the data-dependent validation and trial materialisation.
//
// Every input must either parse or throw a `SpecError`; a trap, a sanitizer report, another
// error type or a hang (libFuzzer -timeout) is a bug.
import ExpRunner

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpec(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // `exp sweep` refuses a spec that is not UTF-8 before parsing (SweepSpec.load).
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    do {
        let spec = try SweepSpec.parse(yaml: text, file: "fuzz.yaml", baseDirectory: "/nonexistent")
        _ = spec.canonicalJSON
        _ = spec.specHash
        // The built-in data: 95 features; a small and a large minority class.
        try spec.validate(featureCount: 95, minorityCount: 40)
        // Materialising is bounded by the parser (grid and random sizes), but large sweeps are
        // slow under ASan; materialise the small ones only.
        if spec.search.method == .random ? (spec.search.trials ?? 0) <= 2_000 : gridSize(spec) <= 2_000 {
            let trials = try spec.materializeTrials()
            precondition(trials.map(\.number) == Array(0..<trials.count), "trial numbers are not 0..<n")
            precondition(Set(trials.map(\.cellHash)).count == trials.count, "two trials share a cell")
        }
    } catch is SpecError {
        // Refused with a located error: fine.
    } catch {
        fatalError("unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}

private func gridSize(_ spec: SweepSpec) -> Int {
    var size = 1
    for parameter in spec.search.parameters {
        guard case let .values(list) = parameter.domain else { return .max }
        let (product, overflow) = size.multipliedReportingOverflow(by: list.count)
        if overflow { return .max }
        size = product
    }
    return size
}
