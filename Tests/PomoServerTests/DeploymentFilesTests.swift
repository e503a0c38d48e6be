import Foundation
import PomoTestSupport
import Testing

/// The files an operator installs from `deploy/`, checked by the tools that read them.
@Suite struct DeploymentFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// `systemd-analyze verify` on the unit with its binary where this build put it: no warning
    /// (a mistyped key or value is only a warning there, so any output fails), and the hardening
    /// an operator expects is in it.
    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze comes with Debian's systemd"))
    func theSystemdUnitVerifiesAndIsHardened() async throws {
        let unit = try String(contentsOf: Self.root.appendingPathComponent("deploy/pomod.service"), encoding: .utf8)
        for setting in [
            "DynamicUser=yes", "StateDirectory=pomo", "ProtectSystem=strict", "NoNewPrivileges=yes", "ProtectHome=yes",
            "PrivateTmp=yes", "CapabilityBoundingSet=\n", "ExecStart=/usr/local/bin/pomod serve",
        ] {
            #expect(unit.contains(setting), "deploy/pomod.service lacks \(setting)")
        }
        let directory = try TestDatabases.temporaryDirectory()
        let copy = directory + "/pomod.service"
        try unit.replacingOccurrences(of: "/usr/local/bin/pomod", with: try binaryURL("pomod").path)
            .write(toFile: copy, atomically: true, encoding: .utf8)

        let verified = try await runExecutable(Self.systemdAnalyze!, ["verify", copy], env: [:])

        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stderr.isEmpty && verified.stdout.isEmpty, "\(verified.stdout)\(verified.stderr)")
    }
}
