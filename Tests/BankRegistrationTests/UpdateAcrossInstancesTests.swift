import Foundation
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 20 section 3 across processes: two `obc serve` instances on one PostgreSQL database
/// share the store's update claim on a client, so 20 concurrent updates spread over both make
/// one `PUT /register/{ClientId}`, and every one answers 200 with the updated registration.
@Suite(
    "Updates of one client across instances", .serialized,
    .enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
struct UpdateAcrossInstancesTests {
    static let profile = "Lloyds_Sandbox"

    @Test func twentyConcurrentUpdatesOverTwoInstancesMakeOnePut() async throws {
        try await RegistrationHarness.with(extraConfiguration: RegistrationUpdateTests.supportsPut("Lloyds", "Sandbox"), postgres: true) {
            harness in
            let statement = try await harness.createSoftwareStatement()
            let environment = harness.runtime.environment.merging(["OpenBankingConnector__Server__HeartbeatSeconds": "1"]) { _, new in new }
            try await CLIProcess.serving(["serve", "--port", "0"], environments: [environment, environment]) { instances in
                var ids: [String] = []
                for base in instances {
                    let (status, text) = try await LiveHTTP.post(
                        "\(base)/manage/bank-registrations",
                        ["BankProfile": Self.profile, "SoftwareStatementId": statement, "UseSimulatedBank": true])
                    #expect(status == 201, "\(text)")
                    if let id = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["Id"] as? String { ids.append(id) }
                }
                #expect(ids.count == 2 && harness.simulator.registrationPosts(Self.profile) == 1, "one client for both")
                harness.simulator.setSoftwareRedirectURIs(harness.simulator.tpp.redirectURIs + [RegistrationUpdateTests.renewedRedirect])
                harness.simulator.setFault(.delay(.seconds(1)), on: .registerPut, profileId: Self.profile)
                let configuration = URLSessionConfiguration.ephemeral
                configuration.httpMaximumConnectionsPerHost = 32
                let session = URLSession(configuration: configuration)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<20 {
                        let url = "\(instances[index % 2])/manage/bank-registrations/\(ids[index / 2 % 2])"
                        group.addTask {
                            var request = URLRequest(url: URL(string: url)!, timeoutInterval: 60)
                            request.httpMethod = "PUT"
                            request.httpBody = Data("{}".utf8)
                            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                            let (_, response) = try await session.data(for: request)
                            return (response as? HTTPURLResponse)?.statusCode ?? 0
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses.count == 20 && statuses.allSatisfy { $0 == 200 }, "\(statuses)")
                #expect(harness.simulator.arrivals(.registerPut, profileId: Self.profile) == 1, "the bank saw more than one PUT")
                for (index, id) in ids.enumerated() {
                    let stored = try await LiveHTTP.send(
                        "GET", "\(instances[1 - index])/manage/bank-registrations/\(id)", json: nil)
                    #expect(stored.text.contains(RegistrationUpdateTests.renewedRedirect), "\(stored.text)")
                }
            }
        }
    }
}
