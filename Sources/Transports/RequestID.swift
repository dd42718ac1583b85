/// Request ids (HTTP responses without a usable `X-Request-ID`, JSON-RPC calls): random (version 4) UUIDs in
/// lower case, as before, but drawn from `SystemRandomNumberGenerator` (one `getrandom` call)
/// instead of Foundation's `UUID()`, which opens and reads `/dev/urandom` on every call on
/// Linux — three system calls per request (`scripts/bench`, profiled with perf).
enum RequestID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A new random id such as `3f2c9a4e-8b1d-4c7e-9f00-1a2b3c4d5e6f`.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = (generator.next() as UInt64) & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000  // version 4
        let low = (generator.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = nibble < 16 ? high : low
                buffer[position] = hexDigits[Int(word >> UInt64(60 - 4 * (nibble % 16)) & 0xF)]
                position += 1
            }
            return position
        }
    }
}
