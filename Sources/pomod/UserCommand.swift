import ArgumentParser
import Foundation
import PomoCore
import PomoServer

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts directly in the database.",
        subcommands: [
            Create.self, List.self, SetSubscription.self, ResetPassword.self, Disable.self, Enable.self,
        ])

    /// Opens the database, runs `body` with the account service, and closes it again.
    static func withAccounts(_ options: ServerOptions, _ body: (AccountService) async throws -> Void) async throws {
        do {
            try await options.withRuntime { try await body($0.accounts()) }
        } catch let error as AppError {
            throw ValidationError(error.message)
        }
    }

    /// `disable` and `enable`: sets the account's state and says what it now is.
    static func setActive(_ options: ServerOptions, _ username: String, _ active: Bool, _ outcome: String) async throws
    {
        try await withAccounts(options) { accounts in
            let user = try await accounts.setActive(username: username, active)
            print("\(user.username) \(outcome)")
        }
    }

    /// The password from a flag, or the first line of standard input (so it stays out of `ps`).
    static func password(_ flag: String?) throws -> String {
        if let flag { return flag }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("give --password or the password on standard input")
        }
        return line
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user (works when registration is closed).",
            discussion: "Example: echo 's3cret-pass' | pomod user create --username ana --email ana@example.com")
        @OptionGroup var options: ServerOptions
        @Option var username: String
        @Option var email: String
        @Option(help: "Omit to read it from standard input.") var password: String?
        @Option var timezone = "UTC"

        func run() async throws {
            try await UserCommand.withAccounts(options) { accounts in
                let user = try await accounts.register(
                    username: username, email: email, password: try UserCommand.password(password),
                    timezone: timezone, byAdmin: true)
                print("created user \(user.username) (id \(user.id), \(user.role.rawValue))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await UserCommand.withAccounts(options) { accounts in
                for user in try await accounts.stores.users.list() {
                    let until = user.subscriptionActiveUntil.map(Timestamp.format) ?? "none"
                    print("\(user.id)\t\(user.username)\t\(user.email)\t\(user.role.rawValue)\tsubscription: \(until)")
                }
            }
        }
    }

    struct SetSubscription: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subscription", abstract: "Set when a user's subscription ends.",
            discussion: "UNTIL is an ISO-8601 date-time, 'open' (no end) or 'none'.")
        @OptionGroup var options: ServerOptions
        @Argument var username: String
        @Argument var until: String

        func run() async throws {
            let date: Date?
            switch until {
            case "none": date = nil
            case "open": date = Subscription.openEnded
            default:
                guard let parsed = Timestamp.parse(until) else {
                    throw ValidationError("UNTIL must be an ISO-8601 date-time, 'open' or 'none'")
                }
                date = parsed
            }
            try await UserCommand.withAccounts(options) { accounts in
                let user = try await accounts.setSubscription(username: username, activeUntil: date)
                print("\(user.username): subscription \(user.subscriptionActiveUntil.map(Timestamp.format) ?? "none")")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set a new password and end every session of the user (tokens and web sessions).",
            discussion: "Example: echo 'new-pass-phrase' | pomod user reset-password ana")
        @OptionGroup var options: ServerOptions
        @Argument var username: String
        @Option(help: "Omit to read it from standard input.") var password: String?

        func run() async throws {
            try await UserCommand.withAccounts(options) { accounts in
                guard let user = try await accounts.stores.users.find(login: username) else {
                    throw AppError.notFound("No user named '\(username)'")
                }
                let keys = try await accounts.resetPassword(
                    userId: user.id, newPassword: try UserCommand.password(password))
                print("password reset for \(user.username); every session and token of the account is ended")
                if keys > 0 {
                    print(
                        "\(keys) API key\(keys == 1 ? "" : "s") of \(user.username) still work; the user revokes them in"
                            + " Settings or with DELETE /api/v1/auth/api-keys/{id}, or disable the account:"
                            + " pomod user disable \(user.username)")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: every credential of it (tokens, web sessions, API keys) is refused at once.")
        @OptionGroup var options: ServerOptions
        @Argument var username: String

        func run() async throws {
            try await UserCommand.setActive(
                options, username, false, "is disabled; its sessions are ended and its API keys refused")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enable a disabled account again (the user logs in anew; API keys work again).")
        @OptionGroup var options: ServerOptions
        @Argument var username: String

        func run() async throws {
            try await UserCommand.setActive(options, username, true, "is enabled")
        }
    }
}
