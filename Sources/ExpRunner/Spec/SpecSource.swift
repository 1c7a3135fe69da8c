import ExpDomain
/// Where a ``SweepSpec`` came from: the file name and the place of every key and value in it,
/// so that checks made after parsing (``SweepSpec/validate(featureCount:minorityCount:)``) can
/// still name the line.
///
/// Key paths use dots for mapping keys and `[i]` for list elements, e.g. `model.alpha`,
/// `search.parameters.k_best[2]`, `search.parameters.alpha.max`. A scalar's location is the
/// value's; a list's or mapping's location is its key's.
public struct SpecSource: Sendable, Equatable, Codable {
    /// The spec file path as given to ``SweepSpec/load(contentsOf:)``, or the name passed to
    /// ``SweepSpec/parse(yaml:file:baseDirectory:)``.
    public var file: String
    /// The location of every key path that was parsed.
    public var locations: [String: SpecLocation]

    public init(file: String, locations: [String: SpecLocation] = [:]) {
        self.file = file
        self.locations = locations
    }

    /// The location of `keyPath`, if it appears in the file.
    public func location(of keyPath: String) -> SpecLocation? {
        locations[keyPath]
    }

    /// An error at `keyPath`, located if the key path appears in the file.
    func error(_ keyPath: String, _ message: String) -> SpecError {
        SpecError(file: file, location: locations[keyPath], keyPath: keyPath, message: message)
    }
}
