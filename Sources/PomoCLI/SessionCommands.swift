import ArgumentParser
import Foundation
import PomoClient
import PomoCore
import PomoWire
import Synchronization

struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan and start a focus session, then count it down.",
        discussion: """
            The countdown redraws one line in place. At the end: a bell, a note prompt, and the \
            session is submitted for its Proof-of-Focus score (Ctrl-C at the prompt submits it \
            without a note). Ctrl-C during the countdown asks whether to cancel the session (with \
            a reason) or keep it running on the server; a second Ctrl-C keeps it running.
            Examples:
              pomo start
              pomo start --minutes 50 --category Study --project Thesis --note "chapter 2"
              pomo start --detach            # start it and return; see 'pomo status'
              pomo start --task <task uuid>  # a TaskWorks session on a task
            """)

    @Option(help: "Planned length in minutes (1-240; default: your preference).") var minutes: Double?
    @Option(help: "What kind of work.") var category = GameRules.defaultCategory
    @Option(help: "Project name, or team_N for a team project.") var project = GameRules.defaultProject
    @Option(help: "Planning note: what you mean to get done.") var note: String?
    @Option(help: "Work on this task (uuid) instead of a planned category.") var task: String?
    @Flag(help: "Start the session and return at once.") var detach = false

    func validate() throws {
        let range = GameRules.durationRange
        if let minutes, !range.contains(minutes) {
            throw ValidationError("--minutes must be between \(Int(range.lowerBound)) and \(Int(range.upperBound))")
        }
    }

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            let client = context.client
            let active: PomodoroDTO?
            do {
                active = try await client.active()
            } catch let error as PomoClientError where error.isUnreachable && task == nil {
                // The timer needs no server: it runs here and the session is queued at its end.
                // The preferred length as last seen from the server.
                try await runOffline(
                    context,
                    minutes: minutes ?? Double(context.config.defaultDuration ?? UserPreferences().defaultDuration))
                return
            }
            if let active {
                throw CLIError(
                    "a session is already running (ends \(Format.time(active.scheduledEndAt))):"
                        + " see 'pomo status', 'pomo complete' or 'pomo cancel'")
            }
            var minutes = self.minutes ?? 0
            if self.minutes == nil { minutes = Double(try await context.preferences().defaultDuration) }
            if let task {
                _ = try await client.startPomodoro(type: "work", minutes: Int(minutes.rounded()), taskId: task)
            } else {
                _ = try await client.plan(
                    GamePlanRequest(
                        sessionId: UUID().uuidString.lowercased(), plannedDuration: minutes, category: category,
                        project: project, planningNotes: note, source: PomoClient.source))
            }
            guard let session = try await client.active() else { throw CLIError("the server did not start it") }
            try await Self.follow(session, context, detach: detach)
        }
    }

    /// A session started while the server cannot be reached: counted down here, kept in
    /// `current.json` from the start, and submitted (or queued) at its end like any other.
    func runOffline(_ context: CLIContext, minutes: Double) async throws {
        let now = Date()
        let focus = RunningFocus(
            sessionId: UUID().uuidString.lowercased(), category: category, project: project, start: now,
            scheduledEnd: now.addingTimeInterval(minutes * 60), offline: true)
        try focus.save(context.environment)
        Terminal.error("server unreachable: the timer runs here and the session is sent when the server is back")
        let label = "Focus · \(category) · \(project)"
        if detach {
            print("started \(label) here, \(Format.minutes(minutes)); 'pomo complete' submits it")
            return
        }
        let runner = SessionRunner(label: label, start: focus.start, end: focus.scheduledEnd)
        let outcome = try await runner.run { reason, _ in
            RunningFocus.clear(context.environment)
            print("cancelled (\(GameRules.label(ofCancelReason: reason))); the server never saw the session")
        }
        switch outcome {
        case .finished:
            Terminal.bell()
            let note = Terminal.note("Time! What did you get done? ")
            try await SessionActions.submit(focus, note: note, context)
        case .kept:
            print("the timer ran here only: 'pomo complete' submits the session, queued while the server is away")
        case .cancelled:
            break
        }
    }

    /// Shows a started session: one line when detached, else the countdown and its ending.
    static func follow(_ session: PomodoroDTO, _ context: CLIContext, detach: Bool) async throws {
        let plan = try await SessionActions.plan(of: session, context.client)
        // Kept from the start, so that an end that finds the server gone loses nothing.
        let focus = plan.map { SessionActions.focus(session, plan: $0) }
        try focus?.save(context.environment)
        let label = SessionActions.label(session, plan: plan)
        if detach {
            print(
                "started \(label), \(Format.minutes(session.durationMinutes)), ends \(Format.time(session.scheduledEndAt))"
            )
            return
        }
        let runner = SessionRunner(
            label: label, start: Timestamp.parse(session.startedAt) ?? Date(),
            end: Timestamp.parse(session.scheduledEndAt) ?? Date())
        let outcome = try await runner.run { reason, note in
            try await SessionActions.cancel(session, reason: reason, note: note, context)
        }
        switch outcome {
        case .finished:
            Terminal.bell()
            let note = plan == nil ? "" : Terminal.note("Time! What did you get done? ")
            try await SessionActions.finish(session, note: note, context, focus: focus)
        case .kept:
            print("the session keeps running on the server: 'pomo status', 'pomo complete' or 'pomo cancel'")
        case .cancelled:
            break
        }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the running session and the time left, as the server sees it.",
        discussion: """
            With --follow on a terminal, the running session's countdown redraws in place (as \
            'pomo start' shows it) and a new line says each change made anywhere, until Ctrl-C.
            """)

    @Flag(
        help:
            "Keep following: the live countdown, and the session's state again each time it changes, from any client, until Ctrl-C."
    )
    var follow = false

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            let pending = context.queue.pending().count
            if pending > 0 { print("\(Format.count(pending, "finished session")) waiting to be sent ('pomo sync')") }
            let first = try await Self.state(context.client)
            Terminal.write(first.line + "\n")
            guard follow else { return }
            guard Terminal.isInteractive else {
                try await LiveFollower(client: context.client).follow { event in
                    guard event.name.hasPrefix("session.") else { return }
                    Terminal.write(try await Self.state(context.client).line + "\n")
                }
                return
            }
            try await Self.countdown(context.client, from: first.running)
        }
    }

    /// The running session's countdown, redrawn in place, under a line for each change the event
    /// stream brings (which also starts or ends the countdown). One lock orders the writes, so a
    /// change never lands in the middle of a redraw.
    static func countdown(_ client: PomoClient, from first: SessionRunner?) async throws {
        final class Shown: Sendable {
            let runner: Mutex<SessionRunner?>
            init(_ runner: SessionRunner?) { self.runner = Mutex(runner) }
        }
        let shown = Shown(first)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await LiveFollower(client: client).follow { event in
                    guard event.name.hasPrefix("session.") else { return }
                    let state = try await Self.state(client)
                    shown.runner.withLock {
                        Terminal.redraw(state.line + "\n")
                        $0 = state.running
                    }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    shown.runner.withLock {
                        guard let runner = $0 else { return }
                        let remaining = runner.end.timeIntervalSinceNow
                        Terminal.redraw(
                            Countdown.line(
                                label: runner.label, remaining: max(0, remaining),
                                total: runner.end.timeIntervalSince(runner.start), width: Terminal.width))
                        if remaining <= 0 {
                            Terminal.bell()
                            Terminal.write("\ntime is up: 'pomo complete' submits it, 'pomo cancel' discards it\n")
                            $0 = nil
                        }
                    }
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The line `pomo status` prints, and the countdown of the session running now, if any.
    static func state(_ client: PomoClient) async throws -> (line: String, running: SessionRunner?) {
        guard let session = try await client.active() else {
            guard let waiting = try await client.unsubmitted().first else { return ("no active session", nil) }
            return (
                "no active session; \(SessionActions.waiting(waiting)) is waiting: 'pomo complete' submits it,"
                    + " 'pomo cancel' discards it", nil
            )
        }
        let plan = try await SessionActions.plan(of: session, client)
        let end = Timestamp.parse(session.scheduledEndAt) ?? Date()
        let left = end.timeIntervalSinceNow
        let state = left > 0 ? "\(Countdown.clock(Int(left.rounded(.up)))) left" : "time is up"
        let label = SessionActions.label(session, plan: plan)
        let line =
            "\(label)  \(state)"
            + " (started \(Format.time(session.startedAt)), ends \(Format.time(session.scheduledEndAt)))"
        let runner = SessionRunner(label: label, start: Timestamp.parse(session.startedAt) ?? Date(), end: end)
        return (line, left > 0 ? runner : nil)
    }
}

struct Complete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Finish the running session now and submit it.",
        discussion: """
            Time past the planned end is not counted as focus, unless you say you kept going.
            Examples:
              pomo complete --note "wrote the intro"
              pomo complete --kept-going --note "finished the chapter"
            """)

    @Option(help: "What you got done.") var note = ""
    @Flag(help: "You kept focusing past the planned end: count those minutes too.") var keptGoing = false

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            let local = RunningFocus.load(context.environment)
            let session: PomodoroDTO?
            do {
                session = try await context.client.active()
            } catch let error as PomoClientError where error.isUnreachable {
                // What the submit needs was kept when the session started: queue it.
                guard let local else { throw error }
                try await SessionActions.submit(local, note: note, context, keptGoing: keptGoing)
                return
            }
            guard let session else {
                // A session whose timer ran here while the server was away.
                if let local, local.offline {
                    try await SessionActions.submit(local, note: note, context, keptGoing: keptGoing)
                    return
                }
                // A session nobody ended in time waits to be submitted: this submits it.
                guard let waiting = try await context.client.unsubmitted().first else {
                    throw CLIError("no active session")
                }
                let focus = local.flatMap { $0.sessionId == waiting.sessionUUID ? $0 : nil }
                print("submitting \(SessionActions.waiting(waiting))")
                try await SessionActions.finish(waiting, note: note, context, focus: focus, keptGoing: keptGoing)
                return
            }
            let focus = local.flatMap { $0.sessionId == session.sessionUUID ? $0 : nil }
            try await SessionActions.finish(session, note: note, context, focus: focus, keptGoing: keptGoing)
        }
    }
}

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cancel the running session (a point of no return; partial credit).",
        discussion:
            "Reasons: \(GameRules.cancelReasons.sorted().joined(separator: ", ")).\nExample: pomo cancel --reason interruption"
    )

    @Option(help: "Why it stopped.") var reason = "user_cancelled"
    @Option(help: "A note on the cancellation.") var note: String?

    func validate() throws {
        guard GameRules.cancelReasons.contains(reason) else {
            throw ValidationError("--reason must be one of \(GameRules.cancelReasons.sorted().joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            if let session = try await context.client.active() {
                try await SessionActions.cancel(session, reason: reason, note: note, context)
            } else if let waiting = try await context.client.unsubmitted().first {
                // Nobody ended it in time: cancelling discards it (kept in the history, no credit).
                try await context.client.cancelPomodoro(id: waiting.id)
                RunningFocus.clear(context.environment)
                print("discarded \(SessionActions.waiting(waiting))")
            } else {
                throw CLIError("no active session")
            }
        }
    }
}

