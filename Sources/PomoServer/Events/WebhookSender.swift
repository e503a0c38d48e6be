import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PomoCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Posts webhook deliveries. It resolves the host itself, judges every address by the address
/// rule, connects to an allowed address (so the address judged is the address connected to: a
/// name cannot resolve to a public address for the check and to 127.0.0.1 for the connection),
/// checks the connected peer once more, and reads only the status line of the answer. It follows
/// no redirects: a 3xx is a failed delivery.
struct WebhookSender: WebhookAddressVetter {
    /// `POMO_WEBHOOK_ALLOW_PRIVATE`: loopback and private addresses too (a home lab, the tests).
    let allowPrivate: Bool
    /// `POMO_WEBHOOK_HOSTS`: when not empty, the only hosts posted to (no other name is even resolved).
    var hosts: Set<String> = []
    let timeout: Duration

    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    struct Answer: Sendable {
        var code: Int
        var succeeded: Bool { (200..<300).contains(code) }
    }

    func refusal(for url: URL) async -> String? {
        guard let host = url.host else { return "a URL without a host" }
        do {
            _ = try await vettedAddresses(host: host, port: Self.port(of: url))
            return nil
        } catch {
            return Self.describe(error)
        }
    }

    /// POSTs `body` and returns the answer's status; throws `Refused` for a refused address and
    /// the connection's error otherwise.
    func post(url: URL, headers: [(String, String)], body: String) async throws -> Answer {
        guard let host = url.host else { throw Refused(description: "a URL without a host") }
        let port = Self.port(of: url)
        let addresses = try await vettedAddresses(host: host, port: port)
        let tls = url.scheme?.lowercased() == "https"
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        var lastError: any Error = Refused(description: "\(host) has no address")
        for address in addresses {
            do {
                return try await post(
                    to: address, host: host, port: port, tls: tls, path: path, headers: headers, body: body)
            } catch let error as Refused {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private func post(
        to address: SocketAddress, host: String, port: Int, tls: Bool, path: String, headers: [(String, String)],
        body: String
    ) async throws -> Answer {
        let status = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Int.self)
        let sslContext = tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        // A host given as an address is not a name to present in TLS's server name indication.
        let serverName = SocketAddress.isLiteral(host) ? nil : host
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(Int64(timeout.components.seconds)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(StatusHandler(status: status))
                    }
                }
                .connect(to: address).get()
        } catch {
            status.fail(error)
            throw error
        }
        defer { channel.close(promise: nil) }
        // The peer connected to is the address judged; checked once more on the socket itself.
        if !allowPrivate, let peer = channel.remoteAddress, let reason = Self.refusal(peer) {
            throw Refused(description: "\(host): \(peer.ipAddress ?? "?") is \(reason)")
        }
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: port == (tls ? 443 : 80) ? host : "\(host):\(port)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(body.utf8.count))
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "User-Agent", value: "pomod/\(PomoVersion.current) (webhook)")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask { try await status.futureResult.get() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Refused(description: "\(host): no answer in \(timeout.components.seconds) s")
            }
            defer { group.cancelAll() }
            // Closing the channel fails the status promise, so the group never waits on it.
            do {
                return Answer(code: try await group.next()!)
            } catch {
                channel.close(promise: nil)
                throw error
            }
        }
    }

    /// The host's addresses, when every one of them is allowed.
    private func vettedAddresses(host: String, port: Int) async throws -> [SocketAddress] {
        if !hosts.isEmpty && !hosts.contains(host.lowercased()) {
            throw Refused(description: "\(host) is not one of the hosts POMO_WEBHOOK_HOSTS allows")
        }
        let addresses = try await Self.resolve(host: host, port: port)
        guard !addresses.isEmpty else { throw Refused(description: "\(host) has no address") }
        if !allowPrivate {
            for address in addresses {
                if let reason = Self.refusal(address) {
                    throw Refused(description: "\(host) resolves to \(address.ipAddress ?? "?"), \(reason)")
                }
            }
        }
        return addresses
    }

    static func refusal(_ address: SocketAddress) -> String? {
        switch address {
        case .v4(let v4): return withUnsafeBytes(of: v4.address.sin_addr) { WebhookAddressRule.refusal(Array($0)) }
        case .v6(let v6): return withUnsafeBytes(of: v6.address.sin6_addr) { WebhookAddressRule.refusal(Array($0)) }
        default: return "not an internet address"
        }
    }

    static func port(of url: URL) -> Int { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80) }

    /// getaddrinfo(3), off the event loops: every address of the name, IPv4 and IPv6.
    static func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        // A bracketed IPv6 literal reaches here without its brackets from URL.host on some
        // platforms and with them on others.
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_family = AF_UNSPEC
            var list: UnsafeMutablePointer<addrinfo>?
            let result = getaddrinfo(name, String(port), &hints, &list)
            guard result == 0, let first = list else {
                throw Refused(description: "\(name) does not resolve (\(String(cString: gai_strerror(result))))")
            }
            defer { freeaddrinfo(first) }
            var addresses: [SocketAddress] = []
            var next: UnsafeMutablePointer<addrinfo>? = first
            while let info = next {
                if let raw = info.pointee.ai_addr {
                    switch info.pointee.ai_family {
                    case AF_INET:
                        addresses.append(
                            raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                                SocketAddress($0.pointee, host: name)
                            })
                    case AF_INET6:
                        addresses.append(
                            raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                                SocketAddress($0.pointee, host: name)
                            })
                    default: break
                    }
                }
                next = info.pointee.ai_next
            }
            return addresses
        }
    }

    static func describe(_ error: any Error) -> String {
        if let refused = error as? Refused { return refused.description }
        if let error = error as? NIOConnectionError {
            return "cannot connect (\(error.dnsAError == nil ? "refused or unreachable" : "no address"))"
        }
        if let error = error as? ChannelError { return "connection failed (\(error))" }
        if let error = error as? IOError { return "connection failed (\(error.description))" }
        if let error = error as? NIOSSLError { return "TLS failed (\(error))" }
        return "\(type(of: error))"
    }
}

extension SocketAddress {
    static func isLiteral(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: 0)) != nil
    }
}

/// Takes the status of the answer's head and closes: the body is not read.
private final class StatusHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    let status: EventLoopPromise<Int>
    private var done = false

    init(status: EventLoopPromise<Int>) { self.status = status }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data), !done else { return }
        done = true
        status.succeed(Int(head.status.code))
        context.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done {
            done = true
            status.fail(error)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            status.fail(ChannelError.eof)
        }
        context.fireChannelInactive()
    }
}
