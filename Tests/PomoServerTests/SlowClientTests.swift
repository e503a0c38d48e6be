import Foundation
import HummingbirdTesting
import PomoServer
import PomoTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A raw TCP connection, to send a request as slowly as an attacker would.
final class RawConnection: @unchecked Sendable {  // an immutable descriptor; send and recv may run on two threads
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestSetupError("connect failed: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// False once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Everything the server sends until it closes the connection (or 10 s pass).
    func readAll() -> String { readUntilClosed().text }

    /// What the server sent, and whether it closed the connection (rather than the wait ending).
    func readUntilClosed() -> (text: String, closed: Bool) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return (String(decoding: data, as: UTF8.self), true) }
            if n < 0 { return (String(decoding: data, as: UTF8.self), errno == ECONNRESET) }
            data += buffer[0..<n]
        }
    }

    deinit { close(fd) }

    /// One request on a connection of its own, and the status line of the answer.
    static func get(_ path: String, port: Int) async throws -> String {
        let connection = try RawConnection(port: port)
        connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return await connection.readAllOffPool().components(separatedBy: "\r\n").first ?? ""
    }

    /// `readAll` on a thread of its own: a blocking `recv` on one of the few cooperative threads
    /// would starve the in-process server the test is talking to.
    func readAllOffPool() async -> String { await readUntilClosedOffPool().text }

    func readUntilClosedOffPool() async -> (text: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.readUntilClosed()) }
        }
    }
}

@Suite struct SlowClientTests {
    static func shortTimeout(_ config: inout PomoConfig) { config.idleTimeout = 2 }
    /// A header 30 s long at one byte every 300 ms.
    static let endlessHeader =
        "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + String(repeating: "a", count: 60)

    @Test func aClientDribblingItsHeadersIsDroppedWhileOthersAreServed() async throws {
        try await TestApp.run(.sqlite, testing: .live, configure: Self.shortTimeout) { client in
            let port = try #require(client.port)
            let slow = try RawConnection(port: port)
            let started = ContinuousClock.now
            // MUT: one byte every 300 ms, a header that never ends
            let dribble = Task.detached {
                for byte in Self.endlessHeader {
                    guard slow.send(String(byte)) else { return ContinuousClock.now }
                    try? await Task.sleep(for: .milliseconds(300))
                }
                return ContinuousClock.now
            }
            // Others are served meanwhile.
            for _ in 0..<5 {
                #expect(try await RawConnection.get("/api/health", port: port) == "HTTP/1.1 200 OK")
                try await Task.sleep(for: .milliseconds(200))
            }
            let (answer, closed) = await slow.readUntilClosedOffPool()
            let dropped = ContinuousClock.now - started
            _ = await dribble.value
            // validate: closed after about the timeout, long before the header would have ended
            #expect(closed, "the server should close the connection, not leave it waiting")
            #expect(!answer.contains("200 OK"), "\(answer)")
            #expect(dropped < .seconds(15), "\(dropped)")
        }
    }

    @Test func aClientDribblingItsBodyGetsATimeout() async throws {
        try await TestApp.run(.sqlite, testing: .live, configure: Self.shortTimeout) { client in
            let port = try #require(client.port)
            let slow = try RawConnection(port: port)
            let body =
                #"{"username": "ana", "password": "password-123", "padding": "\#(String(repeating: "x", count: 60))"}"#
            slow.send(
                "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n")
            let started = ContinuousClock.now
            let dribble = Task.detached {
                for byte in body {
                    guard slow.send(String(byte)) else { return }
                    try? await Task.sleep(for: .milliseconds(300))
                }
            }
            let answer = await slow.readAllOffPool()
            dribble.cancel()
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(try await RawConnection.get("/api/health", port: port) == "HTTP/1.1 200 OK")
        }
    }
}
