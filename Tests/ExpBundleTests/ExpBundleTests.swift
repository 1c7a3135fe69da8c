import Testing
@testable import ExpBundle
