extension ConfigNode {
    /// Expands `${VAR}` and `${VAR:-default}` in every scalar value (not in keys). An unset
    /// `${VAR}` expands to nothing; the default applies when the variable is unset or empty.
    /// A plain scalar stays plain, so `port: ${APP_PORT:-8000}` is still a number.
    func expandingEnvironment(_ environment: [String: String], path: String) throws(ConfigError) -> ConfigNode {
        var copy = self
        switch value {
        case .scalar(let text):
            guard text.contains("${") else { return self }
            var used: [String] = []
            do {
                copy.value = .scalar(try Self.expand(text, environment, used: &used))
            } catch {
                throw self.error(path: path, error.message)
            }
            if !used.isEmpty {
                copy.origin = "environment variable\(used.count > 1 ? "s" : "") \(used.joined(separator: ", "))"
            }
        case .sequence(let items):
            var expanded: [ConfigNode] = []
            for item in items { expanded.append(try item.expandingEnvironment(environment, path: path)) }
            copy.value = .sequence(expanded)
        case .mapping(let entries):
            var expanded: [Entry] = []
            for entry in entries {
                expanded.append(
                    Entry(key: entry.key, node: try entry.node.expandingEnvironment(environment, path: path)))
            }
            copy.value = .mapping(expanded)
        }
        return copy
    }

    struct ExpansionError: Error {
        var message: String
    }

    /// Expands the references in `text`; `used` collects the variables that were set and used.
    static func expand(_ text: String, _ environment: [String: String], used: inout [String]) throws(ExpansionError)
        -> String
    {
        var result = ""
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            result += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                throw ExpansionError(message: "unterminated `${` in \"\(text)\"; close it with `}`")
            }
            let reference = afterOpen[..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = reference.firstRange(of: ":-") {
                name = reference[..<separator.lowerBound]
                fallback = reference[separator.upperBound...]
            } else {
                name = reference
                fallback = nil
            }
            guard isVariableName(name) else {
                throw ExpansionError(
                    message: "`${\(reference)}` is not a valid reference; write ${NAME} or ${NAME:-default}")
            }
            let current = environment[String(name)] ?? ""
            if !current.isEmpty {
                result += current
                if !used.contains(String(name)) { used.append(String(name)) }
            } else {
                result += fallback ?? ""
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        return result + rest
    }

    private static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
        }
    }
}