struct Break: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a short (or --long) break, with your preferred length.",
        discussion: "Examples:\n  pomo break\n  pomo break --long\n  pomo break --minutes 10 --detach")

    @Flag(help: "A long break.") var long = false
    @Option(help: "Length in minutes (default: your preference).") var minutes: Int?
    @Flag(help: "Start the break and return at once.") var detach = false

    func run() async throws {
        try await running {
            let context = try await CLIContext.load()
            let preferences = try await context.preferences()
            let length = minutes ?? (long ? preferences.longBreakDuration : preferences.shortBreakDuration)
            let session = try await context.client.startPomodoro(
                type: long ? "long_break" : "short_break", minutes: length)
            try await Start.follow(session, context, detach: detach)
        }
    }
}

struct Log: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log a session you did without the timer.",
        discussion: """
            Times are ISO-8601 with an offset. Example:
              pomo log --start 2025-10-01T09:00:00+02:00 --end 2025-10-01T09:25:00+02:00 --category Work
            """)

    @Option(help: "When it began (ISO-8601).") var start: String
    @Option(help: "When it ended (ISO-8601).") var end: String
    @Option(help: "What kind of work.") var category: String
    @Option(help: "Project name, or team_N.") var project = GameRules.defaultProject
    @Option(help: "What you got done.") var note = ""

    func run() async throws {
        guard let begin = Timestamp.parse(start) else { throw ValidationError("--start is not an ISO-8601 time") }
        guard let finish = Timestamp.parse(end) else { throw ValidationError("--end is not an ISO-8601 time") }
        guard finish > begin else { throw ValidationError("--end must be after --start") }
        try await running {
            let context = try await CLIContext.load()
            let minutes = (finish.timeIntervalSince(begin) / 60 * 100).rounded() / 100
            let submission = GameSubmitRequest(
                start: begin, end: finish, duration: minutes, category: category, project: project, note: note,
                source: PomoClient.source, sessionId: UUID().uuidString.lowercased())
            guard let response = try await context.submitOrQueue(submission) else { return }
            let p = response.pomodoro
            print(
                "logged \(Format.minutes(p.duration)) on \(p.project): POF \(p.pofScore), \(Format.points(p.points)) points"
            )
        }
    }
}
