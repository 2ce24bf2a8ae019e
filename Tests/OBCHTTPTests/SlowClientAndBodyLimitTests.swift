import Foundation
import HTTPTypes
import NIOCore
import NIOPosix
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Slow clients are cut off; oversized and malformed bodies get clear problems")
struct SlowClientAndBodyLimitTests {
    let fixture = try! ManagementFixture()

    /// Issue 9: half-sent requests held descriptors forever. With short timeouts, every one of
    /// many half-sent connections (a head that never ends, a body that stops, a body that
    /// trickles in a byte at a time) is closed by the server, which keeps serving.
    @Test func halfSentRequestsAreClosedByTheServer() async throws {
        var environment = fixture.environment
        environment["OpenBankingConnector__Server__IdleTimeoutSeconds"] = "2"
        environment["OpenBankingConnector__Server__ReadTimeoutSeconds"] = "3"
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let port = try #require(client.port)
            let halfSent = [
                "POST /manage/obwac-certificates HTTP/1.1\r\nHost: localhost\r\nContent-Ty",
                "POST /manage/obwac-certificates HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"Ce",
            ]
            var channels: [any Channel] = []
            for index in 0..<300 {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
                channels.append(channel)
                // On a loaded machine the server may already have closed it: that is the point.
                try? await channel.writeAndFlush(ByteBuffer(string: halfSent[index % 2])).get()
            }
            let trickler = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
            try? await trickler.writeAndFlush(ByteBuffer(string: halfSent[1])).get()
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline, channels.contains(where: \.isActive) || trickler.isActive {
                if trickler.isActive { try? await trickler.writeAndFlush(ByteBuffer(string: " ")).get() }
                try await Task.sleep(for: .milliseconds(200))
            }
            let stillOpen = channels.filter(\.isActive).count
            for channel in channels + [trickler] where channel.isActive { try? await channel.close() }
            #expect(stillOpen == 0, "\(stillOpen) of \(channels.count) half-sent connections were still open")
            #expect(!trickler.isActive, "a request trickling its body was not cut off by the read timeout")
            // The test client's own connection sat idle too, so ask on a new one.
            let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health/live")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
    }

    @Test func timeoutSettingsMustBePositiveSeconds() async throws {
        var environment = fixture.environment
        environment["OpenBankingConnector__Server__ReadTimeoutSeconds"] = "soon"
        let runtime = try TestRuntime(environment: environment)
        defer { runtime.removeFiles() }
        await #expect(throws: (any Error).self) {
            try await runtime.withServer { _ in Issue.record("the server started with a malformed timeout") }
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let large = "{\"Certificate\":\"" + String(repeating: "A", count: 3 * 1024 * 1024) + "\"}"
        try await runtime.withServer { client in
            let response = try await client.send(.post, "/manage/obwac-certificates", raw: large)
            #expect(response.status == .contentTooLarge, "\(response.text.prefix(300))")
            #expect(response.contentType == "application/problem+json")
            #expect((response["detail"] as? String)?.contains("larger than the limit") == true)
        }
    }

    @Test func malformedJSONNamesWhereItBreaks() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let response = try await client.send(.post, "/manage/encryption-key-descriptions", raw: "{\n  \"Key\": x\n}")
            #expect(response.status == .badRequest)
            let detail = response["detail"] as? String ?? ""
            #expect(detail.contains("not well-formed JSON"), "\(detail)")
            #expect(detail.contains("line 2, column 10"), "\(detail)")
        }
    }
}
