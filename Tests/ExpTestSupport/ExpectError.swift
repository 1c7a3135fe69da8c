import Testing

/// Runs `body` and returns the error of type `E` it throws; records an issue at
/// `sourceLocation` (and returns nil) when it throws nothing or an error of another type, with
/// `comment` (what was run) appended to its message.
///
/// ```swift
/// #expect(expectError(StoreError.self) { try store.trials(limit: -1) }?.kind == .invalidArgument("…"))
/// let error = try #require(expectError(BundleError.self) { try BundleReader.read(bytes: bytes) })
/// ```
@discardableResult
public func expectError<E: Error, R>(_ type: E.Type, _ comment: String? = nil,
                                     sourceLocation: SourceLocation = #_sourceLocation,
                                     _ body: () throws -> R) -> E? {
    let context = comment.map { " for: \($0)" } ?? ""
    do {
        _ = try body()
        Issue.record("expected a \(E.self), nothing was thrown\(context)", sourceLocation: sourceLocation)
        return nil
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected a \(E.self), got \(error)\(context)", sourceLocation: sourceLocation)
        return nil
    }
}
