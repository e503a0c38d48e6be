import Foundation

/// A Game `POST /api/pomodoro/submit` body with all eight fields, a fresh `session_id` unless one
/// is given; tests change only what they are about.
func gameSubmitBody(
    start: String = "2025-11-22T07:00:00Z", end: String = "2025-11-22T07:25:00Z", duration: String = "25",
    category: String = "Work", project: String = "P", note: String = "", source: String = "pomo_cli",
    sessionId: String = UUID().uuidString
) -> String {
    """
    {"start_time": "\(start)", "end_time": "\(end)", "duration": \(duration), "category": "\(category)",
     "project": "\(project)", "note": "\(note)", "source": "\(source)", "session_id": "\(sessionId)"}
    """
}
