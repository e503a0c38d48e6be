import PomoCore
import Prometheus

/// Request counts and latency per route group, exposed at `/metrics` in Prometheus text format.
/// The registry belongs to one application, so tests can build many side by side.
struct HTTPMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    /// The series each request lands in, looked up in the registry once (it builds their
    /// names and takes its lock on each lookup). Bounded: a method is whatever a client sends.
    private let counters = BoundedCache<CounterKey, Counter>(capacity: 512)
    private let histograms = BoundedCache<String, DurationHistogram>(capacity: 64)

    private struct CounterKey: Hashable, Sendable {
        var group: String
        var method: String
        var statusClass: Int
    }

    func record(group: String, method: String, status: Int, duration: Duration) {
        let key = CounterKey(group: group, method: method, statusClass: status / 100)
        counters.value(for: key) {
            let requests = MetricNameDescriptor(
                namespace: "pomo", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests by route group, method and status class")
            return registry.makeCounter(
                descriptor: requests,
                labels: [("group", group), ("method", method), ("status", "\(key.statusClass)xx")])
        }.increment()
        histograms.value(for: group) {
            let latency = MetricNameDescriptor(
                namespace: "pomo", metricName: "http_request_duration", unitName: "seconds",
                helpText: "HTTP request latency by route group")
            return registry.makeDurationHistogram(
                descriptor: latency, labels: [("group", group)], buckets: Self.buckets)
        }.record(duration)
    }

    func exposition() -> String { registry.emitToString() }

    /// The route group a path belongs to, from the route tables: a small, fixed set of label values.
    static func group(of path: String) -> String { Routes.index.owner(of: path).metricsGroup }
}
