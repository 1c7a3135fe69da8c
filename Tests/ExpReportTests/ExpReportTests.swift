import Testing
@testable import ExpReport
