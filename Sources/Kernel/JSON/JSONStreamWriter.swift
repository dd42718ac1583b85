/// The bytes written so far and the containers still open, innermost last.
final class JSONStreamWriter {
    struct Frame {
        let isObject: Bool
        /// Which container this is, so that one kept past its value's end cannot write into
        /// a later container at the same depth.
        let serial: Int
        var count = 0
        /// The keys written, searched directly while few (a model's fields), hashed beyond.
        private var keys: [String] = []
        private var keySet: Set<String> = []

        init(isObject: Bool, serial: Int) {
            self.isObject = isObject
            self.serial = serial
        }

        /// False when `key` was written before.
        mutating func insert(_ key: String) -> Bool {
            if keys.count < 32 {
                guard !keys.contains(key) else { return false }
                keys.append(key)
                if keys.count == 32 { keySet = Set(keys) }
                return true
            }
            return keySet.insert(key).inserted
        }
    }

    /// Thrown once the pass cannot go on; `JSONBytesEncoder` then encodes through the tree.
    struct Abandoned: Error {}

    // Not checked for exclusive access at run time (a tenth of the encoding's CPU, perf): one
    // pass uses a writer, on one thread, and no access to these overlaps another.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var frames: [Frame] = []
    private(set) var abandoned = false
    private var opened = 0

    init() {
        bytes.reserveCapacity(256)
    }

    func abandon() -> Abandoned {
        abandoned = true
        return Abandoned()
    }

    /// Opens a container at `level` for a value that began at byte `start` and returns its
    /// serial; nil when the value has already been written otherwise or a container is open
    /// where it should not be. A second keyed container of one value continues its object.
    func open(object: Bool, level: Int, start: Int) -> Int? {
        guard !abandoned else { return nil }
        if object, frames.count == level + 1, frames[level].isObject { return frames[level].serial }
        guard frames.count == level, bytes.count == start else { return nil }
        opened += 1
        frames.append(Frame(isObject: object, serial: opened))
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return opened
    }

    /// Starts the next member of the container at `level`: the separator, and for an object
    /// the key (a key written twice abandons the pass: the tree keeps its first position).
    func member(of serial: Int, level: Int, key: String?) throws {
        guard !abandoned, frames.count == level + 1, frames[level].serial == serial else { throw abandon() }
        if let key {
            guard frames[level].insert(key) else { throw abandon() }
        }
        if frames[level].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[level].count += 1
        if let key {
            JSONValue.writeString(key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    /// Closes the container a value at `level` opened, or writes `null` for a value that wrote
    /// nothing (as the tree leaves an untouched node).
    func close(level: Int, start: Int) throws {
        if frames.count == level + 1 {
            bytes.append(frames.removeLast().isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        } else if frames.count == level {
            if bytes.count == start { bytes.append(contentsOf: "null".utf8) }
        } else {
            throw abandon()
        }
    }

    // Scalars are written by `JSONValue`, so that both encoders spell them alike.
    func write(_ value: Bool) { JSONValue.bool(value).write(into: &bytes) }
    func write(_ value: String) { JSONValue.writeString(value, into: &bytes) }
    func write(_ value: Int64) { JSONValue.int(value).write(into: &bytes) }
    func write(_ value: Double) { JSONValue.double(value).write(into: &bytes) }
    func writeNull() { JSONValue.null.write(into: &bytes) }
}
