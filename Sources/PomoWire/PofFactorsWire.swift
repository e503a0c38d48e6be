import PomoCore

/// The factors behind a Proof-of-Focus score, as stored and as `GET /api/pomodoro/{id}` shows them.
extension PofFactors: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.key("completion")
            json.number(completion)
            json.key("planning")
            json.number(planning)
            json.key("timing")
            json.number(timing)
            json.key("source")
            json.number(source)
            json.key("overlap")
            json.number(overlap)
            if let keptGoingMinutes {
                json.key("kept_going_minutes")
                json.number(keptGoingMinutes)
            }
            if edited == true {
                json.key("edited")
                json.bool(true)
            }
            if added == true {
                json.key("added")
                json.bool(true)
            }
        }
    }
}
