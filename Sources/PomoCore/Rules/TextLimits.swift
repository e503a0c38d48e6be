import Foundation

/// The longest text Pomo stores in a field, in characters: every text a client sends is checked
/// against one of these before anything is written, so a user cannot fill the disk with a few
/// requests (a 500 KB category, 100 KB project descriptions). The README lists them.
public enum TextLimits {
    /// Names and labels: projects, tasks, activities, teams, categories, sources, app
    /// identifiers, session ids.
    public static let name = 200
    /// Free text: notes, descriptions, comments, goals, planning notes.
    public static let text = 10_000

    /// Refuses `value` when it is longer than `max` characters, naming the field.
    public static func check(_ value: String?, field: String, max: Int) throws {
        guard exceeds(value, max) else { return }
        throw AppError.validation(field, "\(field) is too long (maximum is \(max) characters)")
    }

    /// Whether `value` has more than `max` characters (counted only when its bytes could be).
    static func exceeds(_ value: String?, _ max: Int) -> Bool {
        guard let value, value.utf8.count > max else { return false }
        return value.count > max
    }

    public static func checkName(_ value: String?, field: String) throws {
        try check(value, field: field, max: name)
    }

    public static func checkText(_ value: String?, field: String) throws {
        try check(value, field: field, max: text)
    }
}
