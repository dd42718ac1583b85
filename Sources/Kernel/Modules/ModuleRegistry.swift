/// The modules compiled into the executable, and the resolution of the enabled ones into
/// dependency order with errors that name the config file and what to change.
public struct ModuleRegistry: Sendable {
    /// Every compiled-in module, by id.
    public let available: [any Module.Type]

    public init(_ available: [any Module.Type]) {
        self.available = available
    }

    /// The module with `id`, if compiled in.
    public func module(_ id: String) -> (any Module.Type)? {
        available.first { $0.id == id }
    }

    /// Refuses a top-level config section that no compiled module owns: a misspelt one
    /// (`catlog:`) would otherwise be ignored. Sections of compiled modules that are not
    /// enabled are fine (a config may keep their settings).
    public func checkSections(_ ids: [String], configPath: String) throws {
        for id in ids where module(id) == nil {
            let known = available.map { $0.id }.joined(separator: ", ")
            throw ConfigError(
                path: configPath,
                message:
                    "unknown top-level key '\(id)'; use a kernel setting (\(AppConfig.kernelKeys.joined(separator: ", "))) or a module's section: \(known)"
            )
        }
    }

    /// The enabled modules in an order where every module follows its dependencies.
    public func resolve(enabled: [String], configPath: String) throws -> [any Module.Type] {
        var seen = Set<String>()
        var selected: [any Module.Type] = []
        for id in enabled {
            guard seen.insert(id).inserted else { continue }
            guard let module = module(id) else {
                let known = available.map { $0.id }.joined(separator: ", ")
                throw ConfigError(
                    path: configPath,
                    message: "unknown module '\(id)' in `modules`; remove it or use one of: \(known)")
            }
            selected.append(module)
        }
        for module in selected {
            for dependency in module.dependencies where !seen.contains(dependency) {
                throw ConfigError(
                    path: configPath,
                    message:
                        "module '\(module.id)' depends on '\(dependency)', which is not enabled; add '\(dependency)' to `modules` or remove '\(module.id)'"
                )
            }
        }
        // Kahn's algorithm over the selected modules, keeping config order among equals.
        var ordered: [any Module.Type] = []
        var placed = Set<String>()
        while ordered.count < selected.count {
            guard
                let next = selected.first(where: { module in
                    !placed.contains(module.id) && module.dependencies.allSatisfy { placed.contains($0) }
                })
            else {
                let stuck = selected.filter { !placed.contains($0.id) }.map { $0.id }.joined(separator: ", ")
                throw ConfigError(path: configPath, message: "modules form a dependency cycle: \(stuck)")
            }
            placed.insert(next.id)
            ordered.append(next)
        }
        return ordered
    }
}
