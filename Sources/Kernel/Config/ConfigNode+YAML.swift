import Yams

extension ConfigNode {
    /// The most values a config may hold once aliases are expanded. An alias (`*name`) repeats
    /// its anchor's whole content, so a few lines of nested aliases could otherwise expand to
    /// billions of values and exhaust memory; a real config holds a few hundred.
    static let maximumValues = 100_000

    /// Parses YAML text; nil for an empty document. Merge keys (`<<: *base`) are applied here,
    /// so later steps see plain mappings.
    static func parse(yaml: String, path: String) throws(ConfigError) -> ConfigNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw configError(error, path: path)
        } catch {
            throw ConfigError(path: path, message: "cannot read the file as YAML: \(error)")
        }
        guard let root else { return nil }
        var budget = maximumValues
        return try ConfigNode(root, path: path, budget: &budget)
    }

    /// Converts `node`, aliases expanded; `budget` is how many more values may be made.
    private init(_ node: Node, path: String, budget: inout Int) throws(ConfigError) {
        budget -= 1
        guard budget >= 0 else {
            throw ConfigError(
                path: path,
                message: "the config expands to more than \(Self.maximumValues) values, which is far more than any "
                    + "real config holds; YAML aliases (*name) repeat their anchor's whole content, so use fewer "
                    + "of them, or nest them less")
        }
        switch node {
        case .scalar(let scalar):
            self.init(
                value: .scalar(scalar.string), tag: scalar.tag.rawValue,
                plain: scalar.style == .plain || scalar.style == .any,
                line: scalar.mark?.line, column: scalar.mark?.column)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence { items.append(try ConfigNode(item, path: path, budget: &budget)) }
            self.init(value: .sequence(items), line: sequence.mark?.line, column: sequence.mark?.column)
        case .mapping(let mapping):
            var entries: [Entry] = []
            var merged: [Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ConfigError(
                        path: path, message: "a mapping key must be a plain name, not a list or mapping",
                        line: key.mark?.line, column: key.mark?.column)
                }
                let child = try ConfigNode(value, path: path, budget: &budget)
                if keyScalar.string == "<<" && keyScalar.style != .singleQuoted && keyScalar.style != .doubleQuoted {
                    merged += try child.mergeSources(path: path)
                } else {
                    entries.append(Entry(key: keyScalar.string, node: child))
                }
            }
            // Explicit keys win over merged ones, and earlier merge sources over later ones.
            for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
            self.init(value: .mapping(entries), line: mapping.mark?.line, column: mapping.mark?.column)
        case .alias:
            // `compose` resolves aliases to the nodes they name; this is only a safety net.
            throw ConfigError(path: path, message: "unresolved YAML alias; define the anchor (&name) before using it")
        }
    }

    private func mergeSources(path: String) throws(ConfigError) -> [Entry] {
        switch value {
        case .mapping(let entries):
            return entries
        case .sequence(let items):
            var result: [Entry] = []
            for item in items {
                guard let entries = item.entries else {
                    throw item.error(path: path, "a merge key (<<) takes a mapping or a list of mappings")
                }
                result += entries.filter { entry in !result.contains { $0.key == entry.key } }
            }
            return result
        case .scalar:
            throw error(path: path, "a merge key (<<) takes a mapping or a list of mappings")
        }
    }

    private static func configError(_ error: YamlError, path: String) -> ConfigError {
        let hint = "fix the YAML syntax there (indentation, quoting, a missing ':' or a tab)"
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var what = problem
            if let context { what += " (\(context.text) at line \(context.mark.line))" }
            return ConfigError(
                path: path, message: "malformed YAML: \(what); \(hint)", line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return ConfigError(
                path: path, message: "duplicate key \(keys) in one mapping; keep only one of them",
                line: context.mark.line, column: context.mark.column)
        case .reader(let problem, _, _, _):
            return ConfigError(path: path, message: "the file is not valid UTF-8 text (\(problem)); save it as UTF-8")
        default:
            return ConfigError(path: path, message: "cannot read the file as YAML: \(error)")
        }
    }
}
