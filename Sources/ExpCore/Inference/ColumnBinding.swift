/// How the columns a user supplies map onto a model's input schema, matched by name.
///
/// Order does not matter; extra columns are ignored (and reported, so a caller can warn); a missing
/// or duplicated schema column is an error that names it.
public struct ColumnBinding: Sendable, Equatable {
    /// For each schema column, in schema order, its index among the supplied columns.
    public let sourceIndices: [Int]
    /// Supplied columns the schema does not use, in supplied order.
    public let ignoredColumns: [String]

    /// - Throws: ``ExpCoreError/missingColumns(_:)`` or ``ExpCoreError/duplicateColumns(_:)``.
    public init(supplied: [String], schema: [String]) throws {
        var position: [String: Int] = [:]
        var duplicates: [String] = []
        for (i, name) in supplied.enumerated() {
            if position[name] != nil {
                if !duplicates.contains(name) { duplicates.append(name) }
            } else {
                position[name] = i
            }
        }
        let wanted = Set(schema)
        let duplicatedWanted = duplicates.filter { wanted.contains($0) }
        if !duplicatedWanted.isEmpty { throw ExpCoreError.duplicateColumns(duplicatedWanted) }
        let missing = schema.filter { position[$0] == nil }
        if !missing.isEmpty { throw ExpCoreError.missingColumns(missing) }
        sourceIndices = schema.compactMap { position[$0] }
        var seen = Set<String>()
        ignoredColumns = supplied.filter { !wanted.contains($0) && seen.insert($0).inserted }
    }

    /// The supplied rows rearranged into schema order.
    public func arrange(_ rows: Matrix<Double>) -> Matrix<Double> {
        rows.selectingColumns(sourceIndices)
    }
}
