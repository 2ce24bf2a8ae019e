import Foundation
import OBCSimulator
import OBCTestSupport
import Testing

/// Issue 19 item 1: a bank or Directory that refuses the connection gives its 502 at once,
/// naming the endpoint; when it comes back the next request succeeds at once; a slow one
/// still gets its 504 at the deadline.
@Suite("Refused connections answer at once; slow peers keep their deadline")
struct OutboundFailFastTests {
    /// The harness's connector with the Directory and/or the simulated banks moved to `base`.
    static func runtime(_ harness: RegistrationHarness, directory: String?, banks: String?) throws -> TestRuntime {
        var environment = harness.runtime.environment
        for sandbox in ["Sandbox", "Production"] where directory != nil {
            environment["OpenBankingConnector__Directory__\(sandbox)__TokenUrl"] = (directory ?? "") + "/directory/as/token.oauth2"
            environment["OpenBankingConnector__Directory__\(sandbox)__SsaBaseUrl"] = (directory ?? "") + "/directory"
        }
        if let banks { environment["OpenBankingConnector__Simulator__BaseUrl"] = banks }
        return try harness.runtime.reopened(environment: environment)
    }

    /// A 502 naming the refused endpoint (method and URL) in `detail` and in its extras.
    static func expectRefused(_ response: JSONResponse, url: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .badGateway, "\(response.text)", sourceLocation: sourceLocation)
        let endpoint = response["endpointUrl"] as? String ?? ""
        #expect(endpoint.hasPrefix(url), "\(response.text)", sourceLocation: sourceLocation)
        let method = response["endpointHttpMethod"] as? String ?? ""
        #expect((response["detail"] as? String)?.contains("\(method) \(endpoint)") == true, "\(response.text)", sourceLocation: sourceLocation)
    }

    /// A Directory or bank whose port refuses, and a Directory that accepts and resets.
    @Test(arguments: ["refusing Directory", "refusing bank", "resetting Directory"])
    func aFailedConnectionIsABadGatewayWithinOneSecondNamingTheEndpoint(peer: String) async throws {
        let resetting = peer.hasPrefix("resetting") ? try ResettingListener() : nil
        let base = "https://127.0.0.1:\(try resetting?.port ?? ClosedPort.make())"
        let bank = peer.hasSuffix("bank")
        try await withAwaitedCleanup {
            try await RegistrationHarness.with { harness in
                let runtime = try Self.runtime(harness, directory: bank ? nil : base, banks: bank ? base : nil)
                try await runtime.withServer { client in
                    let statement = try await harness.createSoftwareStatement(client)
                    let url = bank ? base + "/banks/Obie_Model2023" : base + "/directory/as/token.oauth2"
                    // The faster of two tries, so parallel suites generating RSA keys on the shared
                    // threads cannot starve the measurement; a client that retried the connection
                    // until the 5 s deadline would take 5 s on each.
                    var fastest = Duration.seconds(3600)
                    for _ in 0..<2 {
                        var refused: JSONResponse?
                        let elapsed = try await ContinuousClock().measure {
                            refused = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
                        }
                        Self.expectRefused(try #require(refused), url: url)
                        if resetting == nil {
                            let detail = refused?["detail"] as? String ?? ""
                            #expect(detail.localizedCaseInsensitiveContains("refused"), "the cause is named: \(detail)")
                        }
                        fastest = min(fastest, elapsed)
                    }
                    #expect(fastest < .seconds(1), "a \(peer) took \(fastest)")
                }
            }
        } cleanup: {
            resetting?.stop()
        }
    }

    @Test func afterARefusalTheNextRequestSucceedsAsSoonAsThePeerListensAgain() async throws {
        let port = try ClosedPort.make()
        let base = "https://127.0.0.1:\(port)"
        try await RegistrationHarness.with { harness in
            let runtime = try Self.runtime(harness, directory: base, banks: base)
            try await runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                var refused: JSONResponse?
                let elapsed = try await ContinuousClock().measure {
                    refused = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
                }
                Self.expectRefused(try #require(refused), url: base)
                #expect(elapsed < .seconds(4), "before the 5 s deadline: \(elapsed)")

                let simulator = harness.simulator
                let returned = try await SimulatedOpenBanking.start(pki: simulator.pki, tpp: simulator.tpp, profiles: simulator.profiles, port: port)
                try await withAwaitedCleanup {
                    var created: JSONResponse?
                    let took = try await ContinuousClock().measure {
                        created = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
                    }
                    #expect(created?.status == .created, "\(created?.text ?? "")")
                    // Far below the 5 s deadline a client that backed off before reconnecting would wait.
                    #expect(took < .seconds(3), "the first request after the peer returned took \(took)")
                    #expect(returned.registrationPosts("Obie_Model2023") == 1)
                } cleanup: {
                    await returned.stop()
                }
            }
        }
    }

    @Test func aSlowBankStillGetsItsGatewayTimeoutAtTheDeadline() async throws {
        try await RegistrationHarness.with { harness in
            var environment = harness.runtime.environment
            environment["OpenBankingConnector__Http__TimeoutSeconds"] = "1"
            try await harness.runtime.reopened(environment: environment).withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                harness.simulator.setFault(.delay(.seconds(4)), on: .register, profileId: "Obie_Model2023")
                var slow: JSONResponse?
                let elapsed = try await ContinuousClock().measure {
                    slow = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
                }
                let response = try #require(slow)
                #expect(response.status == .gatewayTimeout, "\(response.text)")
                #expect((response["detail"] as? String)?.contains("/banks/Obie_Model2023/register") == true, "\(response.text)")
                #expect(elapsed >= .milliseconds(900), "the 1 s deadline cannot have passed in \(elapsed)")
                #expect(elapsed < .seconds(4), "the bank's 4 s delay decided, not the 1 s deadline: \(elapsed)")
            }
        }
    }
}
