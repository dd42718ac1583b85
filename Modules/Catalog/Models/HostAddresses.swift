/// IPv4 hosts as the WHATWG URL standard reads them: one to four parts, each decimal, octal
/// (`0300`) or hexadecimal (`0x7f`), the last filling the remaining bytes (`1.2.3` is
/// `1.2.0.3`).
enum IPv4 {
    /// Whether the host's labels make it an IPv4 address (its last label is a number).
    static func endsInNumber(_ labels: [String]) -> Bool {
        var parts = labels[...]
        if parts.last?.isEmpty == true {
            guard parts.count > 1 else { return false }
            parts = parts.dropLast()
        }
        guard let last = parts.last, !last.isEmpty else { return false }
        return last.allSatisfy { $0.isASCII && $0.isNumber } || number(last) != nil
    }

    static func parse(_ labels: [String]) -> UInt32? {
        var parts = labels[...]
        if parts.count > 1, parts.last?.isEmpty == true { parts = parts.dropLast() }
        guard parts.count <= 4 else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard let value = number(part) else { return nil }
            numbers.append(value)
        }
        guard numbers.dropLast().allSatisfy({ $0 <= 255 }) else { return nil }
        guard let last = numbers.last, last < 1 << (8 * UInt64(5 - numbers.count)) else { return nil }
        var address = last
        for (index, value) in numbers.dropLast().enumerated() { address += value << (8 * UInt64(3 - index)) }
        return UInt32(address)
    }

    static func serialise(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    private static func number(_ text: String) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var digits = Substring(text)
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            digits = digits.dropFirst(2)
            radix = 16
        } else if digits.count > 1, digits.hasPrefix("0") {
            digits = digits.dropFirst()
            radix = 8
        }
        if digits.isEmpty { return 0 }
        guard digits.allSatisfy({ $0.isASCII && $0.isHexDigit }), digits.count <= 20 else { return nil }
        return UInt64(digits, radix: radix)
    }
}

/// IPv6 hosts as the WHATWG URL standard reads and writes them (RFC 5952's compressed form:
/// `0:0:0:0:0:0:0:1` is `::1`, an embedded IPv4 part becomes two hexadecimal pieces).
enum IPv6 {
    static func parse(_ scalars: ArraySlice<Unicode.Scalar>) -> [UInt16]? {
        let input = Array(scalars)
        var address = [UInt16](repeating: 0, count: 8)
        var piece = 0
        var compress: Int?
        var pointer = 0
        func at(_ index: Int) -> Unicode.Scalar? { index < input.count ? input[index] : nil }
        if at(0) == ":" {
            guard at(1) == ":" else { return nil }
            pointer = 2
            piece = 1
            compress = 1
        }
        while let c = at(pointer) {
            guard piece < 8 else { return nil }
            if c == ":" {
                guard compress == nil else { return nil }
                pointer += 1
                piece += 1
                compress = piece
                continue
            }
            var value = 0
            var length = 0
            while length < 4, let digit = at(pointer).flatMap({ Character($0).hexDigitValue }) {
                value = value * 16 + digit
                pointer += 1
                length += 1
            }
            if at(pointer) == "." {
                guard length > 0, piece <= 6 else { return nil }
                pointer -= length
                guard let (high, low, end) = embeddedIPv4(input, from: pointer) else { return nil }
                address[piece] = high
                address[piece + 1] = low
                piece += 2
                pointer = end
                break
            }
            if at(pointer) == ":" {
                pointer += 1
                guard at(pointer) != nil else { return nil }
            } else if at(pointer) != nil {
                return nil
            }
            address[piece] = UInt16(value)
            piece += 1
        }
        if let compress {
            var swaps = piece - compress
            piece = 7
            while piece != 0, swaps > 0 {
                address.swapAt(piece, compress + swaps - 1)
                piece -= 1
                swaps -= 1
            }
        } else if piece != 8 {
            return nil
        }
        return address
    }

    static func serialise(_ address: [UInt16]) -> String {
        var compress: Int?
        var longest = 1
        var index = 0
        while index < 8 {
            var end = index
            while end < 8, address[end] == 0 { end += 1 }
            if end - index > longest {
                longest = end - index
                compress = index
            }
            index = max(end, index + 1)
        }
        var output = ""
        var skipping = false
        for (index, piece) in address.enumerated() {
            if skipping, piece == 0 { continue }
            skipping = false
            if compress == index {
                output += index == 0 ? "::" : ":"
                skipping = true
                continue
            }
            output += String(piece, radix: 16)
            if index != 7 { output += ":" }
        }
        return output
    }

    /// The dotted IPv4 address at the end of an IPv6 one, as two pieces, and where it ends.
    private static func embeddedIPv4(_ input: [Unicode.Scalar], from start: Int) -> (UInt16, UInt16, Int)? {
        var pointer = start
        var bytes: [Int] = []
        while pointer < input.count {
            if !bytes.isEmpty {
                guard input[pointer] == ".", bytes.count < 4 else { return nil }
                pointer += 1
            }
            var value: Int?
            while pointer < input.count, let digit = Character(input[pointer]).wholeNumberValue, input[pointer].isASCII
            {
                if value == 0 { return nil }
                value = (value ?? 0) * 10 + digit
                guard value! <= 255 else { return nil }
                pointer += 1
            }
            guard let value else { return nil }
            bytes.append(value)
        }
        guard bytes.count == 4 else { return nil }
        return (UInt16(bytes[0] << 8 | bytes[1]), UInt16(bytes[2] << 8 | bytes[3]), pointer)
    }
}
