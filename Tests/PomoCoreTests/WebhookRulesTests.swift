import Foundation
import Testing

@testable import PomoCore

/// The address rule on its own, over every refused range and its neighbours: nothing here
/// connects anywhere.
@Suite struct WebhookRulesTests {
    static func v4(_ text: String) -> [UInt8] { text.split(separator: ".").map { UInt8($0)! } }

    static func v6(_ groups: [UInt16]) -> [UInt8] { groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }

    @Test func refusedIPv4RangesAndTheirNeighbours() {
        let refused = [
            "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
            "192.168.0.1", "192.168.255.255", "169.254.0.1", "169.254.169.254", "100.64.0.1", "100.127.255.255",
            "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.255", "255.255.255.255", "240.0.0.1", "192.0.0.8",
            "198.18.0.1", "198.19.255.255",
        ]
        for address in refused { #expect(WebhookAddressRule.refusal(Self.v4(address)) != nil, "\(address)") }
        let allowed = [
            "1.1.1.1", "8.8.8.8", "11.0.0.1", "126.255.255.255", "128.0.0.1", "172.15.255.255", "172.32.0.1",
            "192.167.255.255", "192.169.0.1", "169.253.255.255", "169.255.0.1", "100.63.255.255", "100.128.0.1",
            "198.17.255.255", "198.20.0.1", "203.0.113.9", "223.255.255.255",
        ]
        for address in allowed { #expect(WebhookAddressRule.refusal(Self.v4(address)) == nil, "\(address)") }
        #expect(WebhookAddressRule.refusal(Self.v4("169.254.169.254")) == "a cloud metadata address")
        #expect(WebhookAddressRule.refusal(Self.v4("127.0.0.1")) == "a loopback address")
    }

    @Test func refusedIPv6RangesAndIPv4Inside() {
        let refused: [[UInt16]] = [
            [0, 0, 0, 0, 0, 0, 0, 1],  // ::1
            [0, 0, 0, 0, 0, 0, 0, 0],  // ::
            [0xFE80, 0, 0, 0, 0, 0, 0, 1], [0xFEBF, 0, 0, 0, 0, 0, 0, 1],  // link-local
            [0xFC00, 0, 0, 0, 0, 0, 0, 1], [0xFDFF, 0, 0, 0, 0, 0, 0, 1],  // unique-local
            [0xFD00, 0x0EC2, 0, 0, 0, 0, 0, 0x0254],  // AWS metadata over IPv6
            [0xFF02, 0, 0, 0, 0, 0, 0, 1],  // multicast
            [0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 0x0001],  // ::ffff:127.0.0.1
            [0, 0, 0, 0, 0, 0xFFFF, 0xA9FE, 0xA9FE],  // ::ffff:169.254.169.254
            [0, 0, 0, 0, 0, 0, 0x0A00, 0x0001],  // ::10.0.0.1
            [0x64, 0xFF9B, 0, 0, 0, 0, 0xC0A8, 0x0001],  // NAT64 of 192.168.0.1
            [0x2002, 0x7F00, 0x0001, 0, 0, 0, 0, 1],  // 6to4 of 127.0.0.1
        ]
        for groups in refused { #expect(WebhookAddressRule.refusal(Self.v6(groups)) != nil, "\(groups)") }
        let allowed: [[UInt16]] = [
            [0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111], [0xFE7F, 0, 0, 0, 0, 0, 0, 1], [0xFBFF, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0xFFFF, 0x0808, 0x0808], [0x2002, 0x0808, 0x0808, 0, 0, 0, 0, 1],
        ]
        for groups in allowed { #expect(WebhookAddressRule.refusal(Self.v6(groups)) == nil, "\(groups)") }
    }

    @Test func eventsAreKnownKindsTypesOrEverything() throws {
        #expect(
            try WebhookRules.checkEvents(["session.*", "time_entry.deleted", "session.*"]) == [
                "session.*", "time_entry.deleted",
            ])
        #expect(throws: AppError.self) { try WebhookRules.checkEvents([]) }
        #expect(throws: AppError.self) { try WebhookRules.checkEvents(["session"]) }
        #expect(WebhookRules.matches(["session.*"], kind: "session.completed"))
        #expect(!WebhookRules.matches(["session.*"], kind: "sessions.completed"))
        #expect(!WebhookRules.matches(["task.created"], kind: "task.deleted"))
        #expect(WebhookRules.matches(["*"], kind: "goal.updated"))
    }
}
