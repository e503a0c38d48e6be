import Foundation

/// How a session's Proof-of-Focus score came about: each factor is a multiplier in 0...1, so the
/// score is explainable and the factors can be tuned later (REFERENCE.md proposal 4.1.3).
public struct PofFactors: Codable, Sendable, Equatable {
    /// `min(1, duration / planned)`; 1 when nothing was planned.
    public var completion: Double
    /// 1.0 planned and matching, 0.85 not planned, 0.7 planned but category or project differ.
    public var planning: Double
    /// 1.0 submitted within the 4-minute window after the end and clock checks pass, else 0.9.
    public var timing: Double
    /// 1.0 for a known first-party timer, 0.9 for anything else.
    public var source: Double
    /// 1.0 when the session overlaps none of the user's completed work sessions stored before it;
    /// `1 - share / 2` when a share of it does (0.5 for a session wholly inside earlier ones), so
    /// replayed or backdated copies of one focus period score lower. Absent (1.0) in sessions
    /// stored before it existed.
    public var overlap: Double
    /// Minutes past the plan that the user said they kept focusing, and which count: present
    /// only then (time past the plan is otherwise not focus).
    public var keptGoingMinutes: Double?
    /// True once the user changed the session's category, project or note after it was scored:
    /// the score stands, and says so.
    public var edited: Bool?
    /// True for a session the user added afterwards ("I forgot to track it"): no timer saw it.
    public var added: Bool?

    public init(
        completion: Double, planning: Double, timing: Double, source: Double, overlap: Double = 1,
        keptGoingMinutes: Double? = nil, edited: Bool? = nil, added: Bool? = nil
    ) {
        self.edited = edited
        self.added = added
        self.completion = completion
        self.planning = planning
        self.timing = timing
        self.source = source
        self.overlap = overlap
        self.keptGoingMinutes = keptGoingMinutes
    }

    enum CodingKeys: String, CodingKey {
        case completion, planning, timing, source, overlap
        case keptGoingMinutes = "kept_going_minutes"
        case edited, added
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        completion = try c.decode(Double.self, forKey: .completion)
        planning = try c.decode(Double.self, forKey: .planning)
        timing = try c.decode(Double.self, forKey: .timing)
        source = try c.decode(Double.self, forKey: .source)
        overlap = try c.decodeIfPresent(Double.self, forKey: .overlap) ?? 1
        keptGoingMinutes = try c.decodeIfPresent(Double.self, forKey: .keptGoingMinutes)
        edited = try c.decodeIfPresent(Bool.self, forKey: .edited)
        added = try c.decodeIfPresent(Bool.self, forKey: .added)
    }

    /// The factor for a session of which `share` (0...1) lies inside earlier sessions.
    public static func overlap(share: Double) -> Double {
        1 - min(1, max(0, share)) / 2
    }
}

/// Stored with the session (the default encoder wrote the same members in no fixed order).

public enum Trustworthiness: String, Codable, Sendable {
    case high = "High"
    case medium = "Medium"
    case low = "Low"

    public init(score: Int) {
        self = score >= 80 ? .high : score >= 50 ? .medium : .low
    }
}

public struct PofResult: Codable, Sendable, Equatable {
    public var score: Int
    public var trustworthiness: Trustworthiness
    public var points: Double
    public var factors: PofFactors

    public init(score: Int, trustworthiness: Trustworthiness, points: Double, factors: PofFactors) {
        self.score = score
        self.trustworthiness = trustworthiness
        self.points = points
        self.factors = factors
    }
}

public enum PlanningMatch: Sendable {
    case matched
    case notPlanned
    case mismatched
}

public enum ProofOfFocus {
    /// Sources whose timers Pomo or the Game ship. Sessions timed by Pomo's own server (TaskWorks
    /// starts, the CLI, the web app) are as trustworthy as the Game's web timer.
    public static let trustedSources: Set<String> = [
        "web_timer", "mac_app", "windows_app", "pomo_server", "pomo_cli", "pomo_web",
    ]
    /// "Post-Session Logging (4-Minute Window)".
    public static let submitWindow: TimeInterval = 4 * 60

    /// Points for a completed session: one per 25 minutes, to one decimal.
    public static func points(durationMinutes: Double) -> Double {
        (durationMinutes / 25 * 10).rounded() / 10
    }

    public static func score(
        durationMinutes: Double, plannedMinutes: Double?, planning: PlanningMatch, onTime: Bool, source: String?,
        overlapShare: Double = 0
    ) -> PofResult {
        let factors = PofFactors(
            completion: plannedMinutes.map { $0 > 0 ? min(1, durationMinutes / $0) : 1 } ?? 1,
            planning: planning == .matched ? 1 : planning == .notPlanned ? 0.85 : 0.7,
            timing: onTime ? 1 : 0.9,
            source: trustedSources.contains(source ?? "") ? 1 : 0.9, overlap: PofFactors.overlap(share: overlapShare))
        let score = Int(
            (100 * factors.completion * factors.planning * factors.timing * factors.source * factors.overlap).rounded())
        return PofResult(
            score: score, trustworthiness: Trustworthiness(score: score),
            points: points(durationMinutes: durationMinutes), factors: factors)
    }

    /// A cancelled session: half of what finishing it would have scored, scaled by the share that
    /// was done, at most 50; points likewise at half rate.
    public static func cancelled(
        elapsedMinutes: Double, plannedMinutes: Double, planning: PlanningMatch, source: String?
    ) -> PofResult {
        let full = score(
            durationMinutes: plannedMinutes, plannedMinutes: plannedMinutes, planning: planning, onTime: true,
            source: source)
        let share = plannedMinutes > 0 ? min(1, max(0, elapsedMinutes / plannedMinutes)) : 0
        let partial = min(50, Int((0.5 * Double(full.score) * share).rounded()))
        return PofResult(
            score: partial, trustworthiness: Trustworthiness(score: partial),
            points: (elapsedMinutes / 25 * 0.5 * 10).rounded() / 10,
            factors: PofFactors(
                completion: share, planning: full.factors.planning, timing: 0.5, source: full.factors.source))
    }
}
