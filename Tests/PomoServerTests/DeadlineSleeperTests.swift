import Testing

@testable import PomoServer

/// The shared deadline timer: a sleep ends at its deadline, not before, or at once when its task
/// is cancelled (before or after it started sleeping), and nobody is left behind.
@Suite struct DeadlineSleeperTests {
    @Test func aSleepEndsAtItsDeadlineNotBefore() async throws {
        let sleeper = DeadlineSleeper(tick: .milliseconds(20))
        let start = ContinuousClock.now
        try await sleeper.sleep(until: start + .milliseconds(150))
        #expect(ContinuousClock.now - start >= .milliseconds(150))
        #expect(sleeper.count == 0)
    }

    @Test func cancellationEndsASleepAtOnce() async throws {
        let sleeper = DeadlineSleeper(tick: .milliseconds(20))
        let asleep = Task { try await sleeper.sleep(until: .now + .seconds(3600)) }
        while sleeper.count == 0 { await Task.yield() }
        asleep.cancel()
        await #expect(throws: CancellationError.self) { try await asleep.value }
        #expect(sleeper.count == 0)

        // Cancelled before it starts sleeping.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await sleeper.sleep(until: .now + .seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await early.value }
        #expect(sleeper.count == 0)
    }

    /// Many sleepers at once, half cancelled at random moments, half reaching their deadlines.
    @Test func manySleepersAllEnd() async throws {
        let sleeper = DeadlineSleeper(tick: .milliseconds(10))
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<2_000 {
                group.addTask {
                    let sleep = Task { try await sleeper.sleep(until: .now + .milliseconds(Int64(50 + index % 100))) }
                    if index.isMultiple(of: 2) {
                        try? await Task.sleep(for: .milliseconds(Int64(index % 7)))
                        sleep.cancel()
                    }
                    return (index, (try? await sleep.value) != nil)
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 2_000)
        // Every uncancelled sleep reached its deadline.
        let uncancelled = outcomes.filter { !$0.key.isMultiple(of: 2) }
        #expect(uncancelled.count == 1_000 && !uncancelled.values.contains(false))
        #expect(sleeper.count == 0)
    }
}
