import Foundation

/// The Game's documented preference ranges and choices.
public enum PreferenceRules {
    public static let dailyGoal = 1...20
    public static let defaultDuration = 5...120
    public static let shortBreakDuration = 1...30
    public static let longBreakDuration = 5...60
    public static let notificationSounds = ["chime", "bell", "soft", "none"]
    public static let themes = ["light", "dark", "auto"]
    public static let focusModes = ["relaxed", "normal", "strict"]
}

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
        typealias R = PreferenceRules
        next.dailyGoal = try range(dailyGoal, "daily_goal", R.dailyGoal) ?? next.dailyGoal
        next.defaultDuration = try range(defaultDuration, "default_duration", R.defaultDuration) ?? next.defaultDuration
        next.shortBreakDuration =
            try range(shortBreakDuration, "short_break_duration", R.shortBreakDuration) ?? next.shortBreakDuration
        next.longBreakDuration =
            try range(longBreakDuration, "long_break_duration", R.longBreakDuration) ?? next.longBreakDuration
        next.notificationSound =
            try choice(notificationSound, "notification_sound", R.notificationSounds) ?? next.notificationSound
        next.themePreference = try choice(themePreference, "theme_preference", R.themes) ?? next.themePreference
        next.focusMode = try choice(focusMode, "focus_mode", R.focusModes) ?? next.focusMode
        next.publicLeaderboard = publicLeaderboard ?? next.publicLeaderboard
        next.emailNotifications = emailNotifications ?? next.emailNotifications
        next.slackNotifications = slackNotifications ?? next.slackNotifications
        next.autoStartBreaks = autoStartBreaks ?? next.autoStartBreaks
        if let timezone { try AccountRules.validate(timezone: timezone) }
        preferences = next
    }
}
