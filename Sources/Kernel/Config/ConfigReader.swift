import Foundation

/// Reads the kernel's own sections (`http`, `database`, ...) with errors that name the file,
/// the key and the value found. A null value counts as absent, so `${VAR:-}` in a plain
/// scalar falls back to the default.
struct ConfigReader {
    let path: String
    /// The dotted prefix for messages (`http`), empty at the top level.
    let prefix: String
    let node: ConfigNode

    /// A reader over the mapping at `key` of `parent` (absent or null reads as empty).
    init(path: String, section key: String, in parent: ConfigNode) throws(ConfigError) {
        self.path = path
        self.prefix = key
        let child = parent[key] ?? .emptyMapping()
        if child.isNull {
            self.node = .emptyMapping()
        } else if child.entries != nil {
            self.node = child
        } else {
            throw child.error(path: path, "`\(key)` must be a mapping of settings, found \(child.summary)")
        }
    }

    init(path: String, root: ConfigNode) {
        self.path = path
        self.prefix = ""
        self.node = root
    }

    func name(_ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix).\(key)"
    }

    /// The node at `key`, nil when absent or null.
    func value(_ key: String) -> ConfigNode? {
        guard let child = node[key], !child.isNull else { return nil }
        return child
    }

    /// An error located at `key`'s value (or at the section when the key is absent).
    func error(_ key: String, _ message: String) -> ConfigError {
        (node[key] ?? node).error(path: path, "`\(name(key))` \(message)")
    }

    /// Refuses keys the section does not know, so a typo is not silently ignored.
    func rejectUnknownKeys(_ known: [String]) throws(ConfigError) {
        for entry in node.entries ?? [] where !known.contains(entry.key) {
            let list = known.joined(separator: ", ")
            throw entry.node.error(
                path: path, "unknown setting `\(name(entry.key))`; check the spelling (known: \(list))")
        }
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let child = value(key) else { return nil }
        guard case .scalar(let text) = child.value else {
            throw error(key, "must be a string, found \(child.summary)")
        }
        return text
    }

    func string(_ key: String, default fallback: String) throws(ConfigError) -> String {
        try string(key) ?? fallback
    }

    /// A whole number; quoted numbers are accepted too, since values often come from `${VAR}`.
    func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let child = value(key) else { return fallback }
        guard case .scalar(let text) = child.value, let number = Int(configText: text) else {
            throw error(key, "must be a whole number, found \(child.summary)")
        }
        guard range.contains(number) else {
            throw error(key, "must be between \(range.lowerBound) and \(range.upperBound), found \(number)")
        }
        return number
    }

    /// A number of seconds (decimals allowed) within `range`. Every duration has one: a huge
    /// value overflows the clock types it becomes, and a tiny one would time out everything.
    func seconds(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let child = value(key) else { return nil }
        guard case .scalar(let text) = child.value, let number = Double(configText: text) else {
            throw error(key, "must be a number of seconds, found \(child.summary)")
        }
        guard range.contains(number) else {
            throw error(
                key,
                "must be between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound)) seconds, "
                    + "found \(text)")
        }
        return number
    }

    func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let child = value(key) else { return fallback }
        guard case .scalar(let text) = child.value, let flag = Bool(configText: text) else {
            throw error(key, "must be true or false, found \(child.summary)")
        }
        return flag
    }

    /// A list of strings, written as a YAML list or as one comma-separated string (handy with
    /// `${VAR}`); blank items are dropped.
    func stringList(_ key: String) throws(ConfigError) -> [String]? {
        guard let child = value(key) else { return nil }
        switch child.value {
        case .scalar(let text):
            return text.split(separator: ",").map { Self.trim($0) }.filter { !$0.isEmpty }
        case .sequence(let items):
            var result: [String] = []
            for item in items {
                guard case .scalar(let text) = item.value, !item.isNull else {
                    throw item.error(path: path, "`\(name(key))` must list strings, found \(item.summary)")
                }
                result.append(Self.trim(text))
            }
            return result
        case .mapping:
            throw error(key, "must be a list such as [a, b] or a comma-separated string, found a mapping")
        }
    }
}

extension ConfigReader {
    /// `text` without surrounding whitespace.
    static func trim(_ text: some StringProtocol) -> String {
        String(text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A bound as a person writes it: `86400`, not `86400.0`.
    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
