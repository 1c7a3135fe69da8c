/// A dense row-major matrix of a ``KernelScalar``, stored in one contiguous array
/// (copy-on-write through `Array`). Missing values, where a caller allows them, are NaN.
public struct Matrix<Scalar: KernelScalar>: Sendable, Equatable, Codable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    /// Row-major elements: element (i, j) is at `i * columns + j`.
    public var elements: [Scalar]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "negative dimension")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major elements; `elements.count` must be `rows * columns`.
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns, "shape mismatch")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from nested rows, which must all have the same length.
    public init(_ nested: [[Scalar]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: nested.count, columns: columns, elements: nested.flatMap { $0 })
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// Row `i` as a slice of ``elements``.
    @inlinable
    public func row(_ i: Int) -> ArraySlice<Scalar> {
        elements[(i * columns)..<((i + 1) * columns)]
    }

    /// Column `j` as a new array.
    public func column(_ j: Int) -> [Scalar] {
        (0..<rows).map { elements[$0 * columns + j] }
    }

    /// The nested-array form, row by row.
    public var nestedRows: [[Scalar]] { (0..<rows).map { Array(row($0)) } }

    /// The rows at `indices`, in that order (numpy: `X[indices]`).
    public func gatheringRows(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, columns: columns)
        RowKernels.gatherRows(elements, sourceRows: rows, columns: columns, indices: indices, into: &out.elements)
        return out
    }

    /// The columns at `indices`, in that order (numpy: `X[:, indices]`).
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: rows, columns: indices.count)
        for i in 0..<rows {
            for (c, j) in indices.enumerated() {
                precondition(j >= 0 && j < columns, "column index out of range")
                out.elements[i * indices.count + c] = elements[i * columns + j]
            }
        }
        return out
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var out = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { out.elements[j * rows + i] = elements[i * columns + j] }
        }
        return out
    }

    /// Rows of `self` followed by the rows of `other` (numpy: `vstack`).
    public func appendingRows(_ other: Matrix) -> Matrix {
        precondition(other.columns == columns || rows == 0, "column count mismatch")
        return Matrix(rows: rows + other.rows, columns: other.columns, elements: elements + other.elements)
    }

    /// The same values converted to another scalar type.
    public func converted<Other: KernelScalar>(to: Other.Type = Other.self) -> Matrix<Other> {
        Matrix<Other>(rows: rows, columns: columns, elements: elements.map { Other(rounding: $0.doubleValue) })
    }
}
