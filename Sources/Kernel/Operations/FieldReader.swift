/// Reads an operation's input from the raw bag, collecting every validation issue FastAPI-style;
/// in recording mode it runs the same initializer to extract the input's schema, so decoding,
/// validation and documentation come from one declaration.
///
/// ```swift
/// struct Input: OperationInput {
///     var limit: Int
///     var q: String?
///     init(from r: FieldReader) {
///         limit = r.field("limit", default: 20, .ge(1), .le(100))
///         q = r.optional("q", .maxLength(200))
///     }
/// }
/// ```
public final class FieldReader {
    enum Source {
        case bag(InputBag)
        case nested(JSONObject, prefix: [JSONValue])
        case recording
    }

    private let source: Source
    private let binding: HTTPBinding
    private var bodyProblemReported = false
    /// Fields that were missing or invalid (their value is a placeholder).
    private var failedNames: Set<String> = []
    /// The issues found so far.
    public private(set) var issues: [ValidationIssue] = []
    /// The fields seen, in recording mode.
    public private(set) var fields: [FieldSpec] = []

    init(source: Source, binding: HTTPBinding) {
        self.source = source
        self.binding = binding
    }

    /// True when reading `name` failed (missing, or invalid), so that its value is a
    /// placeholder no further check should look at: a missing password is one issue, not also
    /// a too-short one.
    public func hasFailed(_ name: String) -> Bool {
        failedNames.contains(name)
    }

    /// True while extracting the schema: values returned are placeholders.
    public var isRecording: Bool {
        if case .recording = source { return true }
        return false
    }

    // MARK: Public accessors

    /// A required field.
    public func field<T: FieldValue>(
        _ name: String, in location: FieldLocation? = nil, _ constraints: FieldConstraint...
    )
        -> T
    {
        read(name, location, constraints, required: true, nullable: false) ?? T.placeholder
    }

    /// A field with a default used when it is absent.
    public func field<T: FieldValue>(
        _ name: String, in location: FieldLocation? = nil, default defaultValue: T, _ constraints: FieldConstraint...
    ) -> T {
        read(name, location, constraints, required: false, nullable: false, defaultValue: defaultValue) ?? defaultValue
    }

    /// An optional field: absent or `null` give nil.
    public func optional<T: FieldValue>(
        _ name: String, in location: FieldLocation? = nil, _ constraints: FieldConstraint...
    )
        -> T?
    {
        read(name, location, constraints, required: false, nullable: true)
    }

    /// A PATCH field: absent, explicit null (an error unless `nullable`), or a value.
    public func patch<T: FieldValue>(
        _ name: String, in location: FieldLocation? = nil, nullable: Bool = false, _ constraints: FieldConstraint...
    ) -> Patch<T> {
        if isRecording {
            record(name, location, T.schema, constraints, required: false, nullable: nullable, defaultValue: nil)
            return .absent
        }
        let (raw, place) = lookup(name, location)
        guard let raw else {
            // A PATCH body is required as a whole, even though each field is optional.
            if place == .body, case .bag(let bag) = source, bag.params == nil, case .absent = bag.body {
                report(missing: name, place: place)
            }
            return .absent
        }
        if raw == .null, nullable { return .null }
        guard let value: T = convert(raw, name: name, place: place, constraints: constraints) else { return .absent }
        return .value(value)
    }

    /// An optional HTTP header (`Idempotency-Key`), read over JSON-RPC from the param `name`.
    public func header(_ headerName: String, param name: String, _ constraints: FieldConstraint...) -> String? {
        if isRecording {
            var schema = String.schema
            for constraint in constraints { constraint.apply(to: &schema) }
            fields.append(
                FieldSpec(name: name, location: .header, required: false, schema: schema, headerName: headerName))
            return nil
        }
        guard case .bag(let bag) = source else { return nil }
        let raw: JSONValue? =
            bag.params.map { $0[name] ?? nil } ?? bag.headers[headerName.lowercased()].map(JSONValue.string)
        guard let raw, raw != .null else { return nil }
        let place: FieldLocation = .header
        let label = bag.params == nil ? headerName : name
        return convert(raw, name: label, place: place, constraints: constraints)
    }

