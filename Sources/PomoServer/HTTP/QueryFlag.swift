import PomoCore

/// A true/false query parameter (`true`/`1`, `false`/`0`, or absent for false).
enum QueryFlag {
    static func parse(_ raw: String?, _ name: String) throws -> Bool {
        switch raw?.lowercased() {
        case nil, "", "false", "0": return false
        case "true", "1": return true
        default: throw AppError.validation(name, "\(name) must be true or false")
        }
    }
}
