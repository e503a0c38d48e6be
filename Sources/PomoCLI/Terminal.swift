import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few terminal facts and effects the CLI needs.
enum Terminal {
    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    static var width: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    /// Rewrites the current line in place.
    static func redraw(_ line: String) {
        write("\r\u{1B}[2K" + line)
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func bell() { write("\u{7}") }

    static func prompt(_ question: String) -> String? {
        write(question)
        return readLine(strippingNewline: true)
    }

    /// Asks on the terminal with echo off, so the secret is neither shown nor left on screen;
    /// reads a line of standard input as it is when that is not a terminal (a pipe, a script).
    static func secret(_ question: String) -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return readLine(strippingNewline: true) }
        FileHandle.standardError.write(Data(question.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return readLine(strippingNewline: true) }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Turns Ctrl-C into a flag the countdown checks, instead of killing the process, so the user
/// can choose between cancelling the session and leaving it running on the server.
final class InterruptFlag: @unchecked Sendable {  // the source is set once, in init
    private let raised = Atomic<Bool>(false)
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        self.source = source
        source.setEventHandler { [weak self] in self?.raised.store(true, ordering: .relaxed) }
        source.resume()
    }

    /// True once after each Ctrl-C.
    func take() -> Bool { raised.exchange(false, ordering: .relaxed) }

    func disarm() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