    /// A required list of objects, each read by `element` with a nested reader.
    public func list<T>(
        _ name: String, minItems: Int? = nil, maxItems: Int? = nil, _ element: (FieldReader) -> T
    ) -> [T] {
        let location = defaultLocation(name, nil)
        if isRecording {
            let child = FieldReader(source: .recording, binding: binding)
            _ = element(child)
            var items = child.objectSchema()
            items["title"] = nil
            var schema: JSONObject = ["type": "array", "items": .object(items)]
            if let minItems { schema["minItems"] = .int(Int64(minItems)) }
            if let maxItems { schema["maxItems"] = .int(Int64(maxItems)) }
            fields.append(FieldSpec(name: name, location: location, required: true, schema: schema))
            return []
        }
        let (raw, place) = lookup(name, nil)
        let loc = locPrefix(place) + [.string(name)]
        guard let raw else {
            report(missing: name, place: place)
            return []
        }
        guard case .array(let values) = raw else {
            issues.append(ValidationIssue(type: "list_type", loc: loc, msg: "Input should be a valid list", input: raw))
            return []
        }
        if let maxItems, values.count > maxItems {
            issues.append(
                ValidationIssue(
                    type: "too_long", loc: loc,
                    msg: "List should have at most \(maxItems) items after validation, not \(values.count)",
                    input: raw,
                    ctx: [
                        "field_type": "List", "max_length": .int(Int64(maxItems)),
                        "actual_length": .int(Int64(values.count)),
                    ]))
            return []
        }
        if let minItems, values.count < minItems {
            issues.append(
                ValidationIssue(
                    type: "too_short", loc: loc,
                    msg:
                        "List should have at least \(minItems) item\(minItems == 1 ? "" : "s") after validation, not \(values.count)",
                    input: raw,
                    ctx: [
                        "field_type": "List", "min_length": .int(Int64(minItems)),
                        "actual_length": .int(Int64(values.count)),
                    ]))
            return []
        }
        var result: [T] = []
        for (index, value) in values.enumerated() {
            let itemLoc = loc + [.int(Int64(index))]
            guard case .object(let object) = value else {
                issues.append(
                    ValidationIssue(
                        type: "model_attributes_type", loc: itemLoc,
                        msg: "Input should be a valid dictionary or object to extract fields from", input: value))
                continue
            }
            let child = FieldReader(source: .nested(object, prefix: itemLoc), binding: binding)
            let item = element(child)
            issues.append(contentsOf: child.issues)
            result.append(item)
        }
        return result
    }

    /// Adds a custom issue for `name` (e.g. an invalid e-mail address), after its value was read.
    public func invalid(
        _ name: String, in location: FieldLocation? = nil, type: String, msg: String, input: JSONValue,
        ctx: JSONObject? = nil
    ) {
        guard !isRecording else { return }
        let place = lookupPlace(name, location)
        issues.append(
            ValidationIssue(type: type, loc: locPrefix(place) + [.string(name)], msg: msg, input: input, ctx: ctx))
    }

    /// Adds a format annotation (`email`, `uri`, `password`) to a recorded field's schema.
    public func annotate(_ name: String, format: String) {
        guard isRecording, let index = fields.lastIndex(where: { $0.name == name }) else { return }
        fields[index].schema["format"] = .string(format)
    }

    /// Publishes `constraint` in the recorded schema of `name` without checking it, for a rule
    /// the caller checks itself (a password policy whose errors must not echo the value).
    public func document(_ name: String, _ constraint: FieldConstraint) {
        guard isRecording, let index = fields.lastIndex(where: { $0.name == name }) else { return }
        constraint.apply(to: &fields[index].schema)
    }

    // MARK: Schema

    /// The JSON Schema object of the fields recorded so far.
    public func objectSchema() -> JSONObject {
        fields.objectSchema()
    }

    // MARK: Internals

    private func read<T: FieldValue>(
        _ name: String, _ location: FieldLocation?, _ constraints: [FieldConstraint], required: Bool, nullable: Bool,
        defaultValue: T? = nil
    ) -> T? {
        if isRecording {
            record(
                name, location, T.schema, constraints, required: required, nullable: nullable,
                defaultValue: defaultValue?.json)
            return nil
        }
        let (raw, place) = lookup(name, location)
        guard let raw else {
            if required {
                failedNames.insert(name)
                report(missing: name, place: place)
            }
            return nil
        }
        if raw == .null, nullable { return nil }
        return convert(raw, name: name, place: place, constraints: constraints)
    }

    private func convert<T: FieldValue>(
        _ raw: JSONValue, name: String, place: FieldLocation, constraints: [FieldConstraint]
    )
        -> T?
    {
        // Built only for an issue: a valid field allocates nothing here.
        var loc: [JSONValue] { locPrefix(place) + [.string(name)] }
        let fromText = !isNested && bagParams == nil && place != .body
        switch T.decode(raw, fromText: fromText) {
        case .failure(let failure):
            failedNames.insert(name)
            issues.append(ValidationIssue(type: failure.type, loc: loc, msg: failure.msg, input: raw, ctx: failure.ctx))
            return nil
        case .success(let value):
            for constraint in constraints {
                if let failure = constraint.check(value) {
                    failedNames.insert(name)
                    issues.append(
                        ValidationIssue(type: failure.type, loc: loc, msg: failure.msg, input: raw, ctx: failure.ctx))
                    return nil
                }
            }
            return value
        }
    }

