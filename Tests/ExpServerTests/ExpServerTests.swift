import Testing
@testable import ExpServer
