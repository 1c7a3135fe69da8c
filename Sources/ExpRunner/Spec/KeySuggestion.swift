import ExpDomain
/// "Did you mean …?" for unknown keys: the closest valid key by optimal-string-alignment
/// distance (Levenshtein plus adjacent transpositions), if it is close enough to be a typo.
enum KeySuggestion {
    /// The closest of `candidates` to `name` if it is within `max(2, name.count / 3)` edits (and
    /// fewer edits than `name` has characters); else a candidate that starts with `name` or that
    /// `name` starts with (at least 3 characters); else nil.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(lowered, candidate.lowercased())
            if best.map({ d < $0.distance }) ?? true { best = (candidate, d) }
        }
        if let best, best.distance <= max(2, name.count / 3), best.distance < name.count { return best.name }
        // A key written in part (`learning_rate` for `learning_rate_init`) or with more (`maximum`).
        guard lowered.count >= 3 else { return nil }
        return candidates
            .filter { $0.count >= 3 && ($0.lowercased().hasPrefix(lowered) || lowered.hasPrefix($0.lowercased())) }
            .min { abs($0.count - name.count) < abs($1.count - name.count) }
    }

    /// The optimal-string-alignment distance between `a` and `b`, counted in characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d = min(d, previous2[j - 2] + 1)
                }
                current[j] = d
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }
}
