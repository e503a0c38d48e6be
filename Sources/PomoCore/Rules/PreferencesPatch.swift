import Foundation

/// A partial update of the Game's preferences; absent fields stay as they are.
public struct PreferencesPatch: Sendable, Equatable {
    public var dailyGoal: Int?
    public var defaultDuration: Int?
    public var shortBreakDuration: Int?
    public var longBreakDuration: Int?
    public var notificationSound: String?
    public var themePreference: String?
    public var timezone: String?
    public var publicLeaderboard: Bool?
    public var emailNotifications: Bool?
    public var slackNotifications: Bool?
    public var autoStartBreaks: Bool?
    public var focusMode: String?

    public init() {}

    /// The documented ranges; a value outside them is refused naming its field.
    public func apply(to preferences: inout UserPreferences) throws {
        func range(_ value: Int?, _ field: String, _ allowed: ClosedRange<Int>) throws -> Int? {
            guard let value else { return nil }
            guard allowed.contains(value) else {
                throw AppError.validation(field, "\(field) must be from \(allowed.lowerBound) to \(allowed.upperBound)")
            }
            return value
        }
        func choice(_ value: String?, _ field: String, _ allowed: [String]) throws -> String? {
            guard let value else { return nil }
            guard allowed.contains(value) else {
                throw AppError.validation(field, "\(field) must be one of \(allowed.joined(separator: ", "))")
            }
            return value
        }
        var next = preferences
        next.dailyGoal = try range(dailyGoal, "daily_goal", 1...20) ?? next.dailyGoal
        next.defaultDuration = try range(defaultDuration, "default_duration", 5...120) ?? next.defaultDuration
        next.shortBreakDuration =
            try range(shortBreakDuration, "short_break_duration", 1...30) ?? next.shortBreakDuration
        next.longBreakDuration = try range(longBreakDuration, "long_break_duration", 5...60) ?? next.longBreakDuration
        next.notificationSound =
            try choice(notificationSound, "notification_sound", ["chime", "bell", "soft", "none"])
            ?? next.notificationSound
        next.themePreference =
            try choice(themePreference, "theme_preference", ["light", "dark", "auto"]) ?? next.themePreference
        next.focusMode = try choice(focusMode, "focus_mode", ["relaxed", "normal", "strict"]) ?? next.focusMode
        next.publicLeaderboard = publicLeaderboard ?? next.publicLeaderboard
        next.emailNotifications = emailNotifications ?? next.emailNotifications
        next.slackNotifications = slackNotifications ?? next.slackNotifications
        next.autoStartBreaks = autoStartBreaks ?? next.autoStartBreaks
        if let timezone { try AccountRules.validate(timezone: timezone) }
        preferences = next
    }
}
