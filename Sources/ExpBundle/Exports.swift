// A bundle manifest records hyper-parameters as ExpDomain's `JSONValue` (the one JSON value of
// exp), so every client of the bundle API sees the domain model too: `import ExpBundle` is enough
// to read `manifest.training.parameters`.
@_exported public import ExpDomain
