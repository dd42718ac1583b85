/// A parsed YAML value kept in a `Sendable` form, with the source position of every node so
/// that errors can point at the offending line. Yams' own `Node` holds classes and is not
/// `Sendable`, so `AppConfig` stores this; `ConfigNodeDecoder` decodes module sections from it.
struct ConfigNode: Sendable {
    /// A mapping entry; order is kept so diagnostics follow the file.
    struct Entry: Sendable {
        var key: String
        var node: ConfigNode
    }

    enum Value: Sendable {
        case scalar(String)
        case mapping([Entry])
        case sequence([ConfigNode])
    }

    var value: Value
    /// The YAML tag name (`""` when it is resolved from the text, `tag:yaml.org,2002:str` for
    /// quoted scalars).
    var tag: String = ""
    /// True for plain (unquoted) scalars: only those resolve to numbers, booleans or null.
    var plain: Bool = true
    var line: Int?
    var column: Int?
    /// Where a value came from when not from the file, e.g. `environment variable APP_PORT`.
    var origin: String?

    static let stringTag = "tag:yaml.org,2002:str"

    static func emptyMapping() -> ConfigNode {
        ConfigNode(value: .mapping([]))
    }

    /// A quoted string value set from outside the file.
    static func string(_ text: String, origin: String) -> ConfigNode {
        ConfigNode(value: .scalar(text), tag: stringTag, plain: false, origin: origin)
    }

    /// A plain value set from outside the file; resolves like unquoted YAML (numbers, booleans).
    static func plain(_ text: String, origin: String) -> ConfigNode {
        ConfigNode(value: .scalar(text), origin: origin)
    }

    /// True for `~`, `null`, an empty plain scalar and the like.
    var isNull: Bool {
        guard case .scalar(let text) = value else { return false }
        if tag == "tag:yaml.org,2002:null" { return true }
        guard plain, tag.isEmpty else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// The entries of a mapping, nil for scalars and sequences.
    var entries: [Entry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    /// The value of `key` in a mapping.
    subscript(key: String) -> ConfigNode? {
        entries?.last { $0.key == key }?.node
    }

    /// Sets `key` in a mapping (a non-mapping becomes an empty mapping first).
    mutating func set(_ key: String, _ node: ConfigNode) {
        var list = entries ?? []
        if let index = list.lastIndex(where: { $0.key == key }) {
            list[index].node = node
        } else {
            list.append(Entry(key: key, node: node))
        }
        value = .mapping(list)
    }

    /// How the value reads in a message: its text in quotes, or what kind of node it is.
    var summary: String {
        switch value {
        case .scalar(let text): isNull ? "nothing (null)" : "\"\(text)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// An error located at this node, naming its origin when it did not come from the file.
    func error(path: String, _ message: String) -> ConfigError {
        var message = message
        if let origin { message += " (set by \(origin))" }
        return ConfigError(path: path, message: message, line: line, column: column)
    }
}
