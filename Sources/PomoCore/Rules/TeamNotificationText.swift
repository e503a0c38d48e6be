import Foundation

/// What a team project's Slack-compatible webhook is told of a member's work session: the event
/// name and the text, for a session that started, completed or was cancelled (nothing else).
public enum TeamNotificationText {
    public static func message(kind: String, _ target: TeamHookTarget) -> (event: String, text: String)? {
        let session = target.session
        guard session.kind == .work else { return nil }
        let user = target.username
        switch kind {
        case "session.started":
            return (
                "session.planned",
                "\(user) started \(minutes(session.plannedMinutes ?? 0)) min on \(target.projectName)"
                    + " (\(session.category ?? "")): \(session.planningNotes ?? "")"
            )
        case "session.completed":
            let pof = session.pof
            return (
                "session.completed",
                "\(user) completed \(minutes(session.durationMinutes ?? 0)) min on \(target.projectName)"
                    + " (\(session.category ?? "")): POF \(pof?.score ?? 0), \(pof?.trustworthiness.rawValue ?? ""),"
                    + " \(pof?.points ?? 0) points"
            )
        case "session.cancelled":
            return (
                "session.cancelled",
                "\(user) cancelled a session after \(minutes(session.durationMinutes ?? 0)) min"
                    + " (\(session.cancelReason ?? "user_cancelled"))"
            )
        default:
            return nil
        }
    }

    /// Whole minutes as they are, others to one decimal.
    public static func minutes(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
