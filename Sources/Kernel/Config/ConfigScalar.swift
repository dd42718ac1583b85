/// A value read from one YAML scalar's text, by the same rules in the kernel's sections and in
/// modules' sections: quoted or not (values often come from `${VAR}`, which must be quoted
/// inside `{ }`), whole numbers may hold `_` separators, and booleans are `true`/`false`,
/// `yes`/`no`, `on`/`off` or `1`/`0` in any case.
protocol ConfigScalar {
    /// The value `text` spells, nil when it spells none of this type.
    init?(configText text: String)
}

extension String: ConfigScalar {
    init?(configText text: String) { self = text }
}

extension Bool: ConfigScalar {
    init?(configText text: String) {
        switch text.lowercased() {
        case "true", "yes", "on", "1": self = true
        case "false", "no", "off", "0": self = false
        default: return nil
        }
    }
}

extension Double: ConfigScalar {
    /// Decimal or exponent notation; infinity and NaN are refused.
    init?(configText text: String) {
        guard let number = Double(text), number.isFinite else { return nil }
        self = number
    }
}

extension Float: ConfigScalar {
    init?(configText text: String) {
        guard let number = Float(text), number.isFinite else { return nil }
        self = number
    }
}

extension ConfigScalar where Self: FixedWidthInteger {
    /// Decimal digits, `_` allowed between them; a leading zero does not make it octal.
    init?(configText text: String) {
        self.init(text.replacing("_", with: ""), radix: 10)
    }
}

extension Int: ConfigScalar {}
extension Int8: ConfigScalar {}
extension Int16: ConfigScalar {}
extension Int32: ConfigScalar {}
extension Int64: ConfigScalar {}
extension UInt: ConfigScalar {}
extension UInt8: ConfigScalar {}
extension UInt16: ConfigScalar {}
extension UInt32: ConfigScalar {}
extension UInt64: ConfigScalar {}
