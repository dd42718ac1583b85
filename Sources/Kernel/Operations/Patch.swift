/// A field of a PATCH-style input: absent (leave alone), explicit `null`, or a value.
public enum Patch<Value: Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    /// The value when one was given.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// True unless the field was absent.
    public var isPresent: Bool {
        if case .absent = self { return false }
        return true
    }
}
