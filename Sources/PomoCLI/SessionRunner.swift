import Foundation
import PomoClient
import PomoCore
import PomoWire

/// The live part of `pomo start` and `pomo break`: counts down to the server's scheduled end,
/// redrawing one line in place (or a line a minute when stdout is not a terminal), and turns
/// Ctrl-C into a choice instead of an exit.
struct SessionRunner {
    enum Outcome {
        case finished
        case kept
        case cancelled
    }

    var label: String
    var start: Date
    var end: Date

    func run(cancel: (_ reason: String, _ note: String?) async throws -> Void) async throws -> Outcome {
        let interrupt = InterruptFlag.listen()
        defer { interrupt.disarm() }
        let total = end.timeIntervalSince(start)
        var lastPlain: TimeInterval?
        while true {
            let remaining = end.timeIntervalSinceNow
            if interrupt.take() {
                switch try await ask(interrupt, cancel: cancel) {
                case .some(let outcome): return outcome
                case .none: continue
                }
            }
            if Terminal.isInteractive {
                Terminal.redraw(
                    Countdown.line(label: label, remaining: max(0, remaining), total: total, width: Terminal.width))
            } else if Countdown.plainLineDue(previous: lastPlain, remaining: max(0, remaining)) {
                print(Countdown.plain(label: label, remaining: max(0, remaining)))
                lastPlain = max(0, remaining)
            }
            if remaining <= 0 { break }
            try await Task.sleep(for: .milliseconds(Int(min(250, remaining * 1000)) + 1))
        }
        if Terminal.isInteractive { Terminal.write("\n") }
        return .finished
    }

    /// nil: resume the countdown. A second Ctrl-C, like the end of input, keeps the session; at
    /// the reason and note prompts it takes the default.
    private func ask(_ interrupt: InterruptFlag, cancel: (String, String?) async throws -> Void) async throws
        -> Outcome?
    {
        Terminal.write("\n")
        let answer = Terminal.prompt(
            "Stop here? [c] cancel the session  [k] keep it running on the server  [r] resume: ",
            interrupt: interrupt)
        switch answer?.lowercased().first {
        case "c":
            let reasons = GameRules.cancelReasons.sorted()
            for (n, reason) in reasons.enumerated() { print("  \(n + 1). \(GameRules.label(ofCancelReason: reason))") }
            let fallback = GameRules.label(ofCancelReason: "user_cancelled")
            let pick = Terminal.prompt("Reason [1-\(reasons.count), default: \(fallback)]: ", interrupt: interrupt)
                .flatMap { Int($0) }
            let reason = pick.flatMap { (1...reasons.count).contains($0) ? reasons[$0 - 1] : nil } ?? "user_cancelled"
            let note = Terminal.prompt("Note (optional): ", interrupt: interrupt).flatMap { $0.isEmpty ? nil : $0 }
            try await cancel(reason, note)
            return .cancelled
        case "k", nil:
            return .kept
        default:
            return nil
        }
    }
}

/// Finishing and cancelling the active session, shared by the live countdown and the commands.
enum SessionActions {

    /// Work the Game planned is submitted with its plan and the note; anything else (a break, a
    /// TaskWorks session on a task) is completed through TaskWorks. `focus` is the plan as kept
    /// when the session started; without it the plan is asked of the server.
    static func finish(
        _ session: PomodoroDTO, note: String, _ context: CLIContext, focus: RunningFocus? = nil, keptGoing: Bool = false
    ) async throws {
        let client = context.client
        let known: RunningFocus?
        if let focus {
            known = focus
        } else {
            known = try await plan(of: session, client).map { Self.focus(session, plan: $0) }
        }
        if let known {
            try await submit(known, note: note, context, keptGoing: keptGoing)
        } else {
            let done = try await client.completePomodoro(id: session.id, keptGoing: keptGoing, note: note)
            var line = "completed \(done.sessionType.replacingOccurrences(of: "_", with: " "))"
            if let score = done.pofScore {
                line += ": POF \(score) (\(done.trustworthiness ?? "")), \(Format.points(done.points ?? 0)) points"
            }
            print(line)
        }
    }

    /// Submits a planned work session (or queues it when the server cannot be reached); either
    /// way the local copy of the running session has done its work.
    static func submit(_ focus: RunningFocus, note: String, _ context: CLIContext, keptGoing: Bool = false)
        async throws
    {
        let submission = focus.submission(note: note, now: Date(), source: PomoClient.source, keptGoing: keptGoing)
        let response = try await context.submitOrQueue(submission)
        RunningFocus.clear(context.environment)
        guard let pomodoro = response?.pomodoro else { return }
        print(
            "logged \(Format.minutes(pomodoro.duration)) on \(pomodoro.project) (\(pomodoro.category)):"
                + " POF \(pomodoro.pofScore) (\(pomodoro.trustworthiness)), \(Format.points(pomodoro.points)) points")
    }

    /// "the work session from 2:40 PM (25 min)": a session waiting to be submitted.
    static func waiting(_ session: PomodoroDTO) -> String {
        "the \(session.sessionType.replacingOccurrences(of: "_", with: " ")) session from \(Format.time(session.startedAt))"
            + " (\(Format.minutes(session.durationMinutes)))"
    }

    /// What the submit of a planned session needs, from the server's view of it.
    static func focus(_ session: PomodoroDTO, plan: GamePresession) -> RunningFocus {
        let start = Timestamp.parse(session.startedAt) ?? Date()
        return RunningFocus(
            sessionId: plan.session_id, category: plan.category, project: plan.project?.id ?? GameRules.defaultProject,
            start: start,
            scheduledEnd: Timestamp.parse(session.scheduledEndAt)
                ?? start.addingTimeInterval(session.durationMinutes * 60))
    }

    static func cancel(_ session: PomodoroDTO, reason: String, note: String?, _ context: CLIContext) async throws {
        if let plan = try await plan(of: session, context.client) {
            let start = Timestamp.parse(session.startedAt) ?? Date()
            let elapsed = max(0, Date().timeIntervalSince(start) / 60)
            let response = try await context.client.cancel(
                GameCancelRequest(
                    sessionId: plan.session_id, plannedDuration: session.durationMinutes,
                    elapsedMinutes: (elapsed * 100).rounded() / 100, reason: reason, note: note,
                    source: PomoClient.source))
            let c = response.cancellation
            print(
                "cancelled after \(Format.minutes(c.elapsedMinutes)) (\(GameRules.label(ofCancelReason: c.reason))): partial POF \(c.partialPofScore),"
                    + " \(Format.points(c.points)) points")
        } else {
            try await context.client.cancelPomodoro(id: session.id)
            print("cancelled")
        }
        RunningFocus.clear(context.environment)
    }

    /// The Game plan behind a work session, if it has one with a category.
    static func plan(of session: PomodoroDTO, _ client: PomoClient) async throws -> GamePresession? {
        guard session.sessionType == "work", let uuid = session.sessionUUID else { return nil }
        let plan = try await client.presession(uuid: uuid)
        return plan.category.isEmpty ? nil : plan
    }

    static func label(_ session: PomodoroDTO, plan: GamePresession?) -> String {
        switch session.sessionType {
        case "short_break": return "Short break"
        case "long_break": return "Long break"
        default:
            guard let plan else { return "Focus" }
            return "Focus · \(plan.category) · \(plan.project?.name ?? GameRules.defaultProject)"
        }
    }
}
