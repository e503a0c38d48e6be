import Foundation

/// What makes a username, email, password or time zone acceptable.
public enum AccountRules {
    /// The longest username or email a login can name: emails are at most 254 (RFC 5321).
    public static let maxLoginLength = 254
    public static let usernameLength = 3...32
    /// Besides ASCII letters and digits.
    public static let usernamePunctuation = "_.-"
    public static let passwordMinLength = 8
    /// bcrypt reads at most 72 bytes; a longer password would be silently cut.
    public static let passwordMaxBytes = 72
    public static let apiKeyNameLength = 1...100

    public static func validate(username: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: usernamePunctuation))
        guard usernameLength.contains(username.count),
            username.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) })
        else {
            throw AppError.validation(
                "username",
                "Username must be \(usernameLength.lowerBound)-\(usernameLength.upperBound) characters of letters, "
                    + "digits, '_', '.' or '-'")
        }
    }

    public static func validate(email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= maxLoginLength, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !email.contains(where: \.isWhitespace)
        else { throw AppError.validation("email", "Email address is not valid") }
    }

    public static func validate(password: String) throws {
        guard password.count >= passwordMinLength, password.utf8.count <= passwordMaxBytes else {
            throw AppError.validation(
                "password", "Password must be \(passwordMinLength) to \(passwordMaxBytes) bytes long")
        }
    }

    public static func validate(timezone: String) throws {
        guard TimeZone(identifier: timezone) != nil else {
            throw AppError.validation("timezone", "Unknown time zone '\(timezone)' (use an IANA name)")
        }
    }
}
