import Foundation

/// A parsed Prometheus text exposition: sample lines by metric name and labels. Tests share one
/// process and one registry, so they compare scrapes (deltas) or use labels no other test uses.
public struct MetricsScrape: Sendable {
    struct Sample: Sendable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let samples: [Sample]
    /// The exposition as served.
    public let text: String

    public init(_ text: String) {
        self.text = text
        samples = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { return nil }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                return Sample(name: String(series), labels: [:], value: value)
            }
            var labels: [String: String] = [:]
            for match in series[brace...].matches(of: /([a-zA-Z_]+)="([^"]*)"/) {
                labels[String(match.output.1)] = String(match.output.2)
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    /// The sum of every sample of `name` whose labels include `labels` (0 when there is none).
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }.reduce(0) { $0 + $1.value }
    }

    /// True when a sample of `name` with `labels` exists.
    public func contains(_ name: String, _ labels: [String: String] = [:]) -> Bool {
        samples.contains { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }
}
