import ExpDomain
/// Lexical path handling for spec files (no file-system access, symbolic links not followed).
enum SpecPath {
    /// The directory part of `path`: `experiments/x.yaml` → `experiments`, `x.yaml` → `.`,
    /// `/x.yaml` → `/`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// `path` resolved against `base` unless it is absolute, with `.` and `..` removed
    /// lexically: `../../shared/d.csv` against `/work/main/experiments` is `/work/shared/d.csv`,
    /// against `experiments` it is `../shared/d.csv`.
    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? normalize(path) : normalize(base + "/" + path)
    }

    /// Removes empty and `.` components and folds `name/..`; leading `..` of a relative path stay.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
