import Foundation

/// What Pomo computes for an estimation's `calculate_roadmap` (the original's algorithm is not
/// public): the selected tasks, in the estimation's order, one after another over working days
/// (Monday to Friday) from `starts_at`, `working_hours_per_day` a day. A task's estimate is its
/// `data.estimated_hours` (a positive number or numeric string), else 1 hour. Days are counted,
/// not walked, so an estimate of any size costs the same.
public enum Roadmap {
    public struct Item: Sendable, Equatable {
        public var uuid: String
        public var name: String
        public var estimatedHours: Double

        public init(uuid: String, name: String, estimatedHours: Double) {
            self.uuid = uuid
            self.name = name
            self.estimatedHours = estimatedHours
        }
    }

    public struct Plan: Codable, Sendable, Equatable {
        public var workingHoursPerDay: Double
        public var workingDays: Int
        public var capacityHours: Double
        public var estimatedHours: Double
        public var fits: Bool
        public var finishesOn: String
        public var tasks: [Step]

        enum CodingKeys: String, CodingKey {
            case workingHoursPerDay = "working_hours_per_day"
            case workingDays = "working_days"
            case capacityHours = "capacity_hours"
            case estimatedHours = "estimated_hours"
            case fits
            case finishesOn = "finishes_on"
            case tasks
        }
    }

    public struct Step: Codable, Sendable, Equatable {
        public var uuid: String
        public var name: String
        public var estimatedHours: Double
        public var startsOn: String
        public var endsOn: String
        public var fits: Bool

        enum CodingKeys: String, CodingKey {
            case uuid, name, fits
            case estimatedHours = "estimated_hours"
            case startsOn = "starts_on"
            case endsOn = "ends_on"
        }
    }

    /// The largest estimate taken for one task; more is read as this (about 400 years of days).
    public static let maxHours = 1_000_000.0

    /// The hours a task's `data` estimates, 1 when it says nothing usable.
    public static func estimatedHours(data: String?) -> Double {
        guard let data, let estimate = try? JSONDecoder().decode(Estimate.self, from: Data(data.utf8)),
            let hours = estimate.hours, hours.isFinite, hours > 0
        else { return 1 }
        return min(hours, maxHours)
    }

    /// `{"estimated_hours": 3}` or `"3"`; anything else (a flag, an object) says nothing.
    private struct Estimate: Decodable {
        var hours: Double?

        enum Keys: String, CodingKey { case estimatedHours = "estimated_hours" }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            if let number = try? c.decode(Double.self, forKey: .estimatedHours) {
                hours = number
            } else if let text = try? c.decode(String.self, forKey: .estimatedHours) {
                hours = Double(text.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    /// The plan; nil when the dates are not real dates or `hoursPerDay` is not positive.
    public static func plan(_ items: [Item], startsOn: String, endsOn: String, hoursPerDay: Double) -> Plan? {
        guard hoursPerDay > 0, let start = CivilDay.parse(startsOn), let end = CivilDay.parse(endsOn), end >= start
        else {
            return nil
        }
        let available = workingDays(from: start, through: end)
        let first = firstWorkingDay(onOrAfter: start)
        var done = 0.0
        var steps: [Step] = []
        // A day index, held below about 10,000 years of working days: a tiny day's hours would
        // otherwise overflow it.
        let index = { (days: Double) in Int(min(days, 2_600_000)) }
        for item in items {
            let startIndex = index((done / hoursPerDay).rounded(.down))
            done += item.estimatedHours
            let endIndex = max(startIndex, index((done / hoursPerDay).rounded(.up)) - 1)
            steps.append(
                Step(
                    uuid: item.uuid, name: item.name, estimatedHours: item.estimatedHours,
                    startsOn: CivilDay.string(workingDay(startIndex, after: first)),
                    endsOn: CivilDay.string(workingDay(endIndex, after: first)), fits: endIndex < available))
        }
        let capacity = Double(available) * hoursPerDay
        return Plan(
            workingHoursPerDay: hoursPerDay, workingDays: available, capacityHours: capacity, estimatedHours: done,
            fits: done <= capacity, finishesOn: steps.last?.endsOn ?? CivilDay.string(first), tasks: steps)
    }

    /// The plan as the estimation's `data`.
    public static func json(_ plan: Plan) -> String { SortedJSON.text(plan) }

    // MARK: Working days, as `CivilDay` numbers

    static func firstWorkingDay(onOrAfter day: Int) -> Int {
        let w = CivilDay.weekday(day)
        return w < 5 ? day : day + (7 - w)
    }

    /// The working day `index` working days after `first` (itself a working day).
    static func workingDay(_ index: Int, after first: Int) -> Int {
        let position = CivilDay.weekday(first) + index
        return first - CivilDay.weekday(first) + (position / 5) * 7 + position % 5
    }

    /// Monday-to-Friday days from `start` through `end`, both included: five a whole week, then
    /// the few days left over one by one.
    static func workingDays(from start: Int, through end: Int) -> Int {
        let count = end - start + 1
        let rest = (0..<(count % 7)).filter { CivilDay.weekday(start + (count / 7) * 7 + $0) < 5 }.count
        return (count / 7) * 5 + rest
    }
}
