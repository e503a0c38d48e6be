import Foundation

/// JSON text with its keys sorted, for what the core stores as a document (a roadmap, a
/// report's counts): the same value always writes the same bytes.
enum SortedJSON {
    static func text(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
