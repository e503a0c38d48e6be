import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat
import PomoCore
import PomoWire

/// `POST /api/v1/imports?from=toggl|clockify|kimai|timetagger|pomo&dry_run=&tz=`: another tracker's export, as
/// the body or as the `file` field of a multipart form.
struct ImportsController {
    let services: AppServices

    static let from: Query<ImportSource?> = Query(
        "from", schema: APISchemas.oneOf(ImportSource.allCases.map(\.rawValue)),
        description: "The tool that wrote the file",
        expectation: "must be \(spokenList(ImportSource.allCases.map(\.rawValue)))",
        absent: nil
    ) { raw in ImportSource(rawValue: raw).map { .some($0) } }
    static let dryRun: Query<Bool> = .flag("dry_run", default: false, "Count what would be created, write nothing")
    static let zone: Query<String?> = .text("tz", "The zone of times without an offset (default: yours)")
    static let query: [any DocumentedQuery] = [from, dryRun, zone]
    static let mediaTypes = [
        "text/csv", "text/tab-separated-values", "text/plain", "application/json", "application/octet-stream",
        "multipart/form-data",
    ]

    @Sendable func run(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        guard let source = try Self.from.read(request) else { throw AppError.missing(["from"]) }
        let dryRun = try Self.dryRun.read(request)
        let zone: TimeZone
        if let name = try Self.zone.read(request) {
            guard let named = TimeZone(identifier: name) else {
                throw AppError.validation("tz", "tz must be an IANA time zone")
            }
            zone = named
        } else {
            zone = TimeZone(identifier: user.timezone) ?? .gmt
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard Self.mediaTypes.contains(where: { type.hasPrefix($0) }) else {
            throw AppError(
                .unsupportedMediaType,
                "Content-Type must be one of \(Self.mediaTypes.joined(separator: ", ")) (got \(type.isEmpty ? "none" : type))"
            )
        }
        let body = Data(buffer: try await JSONBody.collect(request, limit: ImportFormats.maxBytes))
        let file = try Self.file(in: body, contentType: request.headers[.contentType])
        let result: ImportResult
        if source.isJSONOnly || (source == .timetagger && Self.isJSON(file)) {
            let parse = try ImportDocuments.parse(Array(file), as: source, zone: zone)
            result = try await services.imports.run(parse, as: source, zone: zone, dryRun: dryRun, for: user)
        } else {
            guard let text = String(data: file, encoding: .utf8) else {
                throw AppError(.unprocessable, "the file is not UTF-8 text", field: "file")
            }
            result = try await services.imports.run(text, as: source, zone: zone, dryRun: dryRun, for: user)
        }
        return JSONBody.response(
            status: dryRun ? .ok : .created,
            json: Envelope(
                ImportResultDTO(
                    from: source.rawValue, dryRun: dryRun, rows: result.rows,
                    created: .init(
                        projects: result.projects, tasks: result.tasks, activities: result.activities,
                        goals: result.goals, estimations: result.estimations, reports: result.reports,
                        timeEntries: result.timeEntries, sessions: result.sessions),
                    skipped: result.skipped, running: result.running,
                    rejected: result.rejected.map { .init(line: $0.line, reason: $0.reason) })))
    }

    /// A file whose first character is `{` (after any spaces or byte order mark).
    static func isJSON(_ file: Data) -> Bool {
        file.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }

    /// The body itself, or the `file` part of a `multipart/form-data` body.
    static func file(in body: Data, contentType: String?) throws -> Data {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return body }
        guard
            let boundary = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        else { throw AppError.badRequest("a multipart body needs its boundary", field: "file") }
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Data] = []
        var rest = body[...]
        while let found = rest.range(of: delimiter) {
            parts.append(Data(rest[rest.startIndex..<found.lowerBound]))
            rest = rest[found.upperBound...]
        }
        for part in parts.dropFirst() {
            guard let split = part.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self).lowercased()
            guard head.contains("name=\"file\"") else { continue }
            var content = Data(part[split.upperBound...])
            if content.suffix(2) == Data("\r\n".utf8) { content.removeLast(2) }
            return content
        }
        throw AppError.missing(["file"], message: "A multipart import carries the file in the field `file`")
    }
}
