import ArgumentParser
import Foundation
import PomoClient

@main
struct Pomo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pomo", abstract: "Focus and track time from the terminal, against a Pomo server.",
        version: "0.1.0", subcommands: [Login.self, Logout.self, WhoAmI.self])

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// A client for the saved (or `POMO_URL`/`POMO_TOKEN`) server, or a clear error.
    static func client() throws -> PomoClient {
        guard let config = ClientConfig.load(environment: environment), let url = URL(string: config.url) else {
            throw ValidationError("not logged in: run 'pomo login --url URL --username NAME' first")
        }
        return PomoClient(baseURL: url, token: config.token)
    }
}

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in and remember the server and token.",
        discussion: "Example: echo 'my password' | pomo login --url http://127.0.0.1:8080 --username ana")

    @Option(help: "Server base URL.") var url = "http://127.0.0.1:8080"
    @Option var username: String
    @Option(help: "Omit to read it from standard input.") var password: String?

    func run() async throws {
        guard let base = URL(string: url), base.scheme != nil else { throw ValidationError("--url is not a URL") }
        guard let password = password ?? readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("give --password or the password on standard input")
        }
        let response = try await PomoClient(baseURL: base).login(username: username, password: password)
        try ClientConfig(
            url: url, token: response.accessToken, refreshToken: response.refreshToken,
            username: response.user.username
        ).save(environment: Pomo.environment)
        print("logged in to \(url) as \(response.user.username)")
    }
}

struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Revoke the token and forget it.")

    func run() async throws {
        try? await Pomo.client().logout()
        try ClientConfig.remove(environment: Pomo.environment)
        print("logged out")
    }
}

struct WhoAmI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show the logged-in user.")

    func run() async throws {
        let user = try await Pomo.client().me()
        print("\(user.username) <\(user.email)> (\(user.role.lowercased()), id \(user.id), \(user.timezone))")
    }
}
