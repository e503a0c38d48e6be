import Foundation
import PomoCore
import PomoWire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The caller's numbers and lists.
extension PomoClient {
    public func userData() async throws -> UserDataSummary {
        try await send("GET", "api/user/data")
    }

    public func report(from: String?, to: String?, by: ReportGrouping) async throws -> ReportDTO {
        var query = [URLQueryItem(name: "by", value: by.rawValue)]
        if let from { query.append(URLQueryItem(name: "from", value: from)) }
        if let to { query.append(URLQueryItem(name: "to", value: to)) }
        let envelope: Envelope<ReportDTO> = try await send("GET", "api/v1/reports/summary", query: query)
        return envelope.data
    }

    /// The caller's projects with their totals (the Game's listing).
    public func projects() async throws -> [ProjectListItem] {
        struct Listing: Codable, Sendable { var projects: [ProjectListItem] }
        let listing: Listing = try await send("GET", "game/api/projects")
        return listing.projects
    }

    public func todayTasks() async throws -> [TodayTaskDTO] {
        let envelope: Envelope<[TodayTaskDTO]> = try await send("GET", "api/v1/tasks/today")
        return envelope.data
    }

    public func timeEntries() async throws -> [TimeMagicTimeEntry] {
        try await send("GET", "timemagic/api/time_entries")
    }

    public func activities() async throws -> [TimeMagicActivity] {
        try await send("GET", "timemagic/api/activities")
    }

    /// Everyone focusing now (a count) and who of the caller's teams.
    public func presence() async throws -> PresenceDTO {
        let envelope: Envelope<PresenceDTO> = try await send("GET", "api/v1/presence")
        return envelope.data
    }
}

/// The parts of `GET /api/user/data` the CLI shows.
public struct UserDataSummary: Codable, Sendable {
    public struct Points: Codable, Sendable {
        public var total: Double
        public var today: Double
        public var thisWeek: Double

        enum CodingKeys: String, CodingKey {
            case total, today
            case thisWeek = "this_week"
        }
    }

    public struct Streaks: Codable, Sendable {
        public var current: Int
        public var longest: Int
    }

    public var username: String
    public var timezone: String
    public var points: Points
    public var streaks: Streaks
    public var preferences: UserPreferences
}

/// An item of the Game's `GET /api/projects`.
public struct ProjectListItem: Codable, Sendable {
    public var id: String
    public var name: String
    public var type: String
    public var pomodoroCount: Int
    public var totalDuration: Double
    public var totalPoints: Double

    enum CodingKeys: String, CodingKey {
        case id, name, type
        case pomodoroCount = "pomodoro_count"
        case totalDuration = "total_duration"
        case totalPoints = "total_points"
    }

}

extension PomoClient {
    /// A page of the caller's changes after `since` (from the beginning when nil).
    public func changes(since: String?, limit: Int = 1000) async throws -> Page<ChangeDTO> {
        var query = [URLQueryItem(name: "limit", value: String(limit))]
        if let since { query.append(URLQueryItem(name: "since", value: since)) }
        let envelope: Envelope<Page<ChangeDTO>> = try await send("GET", "api/v1/changes", query: query)
        return envelope.data
    }
}

extension PomoClient {
    /// Downloads an export (`sessions`, `time_entries`, or `account`: the whole account as one
    /// JSON document) into a temporary file, without holding it in memory; the caller moves or
    /// reads it.
    public func export(_ source: String, query: [URLQueryItem]) async throws -> URL {
        var url = baseURL.appendingPathComponent(
            source == "account" ? "api/v1/account/export" : "api/v1/exports/\(source)")
        if !query.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.queryItems = query
            url = components.url ?? url
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = 600
        request.setValue("pomo-cli/\(PomoVersion.current)", forHTTPHeaderField: "X-App-Identifier")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (file, response): (URL, URLResponse)
        do {
            (file, response) = try await URLSession.shared.download(for: request)
        } catch {
            throw PomoClientError.unreachable(baseURL.absoluteString, error.localizedDescription)
        }
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            let body = (try? Data(contentsOf: file)) ?? Data()
            try? FileManager.default.removeItem(at: file)
            throw PomoClientError.server(
                status: (response as? HTTPURLResponse)?.statusCode ?? 0, message: Self.message(in: body))
        }
        return file
    }
}

extension PomoClient {
    /// Sends another tracker's export to `POST /api/v1/imports`.
    public func importFile(_ data: Data, from source: String, dryRun: Bool, zone: String?) async throws
        -> ImportResultDTO
    {
        var query = [URLQueryItem(name: "from", value: source), URLQueryItem(name: "dry_run", value: String(dryRun))]
        if let zone { query.append(URLQueryItem(name: "tz", value: zone)) }
        var components = URLComponents(
            url: baseURL.appendingPathComponent("api/v1/imports"), resolvingAgainstBaseURL: false)
        components?.queryItems = query
        var request = URLRequest(url: components?.url ?? baseURL)
        request.httpMethod = "POST"
        request.timeoutInterval = 600
        request.httpBody = data
        request.setValue(source == "pomo" ? "application/json" : "text/csv", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("pomo-cli/\(PomoVersion.current)", forHTTPHeaderField: "X-App-Identifier")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (body, response): (Data, URLResponse)
        do {
            (body, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw PomoClientError.unreachable(baseURL.absoluteString, error.localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw PomoClientError.server(status: status, message: Self.message(in: body))
        }
        do {
            return try JSONDecoder().decode(Envelope<ImportResultDTO>.self, from: body).data
        } catch {
            throw PomoClientError.invalidResponse(String(describing: error))
        }
    }
}
