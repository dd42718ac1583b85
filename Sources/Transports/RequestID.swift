import Synchronization

/// Request ids (HTTP responses without a usable `X-Request-ID`, JSON-RPC calls): version 4
/// UUIDs in lower case, as before, without a system call per request. Each process draws two
/// random seeds once (`SystemRandomNumberGenerator`); an id is a counter mixed into them by
/// SplitMix64's finalizer, a bijection that spreads every bit, so ids (of one process or of
/// many) collide no more often than random ones. They correlate logs; nothing relies on them
/// being unpredictable. Measured (perf, piped JSON-RPC): two `getrandom` calls per id were
/// 3% of the process's CPU; Foundation's `UUID()` before that read `/dev/urandom` (three calls).
enum RequestID {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let seeds: (high: UInt64, low: UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let counter = Atomic<UInt64>(0)

    /// A new id such as `3f2c9a4e-8b1d-4c7e-9f00-1a2b3c4d5e6f`.
    static func generate() -> String {
        let step = counter.add(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15
        let high = mix(seeds.high &+ step) & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000  // version 4
        let low = mix(seeds.low &+ step) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
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

    /// SplitMix64's output function: a bijection of 64-bit words that spreads every input bit.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
