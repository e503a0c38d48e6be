import Foundation

/// A Game submit whose fields have the right types; `GameRules.check` then applies the time rules.
public struct GameSubmission: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var durationMinutes: Double
    public var category: String
    public var project: String
    public var note: String
    public var source: String
    /// Lower-cased client UUID.
    public var sessionId: String
    /// Pomo's `kept_going`: the minutes past the plan were focus too.
    public var keptGoing: Bool
    /// Added afterwards by the user (the sessions page's "I forgot to track it"), not timed.
    public var added = false

    public init(
        start: Date, end: Date, durationMinutes: Double, category: String, project: String, note: String,
        source: String, sessionId: String, keptGoing: Bool = false
    ) {
        self.keptGoing = keptGoing
        self.start = start
        self.end = end
        self.durationMinutes = durationMinutes
        self.category = category
        self.project = project
        self.note = note
        self.source = source
        self.sessionId = sessionId
    }

    /// Two submits are "the same body" when these fields agree: FNV-1a over the fields joined
    /// by U+001F (hashed field by field, without building the joined text). Stored with each
    /// submitted session, so its value must never change.
    public var digest: String {
        var hash = FNV1a()
        hash.add(String(Timestamp.milliseconds(start)))
        for field in [
            String(Timestamp.milliseconds(end)), String(durationMinutes), category, project, note, source, sessionId,
        ] {
            hash.add(0x1F)
            hash.add(field)
        }
        // Only when set, so that every digest stored before it existed stays the same.
        if keptGoing {
            hash.add(0x1F)
            hash.add("kept_going")
        }
        if added {
            hash.add(0x1F)
            hash.add("added")
        }
        return String(hash.value, radix: 16)
    }
}

/// The Game's anti-cheat time rules for submits, and the fixed lists it accepts.
public enum GameRules {
    /// How far in the future a start may be, for clocks that disagree a little.
    public static let clockSkew: TimeInterval = 2 * 60
    public static let durationRange: ClosedRange<Double> = 1...240
    /// The category a plan gets when none is chosen, in every client, so one user's reports do
    /// not split between two names for the same work.
    public static let defaultCategory = "Doing"
    /// Categories the clients offer to pick from (any other name is accepted too).
    public static let suggestedCategories = [
        "Doing", "Deciding", "Defining", "Programming", "Writing", "Learning", "Design", "Research", "Meeting", "Admin",
    ]
    /// The project a plan gets when none is named.
    public static let defaultProject = "General"
    /// A planned session lapses this long after its planned end.
    public static let planGrace: TimeInterval = 30 * 60
    public static let cancelReasons: Set<String> = Set(cancelReasonLabels.map(\.reason))
    /// Each cancel reason and the words a person reads for it, in the order the clients offer them.
    public static let cancelReasonLabels: [(reason: String, label: String)] = [
        ("interruption", "Interrupted"), ("distraction", "Distracted"), ("emergency", "Emergency"),
        ("technical", "Technical problem"), ("completed_early", "Done early"), ("user_cancelled", "Changed my mind"),
        ("other", "Other"),
    ]

    /// "Interrupted" for `interruption`; a discarded session's "Discarded"; else the reason itself.
    public static func label(ofCancelReason reason: String) -> String {
        if reason == "discarded" { return "Discarded" }
        return cancelReasonLabels.first { $0.reason == reason }?.label ?? reason
    }

    public static func check(_ submission: GameSubmission, now: Date) throws {
        try TextLimits.checkName(submission.sessionId, field: "session_id")
        try TextLimits.checkName(submission.category, field: "category")
        try TextLimits.checkName(submission.project, field: "project")
        try TextLimits.checkName(submission.source, field: "source")
        try TextLimits.checkText(submission.note, field: "note")
        guard submission.end > submission.start else {
            throw AppError.validation("end_time", "end_time must be after start_time")
        }
        guard durationRange.contains(submission.durationMinutes) else {
            throw AppError.validation("duration", "duration must be between 1 and 240 minutes")
        }
        let span = submission.end.timeIntervalSince(submission.start) / 60
        guard abs(span - submission.durationMinutes) <= 1 else {
            throw AppError.validation("duration", "Duration does not match start/end time")
        }
        guard submission.start <= now.addingTimeInterval(clockSkew) else {
            throw AppError.validation("start_time", "start_time is in the future")
        }
    }

    /// `mac_app`, `windows_app` or `web_timer` from an `X-App-Identifier` such as
    /// `RegardingWork-Mac-v1.0`; any other identifier is kept as it is.
    public static func source(fromAppIdentifier identifier: String) -> String {
        let lower = identifier.lowercased()
        if lower.contains("mac") { return "mac_app" }
        if lower.contains("windows") { return "windows_app" }
        if lower.contains("web") { return "web_timer" }
        return identifier
    }
}
