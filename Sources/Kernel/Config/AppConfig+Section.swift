extension AppConfig {
    /// Decodes the section named `id` (a module's id) as `T`. An absent or empty section
    /// decodes from an empty mapping, so a config type whose fields all have defaults works
    /// without one. Scalars read as in the kernel's sections (`ConfigScalar`): a quoted
    /// `"${TTL:-60}"` is a number and `1` is true. A wrong value is a `ConfigError` naming the
    /// file, the key and the line.
    ///
    /// ```swift
    /// struct CatalogConfig: Decodable, Sendable {
    ///     var listingCacheTTL = 120
    ///     enum CodingKeys: String, CodingKey { case listingCacheTTL = "listing_cache_ttl_seconds" }
    ///     init(from decoder: any Decoder) throws {
    ///         let c = try decoder.container(keyedBy: CodingKeys.self)
    ///         listingCacheTTL = try c.decodeIfPresent(Int.self, forKey: .listingCacheTTL) ?? 120
    ///     }
    /// }
    /// let catalog = try config.section("catalog", as: CatalogConfig.self)
    /// ```
    public func section<T: Decodable>(_ id: String, as type: T.Type) throws(ConfigError) -> T {
        let node = sections[id].flatMap { $0.isNull ? nil : $0 } ?? .emptyMapping()
        do {
            return try ConfigNodeDecoder(node: node, codingPath: []).decode(T.self)
        } catch let error as DecodingError {
            throw sectionError(error, id: id, section: node)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw node.error(path: path, "`\(id)` is invalid: \(error)")
        }
    }

    /// Decodes the section of every module in `modules` that has one, enabled or not, so that
    /// a misspelt or wrong setting is refused even while its module is disabled instead of
    /// surfacing the day the module is enabled.
    public func checkSections(of modules: [any Module.Type]) throws(ConfigError) {
        for module in modules where sections[module.id] != nil {
            try checkSection(of: module)
        }
    }

    private func checkSection<M: Module>(of module: M.Type) throws(ConfigError) {
        _ = try section(M.id, as: M.Config.self)
    }

    /// Replaces (or adds) the raw section `id` with the YAML `text`; for tests and tools.
    public mutating func setSection(_ id: String, yaml text: String) throws(ConfigError) {
        sections[id] = try ConfigNode.parse(yaml: text, path: path) ?? .emptyMapping()
    }

    private func sectionError(_ error: DecodingError, id: String, section: ConfigNode) -> ConfigError {
        func locate(_ codingPath: [any CodingKey]) -> (name: String, node: ConfigNode?) {
            var node: ConfigNode? = section
            var name = id
            for key in codingPath {
                if let index = key.intValue, case .sequence(let items)? = node?.value {
                    node = items.indices.contains(index) ? items[index] : nil
                    name += "[\(index)]"
                } else {
                    node = node?[key.stringValue]
                    name += ".\(key.stringValue)"
                }
            }
            return (name, node)
        }
        let (name, node, message): (String, ConfigNode?, String)
        switch error {
        case .typeMismatch(let expected, let context):
            let found = locate(context.codingPath)
            (name, node) = found
            message = "must be \(Self.describe(expected)), found \(found.node?.summary ?? "nothing")"
        case .valueNotFound(let expected, let context):
            (name, node) = locate(context.codingPath)
            message = "needs \(Self.describe(expected)); give it a value"
        case .keyNotFound(let key, let context):
            (name, node) = locate(context.codingPath + [key])
            message = "is missing; add it to the `\(id)` section"
        case .dataCorrupted(let context):
            (name, node) = locate(context.codingPath)
            message = "is invalid: \(context.debugDescription)"
        @unknown default:
            (name, node) = (id, section)
            message = "is invalid: \(error)"
        }
        let located = node ?? locate(Array(error.codingPath.dropLast())).node ?? section
        return located.error(path: path, "`\(name)` \(message)")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is any BinaryInteger.Type: "a whole number"
        case is any BinaryFloatingPoint.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        case is ConfigNodeDecoder.Shape.Mapping.Type: "a mapping"
        case is ConfigNodeDecoder.Shape.List.Type: "a list"
        default: "a value of type \(type)"
        }
    }
}

extension DecodingError {
    fileprivate var codingPath: [any CodingKey] {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            context.codingPath
        @unknown default:
            []
        }
    }
}
