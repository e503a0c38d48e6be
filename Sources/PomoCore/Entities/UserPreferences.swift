/// The Game's user preferences, with the documented defaults. Ranges are checked where they are
/// written (the preferences endpoint); the store keeps them as one JSON document per user.
public struct UserPreferences: Codable, Sendable, Equatable {
    public var dailyGoal: Int = 8
    public var defaultDuration: Int = 25
    public var shortBreakDuration: Int = 5
    public var longBreakDuration: Int = 15
    public var notificationSound: String = "chime"
    public var themePreference: String = "auto"
    public var publicLeaderboard: Bool = false
    public var emailNotifications: Bool = false
    public var slackNotifications: Bool = false
    public var autoStartBreaks: Bool = false
    public var focusMode: String = "normal"

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case dailyGoal = "daily_goal"
        case defaultDuration = "default_duration"
        case shortBreakDuration = "short_break_duration"
        case longBreakDuration = "long_break_duration"
        case notificationSound = "notification_sound"
        case themePreference = "theme_preference"
        case publicLeaderboard = "public_leaderboard"
        case emailNotifications = "email_notifications"
        case slackNotifications = "slack_notifications"
        case autoStartBreaks = "auto_start_breaks"
        case focusMode = "focus_mode"

        /// The wire names of every preference.
        public static var allNames: [String] { allCases.map(\.rawValue) }
    }

    /// Missing keys keep their defaults, so documents written by older versions still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = UserPreferences()
        dailyGoal = try c.decodeIfPresent(Int.self, forKey: .dailyGoal) ?? d.dailyGoal
        defaultDuration = try c.decodeIfPresent(Int.self, forKey: .defaultDuration) ?? d.defaultDuration
        shortBreakDuration = try c.decodeIfPresent(Int.self, forKey: .shortBreakDuration) ?? d.shortBreakDuration
        longBreakDuration = try c.decodeIfPresent(Int.self, forKey: .longBreakDuration) ?? d.longBreakDuration
        notificationSound = try c.decodeIfPresent(String.self, forKey: .notificationSound) ?? d.notificationSound
        themePreference = try c.decodeIfPresent(String.self, forKey: .themePreference) ?? d.themePreference
        publicLeaderboard = try c.decodeIfPresent(Bool.self, forKey: .publicLeaderboard) ?? d.publicLeaderboard
        emailNotifications = try c.decodeIfPresent(Bool.self, forKey: .emailNotifications) ?? d.emailNotifications
        slackNotifications = try c.decodeIfPresent(Bool.self, forKey: .slackNotifications) ?? d.slackNotifications
        autoStartBreaks = try c.decodeIfPresent(Bool.self, forKey: .autoStartBreaks) ?? d.autoStartBreaks
        focusMode = try c.decodeIfPresent(String.self, forKey: .focusMode) ?? d.focusMode
    }
}
