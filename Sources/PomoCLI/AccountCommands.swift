import ArgumentParser
import Foundation
import PomoClient
import PomoWire

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in and remember the server and token (in ~/.config/pomo, mode 0600).",
        discussion: """
            Examples:
              pomo login --url https://pomo.example.com --username ana   # asks for the password
              pomo login --username ana < password-file                  # or reads it from stdin
            The password is asked for without echo on a terminal; --password exists for scripts but \
            leaves the password in the shell's history and the process list. \
            POMO_URL and POMO_TOKEN (a token or an API key) override the saved values.
            """)

    @Option(help: "Server base URL.") var url = "http://127.0.0.1:8080"
    @Option(help: "Username or email.") var username: String
    @Option(help: "Omit to be asked without echo (or to read standard input when it is not a terminal).")
    var password: String?

    func run() async throws {
        guard let base = URL(string: url), base.scheme != nil else { throw ValidationError("--url is not a URL") }
        guard let password = password ?? Terminal.secret("Password for \(username): "), !password.isEmpty else {
            throw ValidationError("no password given (type it when asked, or send it on standard input)")
        }
        try await running {
            let response: HubTokenResponse
            do {
                response = try await PomoClient(baseURL: base).login(username: username, password: password)
            } catch PomoClientError.server(401, let message) {
                // The server's own words ("Invalid credentials"); logging in again is what this is.
                throw CLIError("\(message): check the username and password")
            }
            try ClientConfig(
                url: url, token: response.accessToken, refreshToken: response.refreshToken,
                username: response.user.username, timezone: response.user.timezone
            ).save(environment: CLIContext.environment)
            print("logged in to \(url) as \(response.user.username)")
        }
    }
}

struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Revoke the token and forget it.")

    func run() async throws {
        if let context = try? await CLIContext.load(replaying: false) { try? await context.client.logout() }
        try ClientConfig.remove(environment: CLIContext.environment)
        print("logged out")
    }
}

struct WhoAmI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show the logged-in user.")

    func run() async throws {
        try await running {
            let user = try await CLIContext.load().client.me()
            print("\(user.username) <\(user.email)> (\(user.role.lowercased()), id \(user.id), \(user.timezone))")
        }
    }
}
