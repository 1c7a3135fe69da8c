import ExpDomain
import Testing

@Suite("One name rule for sweeps, models and aliases")
struct ResourceNameTests {
    @Test(arguments: ["a", "bankruptcy-mlp", "fraud.v2", "X_1", "7days", String(repeating: "n", count: 100)])
    func validNames(name: String) {
        for kind in ResourceName.Kind.allCases {
            #expect(ResourceName.isValid(name, as: kind), "\(name) as \(kind)")
        }
    }

    @Test func allDigitNamesAreModelsButNotSweeps() throws {
        #expect(ResourceName.isValid("2024", as: .model))
        #expect(ResourceName.isValid("2024", as: .alias))
        #expect(throws: DomainError.self) { try ResourceName.validate("2024", as: .sweep) }
        #expect(ResourceName.problem(with: "2024", as: .sweep)?.contains("a number names a sweep by its ID") == true)
    }

    @Test func eachBrokenRuleIsNamed() {
        #expect(ResourceName.problem(with: "", as: .model) == "a model name cannot be empty")
        #expect(ResourceName.problem(with: "-x", as: .model) == "a model name starts with a letter or a digit")
        #expect(ResourceName.problem(with: ".x", as: .sweep) == "a sweep name starts with a letter or a digit")
        #expect(ResourceName.problem(with: "a b", as: .alias) == "an alias uses only letters, digits, '.', '_' and '-'")
        #expect(ResourceName.problem(with: "é", as: .model) == "a model name starts with a letter or a digit")
        let long = String(repeating: "n", count: 128)
        #expect(ResourceName.problem(with: long, as: .model) == "a model name has at most 100 characters (this one has 128)")
    }

    @Test func errorDescriptionNamesTheKindAndTheName() {
        let error = DomainError.invalidName(kind: .model, name: "a b", reason: "r")
        #expect(error.description == "invalid model name 'a b': r")
        #expect(DomainError.invalidName(kind: .alias, name: "x y", reason: "r").description == "invalid alias 'x y': r")
    }
}
