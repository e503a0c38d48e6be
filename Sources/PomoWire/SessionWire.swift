import Foundation
import PomoCore

/// A past session as the sessions page shows it (`/api/v1/sessions`): what was planned and done,
/// the note, and the score with its factors (which say when the user edited or added it).
public struct SessionDTO: Codable, Sendable, Equatable {
    public var id: String
    public var uuid: String
    public var kind: String
    public var status: String
    public var start: String
    public var end: String?
    public var durationMinutes: Double?
    public var plannedMinutes: Double?
    public var category: String?
    /// The project's name, and its Game reference (`personal_N`, `team_N`).
    public var project: String?
    public var projectId: String?
    public var taskId: String?
    public var planningNotes: String?
    public var note: String?
    public var cancelReason: String?
    public var source: String?
    public var pofScore: Int?
    public var points: Double?
    public var trustworthiness: String?
    public var pofFactors: PofFactors?

    enum CodingKeys: String, CodingKey {
        case id, uuid, kind, status, start, end, category, project, note, source, points, trustworthiness
        case durationMinutes = "duration_minutes"
        case plannedMinutes = "planned_minutes"
        case projectId = "project_id"
        case taskId = "task_id"
        case planningNotes = "planning_notes"
        case cancelReason = "cancel_reason"
        case pofScore = "pof_score"
        case pofFactors = "pof_factors"
    }

    public init(_ session: FocusSession, project: Project?) {
        id = String(session.id)
        uuid = session.uuid
        kind = session.kind.rawValue
        status = session.status.rawValue
        start = Timestamp.format(session.startedAt)
        end = session.endedAt.map(Timestamp.format)
        durationMinutes = session.durationMinutes
        plannedMinutes = session.plannedMinutes
        category = session.category
        self.project = project?.name
        projectId = project?.gameId
        taskId = session.taskUUID
        planningNotes = session.planningNotes
        note = session.note
        cancelReason = session.cancelReason
        source = session.source
        pofScore = session.pof?.score
        points = session.pof?.points
        trustworthiness = session.pof?.trustworthiness.rawValue
        pofFactors = session.pof?.factors
    }
}
