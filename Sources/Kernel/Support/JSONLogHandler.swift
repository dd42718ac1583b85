import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to stderr (`logging.format: json`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: JSONObject = [
            "ts": .string(
                Date().formatted(
                    .iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true))),
            "level": .string(event.level.rawValue), "logger": .string(label),
            "message": .string(event.message.description),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { object[key] = .string(value.description) }
        var bytes = JSONValue.object(object).serializedBytes()
        bytes.append(0x0A)
        FileHandle.standardError.write(Data(bytes))
    }
}