    private func record(
        _ name: String, _ location: FieldLocation?, _ base: JSONObject, _ constraints: [FieldConstraint],
        required: Bool,
        nullable: Bool, defaultValue: JSONValue?
    ) {
        var schema = base
        for constraint in constraints { constraint.apply(to: &schema) }
        if let defaultValue { schema["default"] = defaultValue }
        if nullable, let type = schema["type"] { schema["type"] = .array([type, "null"]) }
        fields.append(
            FieldSpec(name: name, location: defaultLocation(name, location), required: required, schema: schema))
    }

    private var isNested: Bool {
        if case .nested = source { return true }
        return false
    }

    private var bagParams: JSONObject? {
        if case .bag(let bag) = source { return bag.params }
        return nil
    }

    private func defaultLocation(_ name: String, _ explicit: FieldLocation?) -> FieldLocation {
        if let explicit { return explicit }
        if binding.pathParameters.contains(name) { return .path }
        return binding.defaultFieldLocation
    }

    private func lookupPlace(_ name: String, _ location: FieldLocation?) -> FieldLocation {
        lookup(name, location).1
    }

    /// Finds the raw value and the location to report. Query fields may also come from a JSON
    /// body (so `PATCH …/inventory` accepts both); JSON-RPC reads everything from its params.
    private func lookup(_ name: String, _ location: FieldLocation?) -> (JSONValue?, FieldLocation) {
        let place = defaultLocation(name, location)
        switch source {
        case .recording:
            return (nil, place)
        case .nested(let object, _):
            return (object[name], .body)
        case .bag(let bag):
            if let params = bag.params { return (params[name], place) }
            switch place {
            case .path:
                return (bag.path[name].map(JSONValue.string), .path)
            case .query:
                if let text = bag.query[name] { return (.string(text), .query) }
                if case .object(let body) = bag.body, let value = body[name] { return (value, .body) }
                return (nil, .query)
            case .body:
                switch bag.body {
                case .object(let body): return (body[name], .body)
                case .absent: return (nil, .body)
                case .notObject(let value):
                    // Reported here too, not only for a missing required field: a PATCH whose
                    // fields are all optional must refuse `[]`, not take it for "no change".
                    reportBodyNotObject(value)
                    return (nil, .body)
                }
            case .header:
                return (bag.headers[name.lowercased()].map(JSONValue.string), .header)
            }
        }
    }

    private func reportBodyNotObject(_ value: JSONValue) {
        guard !bodyProblemReported else { return }
        bodyProblemReported = true
        issues.append(
            ValidationIssue(
                type: "model_attributes_type", loc: ["body"],
                msg: "Input should be a valid dictionary or object to extract fields from", input: value))
    }

    private func locPrefix(_ place: FieldLocation) -> [JSONValue] {
        if case .nested(_, let prefix) = source { return prefix }
        return [.string(place.rawValue)]
    }

    private func report(missing name: String, place: FieldLocation) {
        if case .bag(let bag) = source, bag.params == nil, place == .body {
            switch bag.body {
            case .absent:
                guard !bodyProblemReported else { return }
                bodyProblemReported = true
                issues.append(ValidationIssue(type: "missing", loc: ["body"], msg: "Field required", input: .null))
                return
            case .notObject(let value):
                reportBodyNotObject(value)
                return
            case .object(let object):
                issues.append(
                    ValidationIssue(
                        type: "missing", loc: ["body", .string(name)], msg: "Field required",
                        input: bag.bodyIsForm ? .null : .object(object)))
                return
            }
        }
        var input = JSONValue.null
        if case .nested(let object, _) = source { input = .object(object) }
        if case .bag(let bag) = source, let params = bag.params { input = .object(params) }
        issues.append(
            ValidationIssue(
                type: "missing", loc: locPrefix(place) + [.string(name)], msg: "Field required", input: input))
    }
}

extension FieldReader {
    /// Reads `type` from `bag` as the kernel does before calling a handler; throws the 422.
    public static func decode<Input: OperationInput>(_ type: Input.Type, from bag: InputBag, binding: HTTPBinding)
        throws
        -> Input
    {
        let reader = FieldReader(source: .bag(bag), binding: binding)
        let input = Input(from: reader)
        guard reader.issues.isEmpty else { throw AppError(validation: reader.issues) }
        return input
    }
}
