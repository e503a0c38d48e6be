import PomoCore

/// A true/false query parameter (`true`/`1`, `false`/`0`, or absent for false).
enum QueryFlag {
    /// The spellings taken, as `/openapi.json` lists them.
    static let values = ["true", "false", "1", "0"]

    static func parse(_ raw: String?, _ name: String) throws -> Bool {
        switch raw?.lowercased() {
        case nil, "", "false", "0": return false
        case "true", "1": return true
        default: throw AppError.validation(name, "\(name) must be true or false")
        }
    }
}
