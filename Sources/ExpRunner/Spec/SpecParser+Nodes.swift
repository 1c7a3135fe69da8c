import ExpDomain
import Yams

/// Reading typed values out of Yams nodes, with errors that name the key path and line.
extension SpecParser {
    /// Where each key is valid, for "belongs under …" hints on misplaced keys.
    static let homes: [String: String] = {
        var homes: [String: String] = [:]
        for k in dataKeys { homes[k] = "data." + k }
        for k in cvKeys { homes[k] = "cv." + k }
        for k in searchKeys { homes[k] = "search." + k }
        for k in ParameterKey.allSpellings { homes[k] = "model." + k + " or search.parameters." + k }
        for k in topKeys { homes[k] = k + " (at the top level)" }
        return homes
    }()

    /// The first document of `yaml`, with Yams' errors turned into ``SpecError``s.
    func compose(_ yaml: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            throw convert(e)
        }
    }

    func convert(_ e: YamlError) -> SpecError {
        switch e {
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return SpecError(file: file, location: Self.location(context.mark), keyPath: duplicates.first ?? "",
                             message: "key \(keys) appears more than once in the same mapping")
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return SpecError(file: file, location: Self.location(mark), keyPath: "", message: "invalid YAML: \(problem)\(detail)")
        case let .reader(problem, _, _, _):
            return SpecError(file: file, keyPath: "", message: "invalid YAML: \(problem)")
        default:
            return SpecError(file: file, keyPath: "", message: "invalid YAML: \(e)")
        }
    }

    // MARK: - Mappings

    /// The entries of the mapping `node`, in order, after checking that every key is one of
    /// `allowed`. Records each entry's location.
    mutating func fields(
        of node: Node, at path: String, allowed: [String], expectation: String = "a mapping of keys",
        nullIsEmpty: Bool = false
    ) throws -> [Field] {
        if nullIsEmpty, Self.isNull(node) { return [] }
        guard case let .mapping(mapping) = node else {
            throw error(path, "expected \(expectation), got \(Self.gotText(node))")
        }
        var result: [Field] = []
        for (keyNode, value) in mapping {
            let keyLocation = Self.location(keyNode.mark)
            guard case let .scalar(keyScalar) = keyNode else {
                throw SpecError(file: file, location: keyLocation, keyPath: path, message: "keys must be plain words")
            }
            let name = keyScalar.string
            let fieldPath = path.isEmpty ? name : path + "." + name
            guard allowed.contains(name) else {
                throw SpecError(file: file, location: keyLocation, keyPath: fieldPath,
                                message: Self.unknownKey(name, allowed: allowed))
            }
            if case .scalar = value {
                locations[fieldPath] = Self.location(value.mark)
            } else {
                locations[fieldPath] = keyLocation
            }
            result.append(Field(name: name, path: fieldPath, keyLocation: keyLocation, value: value))
        }
        return result
    }

    /// "unknown key 'alpah'; did you mean 'alpha'?"
    static func unknownKey(_ name: String, allowed: [String]) -> String {
        var text = "unknown key '\(name)'"
        if let suggestion = KeySuggestion.closest(to: name, among: allowed) {
            text += "; did you mean '\(suggestion)'?"
        } else if let home = homes[name] {
            text += "; '\(name)' belongs under \(home)"
        } else {
            text += "; valid keys here: " + allowed.joined(separator: ", ")
        }
        return text
    }

    /// "unknown metric 'auc'; expected one of …"
    static func unknownWord(_ word: String, expected: [String], what: String) -> String {
        var text = "unknown \(what) '\(word)'; expected one of " + expected.joined(separator: ", ")
        if let suggestion = KeySuggestion.closest(to: word, among: expected) {
            text += " (did you mean '\(suggestion)'?)"
        }
        return text
    }

    // MARK: - Scalars

    /// The text of a scalar that is not null.
    func scalarText(_ node: Node, path: String, expectation: String) throws -> String {
        guard case let .scalar(scalar) = node, !Self.isNull(node) else {
            throw error(path, "expected \(expectation), got \(Self.gotText(node))")
        }
        return scalar.string
    }

    /// The text of a scalar, or nil for null.
    func optionalText(_ node: Node, path: String) throws -> String? {
        if Self.isNull(node) { return nil }
        return try scalarText(node, path: path, expectation: "a single value")
    }

    func integer(_ node: Node, path: String, minimum: Int) throws -> Int {
        let kind = ParameterKind.integer(minimum: minimum)
        guard case let .int(n)? = kind.normalized(try rawValue(node, path: path, kind: kind)) else {
            throw error(path, "expected \(kind.expectation), got \(Self.gotText(node))")
        }
        return n
    }

    func real(_ node: Node, path: String, bounds: RealBounds) throws -> Double {
        let kind = ParameterKind.real(bounds)
        guard case let .double(d)? = kind.normalized(try rawValue(node, path: path, kind: kind)) else {
            throw error(path, "expected \(kind.expectation), got \(Self.gotText(node))")
        }
        return d
    }

    func boolean(_ node: Node, path: String) throws -> Bool {
        guard case let .bool(b) = try rawValue(node, path: path, kind: .boolean) else {
            throw error(path, "expected true or false, got \(Self.gotText(node))")
        }
        return b
    }

    /// The value of `key` in `node`, normalised and checked against the key's domain.
    func parameterValue(_ key: ParameterKey, _ node: Node, path: String) throws -> ParameterValue {
        let raw = try rawValue(node, path: path, kind: key.kind)
        guard let value = key.normalized(raw) else {
            if case let .choice(words) = key.kind, case let .string(word) = raw {
                throw error(path, Self.unknownWord(word, expected: words, what: "value"))
            }
            throw error(path, "expected \(key.kind.expectation), got \(Self.gotText(node))")
        }
        return value
    }

    /// A node as an unchecked value: scalars by their resolved YAML tag (words for `.choice`
    /// kinds, whatever the tag), lists of integers for `.layerSizes`.
    func rawValue(_ node: Node, path: String, kind: ParameterKind) throws -> ParameterValue {
        switch node {
        case let .scalar(scalar):
            if Self.isNull(node) { throw error(path, "expected \(kind.expectation), got nothing") }
            if case .choice = kind { return .string(scalar.string) }
            switch node.tag.rawValue {
            case Tag.Name.int.rawValue:
                return Int.construct(from: scalar).map { .int($0) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue:
                return Double.construct(from: scalar).map { .double($0) } ?? .string(scalar.string)
            case Tag.Name.bool.rawValue:
                return Bool.construct(from: scalar).map { .bool($0) } ?? .string(scalar.string)
            default:
                return .string(scalar.string)
            }
        case let .sequence(items):
            guard kind == .layerSizes else {
                throw error(path, "expected \(kind.expectation), got \(Self.gotText(node))")
            }
            var sizes: [Int] = []
            for (i, item) in items.enumerated() {
                guard case let .scalar(scalar) = item, item.tag.rawValue == Tag.Name.int.rawValue,
                      let n = Int.construct(from: scalar)
                else {
                    throw SpecError(file: file, location: Self.location(item.mark) ?? locations[path],
                                    keyPath: "\(path)[\(i)]", message: "expected a positive integer, got \(Self.gotText(item))")
                }
                sizes.append(n)
            }
            return .intList(sizes)
        default:
            throw error(path, "expected \(kind.expectation), got \(Self.gotText(node))")
        }
    }

    // MARK: - Errors and locations

    /// An error at the recorded location of `path`.
    func error(_ path: String, _ message: String) -> SpecError {
        SpecError(file: file, location: locations[path], keyPath: path, message: message)
    }

    /// "missing required key 'x'", at the key of the enclosing mapping.
    func missing(_ key: String, in path: String, at location: SpecLocation? = nil) -> SpecError {
        SpecError(file: file, location: location, keyPath: path.isEmpty ? key : path + "." + key,
                  message: "missing required key '\(key)'")
    }

    /// Records `path`'s location also under `canonical` (a key spelled by an alias).
    mutating func alias(_ path: String, as canonical: String) {
        if path != canonical, let location = locations[path] { locations[canonical] = location }
    }

    static func location(_ mark: Mark?) -> SpecLocation? {
        mark.map { SpecLocation(line: $0.line, column: $0.column) }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node else { return false }
        return node.tag.rawValue == Tag.Name.null.rawValue && (scalar.style == .plain || scalar.style == .any)
    }

    /// The value as the user wrote it, for messages: `-1`, `"0.1"` (quoted text), `[64, 32]`,
    /// `a mapping`, `nothing`.
    ///
    /// At most about ``gotTextLimit`` characters: longer text and lists end in `…`. The bound
    /// matters for hostile specs: YAML aliases can nest a list a billion elements deep in a
    /// hundred bytes (the "billion laughs"), and rendering all of it would never finish.
    static func gotText(_ node: Node) -> String {
        var budget = gotTextLimit
        return gotText(node, budget: &budget)
    }

    /// The rough length limit of ``gotText(_:)``.
    static let gotTextLimit = 120

    private static func gotText(_ node: Node, budget: inout Int) -> String {
        switch node {
        case let .scalar(scalar):
            if isNull(node) { return "nothing" }
            var text = scalar.string
            if text.count > max(budget, 16) { text = String(text.prefix(max(budget, 16))) + "…" }
            budget -= text.count
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { return "\"\(text)\"" }
            return text
        case let .sequence(items):
            var parts: [String] = []
            budget -= 2
            for item in items {
                if budget <= 0 {
                    parts.append("…")
                    break
                }
                parts.append(gotText(item, budget: &budget))
                budget -= 2
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .mapping:
            budget -= 9
            return "a mapping"
        case .alias:
            budget -= 8
            return "an alias"
        }
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}
