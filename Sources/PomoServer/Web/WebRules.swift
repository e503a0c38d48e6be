import PomoCore
import PomoWire

/// The rules the web app's forms check before sending, written from the core's constants and
/// served as `/assets/rules.json`, so a form cannot drift from what the server takes.
enum WebRules {
    static func json() -> JSONValue {
        func range(_ range: ClosedRange<Int>) -> JSONValue {
            ["min": .number(Double(range.lowerBound)), "max": .number(Double(range.upperBound))]
        }
        let username = AccountRules.usernameLength
        let duration = GameRules.durationRange
        return [
            "username": [
                "minLength": .number(Double(username.lowerBound)), "maxLength": .number(Double(username.upperBound)),
                // The HTML `pattern` attribute (matched whole, `v` flag): ASCII letters, digits and the punctuation.
                "pattern": .string("[A-Za-z0-9" + AccountRules.usernamePunctuation.map(classMember).joined() + "]+"),
                "hint": .string(
                    "\(username.lowerBound)–\(username.upperBound) letters, digits, "
                        + spokenList(AccountRules.usernamePunctuation.map { "\"\($0)\"" }) + "."),
            ],
            "password": [
                "minLength": .number(Double(AccountRules.passwordMinLength)),
                "maxBytes": .number(Double(AccountRules.passwordMaxBytes)),
            ],
            "email": ["maxLength": .number(Double(AccountRules.maxLoginLength))],
            "name": ["maxLength": .number(Double(TextLimits.name))],
            "apiKeyName": ["maxLength": .number(Double(AccountRules.apiKeyNameLength.upperBound))],
            "text": ["maxLength": .number(Double(TextLimits.text))],
            "duration": range(Int(duration.lowerBound)...Int(duration.upperBound)),
            "defaultCategory": .string(GameRules.defaultCategory),
            "cancelReasons": .array(GameRules.cancelReasonLabels.map { [.string($0.reason), .string($0.label)] }),
            "categories": .array(GameRules.suggestedCategories.map(JSONValue.string)),
            // The event stream's change kinds, which the pages listen for by name.
            "changeKinds": .array(WebhookRules.kinds.map(JSONValue.string)),
            "preferences": [
                "daily_goal": range(PreferenceRules.dailyGoal),
                "default_duration": range(PreferenceRules.defaultDuration),
                "short_break_duration": range(PreferenceRules.shortBreakDuration),
                "long_break_duration": range(PreferenceRules.longBreakDuration),
                "notification_sound": .array(PreferenceRules.notificationSounds.map(JSONValue.string)),
                "theme_preference": .array(PreferenceRules.themes.map(JSONValue.string)),
                "focus_mode": .array(PreferenceRules.focusModes.map(JSONValue.string)),
            ],
        ]
    }

    /// A character as a member of a regular expression's class under the `v` flag, which the HTML
    /// `pattern` attribute uses: syntax characters and `-` escaped, others (`_`) as they are.
    static func classMember(_ character: Character) -> String {
        "^$\\.*+?()[]{}|/-".contains(character) ? "\\\(character)" : String(character)
    }
}
