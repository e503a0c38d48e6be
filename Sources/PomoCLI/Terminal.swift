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

    /// Asks and waits for a line, or for Ctrl-C: nil at the end of input or on Ctrl-C, which the
    /// flag has turned from an exit into an answer. The terminal hands over a line only once it
    /// is whole, so the wait polls for input and checks the flag in between.
    static func prompt(_ question: String, interrupt: InterruptFlag) -> String? {
        write(question)
        var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while true {
            if interrupt.take() {
                write("\n")
                return nil
            }
            let ready = poll(&input, 1, 100)
            if ready > 0 { return readLine(strippingNewline: true) }
            if ready < 0, errno != EINTR { return readLine(strippingNewline: true) }
        }
    }

    /// The note asked for when a session's time is up. Ctrl-C there skips the note, as the end
    /// of input does, and the session is submitted without one: the focus was done.
    static func note(_ question: String) -> String {
        let interrupt = InterruptFlag.listen()
        defer { interrupt.disarm() }
        return prompt(question, interrupt: interrupt) ?? ""
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

/// Turns Ctrl-C into a flag the countdown and the prompts check, instead of killing the
/// process, so the user can choose between cancelling the session and leaving it running on the
/// server. One signal source serves the whole run (the signal machinery does not take a second
/// registration after the first is cancelled); while nobody listens, Ctrl-C ends the process as
/// it would by default.
final class InterruptFlag: @unchecked Sendable {  // the source is set once, in init
    private static let shared = InterruptFlag()
    private let raised = Atomic<Bool>(false)
    private let listeners = Atomic<Int>(0)
    private let source: any DispatchSourceSignal

    private init() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        self.source = source
        source.setEventHandler { [unowned self] in
            guard listeners.load(ordering: .relaxed) > 0 else {
                Terminal.write("\n")
                exit(130)
            }
            raised.store(true, ordering: .relaxed)
        }
        source.resume()
    }

    /// Starts listening: Ctrl-C raises the flag until `disarm`.
    static func listen() -> InterruptFlag {
        let flag = shared
        flag.raised.store(false, ordering: .relaxed)
        flag.listeners.add(1, ordering: .relaxed)
        return flag
    }

    /// True once after each Ctrl-C.
    func take() -> Bool { raised.exchange(false, ordering: .relaxed) }

    func disarm() {
        listeners.subtract(1, ordering: .relaxed)
    }
}
