import Foundation
import OBCTestSupport
import Testing

/// Many registrations for one registration group at once, spread round robin over servers
/// that are separate `obc serve` processes: however many requests and instances, one DCR.
extension RegistrationHarness {
    /// `count` concurrent POSTs, alternating `profiles` (one registration group), over `bases`.
    func registerConcurrently(at bases: [String], profiles: [String], statement: String, count: Int = 50) async throws -> [IDCollector.Entry] {
        let ids = IDCollector()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let (status, body) = try await LiveHTTP.post(
                        "\(bases[index % bases.count])/manage/bank-registrations",
                        ["BankProfile": profiles[index % profiles.count], "SoftwareStatementId": statement, "UseSimulatedBank": true])
                    let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
                    await ids.add(status: status, externalId: object?["ExternalApiId"] as? String, text: body)
                }
            }
            try await group.waitForAll()
        }
        return await ids.results
    }

    /// Every request created a registration, all share one client, and the bank saw one DCR.
    func expectOneDCR(_ results: [IDCollector.Entry], profiles: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            results.allSatisfy { $0.status == 201 }, "\(results.filter { $0.status != 201 }.map(\.text).prefix(3))", sourceLocation: sourceLocation)
        #expect(Set(results.compactMap(\.externalId)).count == 1, sourceLocation: sourceLocation)
        #expect(profiles.map { simulator.registrationPosts($0) }.reduce(0, +) == 1, sourceLocation: sourceLocation)
    }

    /// A software statement created through a short-lived in-process server, for tests whose
    /// servers are processes; returns its id.
    func createSoftwareStatement() async throws -> String {
        let id = NSLockedValue<String?>(nil)
        try await runtime.withServer { client in
            let statement = try await createSoftwareStatement(client)
            id.withLock { $0 = statement }
        }
        guard let statement = id.withLock({ $0 }) else { throw FixtureError(message: "no software statement was created") }
        return statement
    }
}

actor IDCollector {
    struct Entry: Sendable {
        var status: Int
        var externalId: String?
        var text: String
    }
    var results: [Entry] = []
    func add(status: Int, externalId: String?, text: String) { results.append(Entry(status: status, externalId: externalId, text: text)) }
}
