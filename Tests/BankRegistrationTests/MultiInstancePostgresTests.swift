import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Three `obc serve` processes on one PostgreSQL database, requests spread round robin.
@Suite(
    "Three instances on one PostgreSQL database", .serialized,
    .enabled(if: PostgresTestCluster.available, Comment(rawValue: PostgresTestCluster.skipMessage)))
struct MultiInstancePostgresTests {
    static let key2Name = "OpenBankingConnector:Keys:Encryption:Key2"

    func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func oneDCRAKeySetAnywhereUsedEverywhereAndRotationKilledAndResumedWhileServing() async throws {
        let harness = try await RegistrationHarness.start(postgres: true)
        defer { Task { await harness.stop() } }
        var environment = harness.runtime.environment
        environment["OpenBankingConnector__Keys__Encryption__Key2"] = TestPKI.encryptionKey()
        let statementBox = IDCollector()
        try await harness.runtime.withServer { client in
            await statementBox.add(status: 0, externalId: try await harness.createSoftwareStatement(client), text: "")
        }
        let statement = try #require(await statementBox.results.first?.externalId)
        let objectCount = 20_000
        try await seedObjects(harness.runtime, count: objectCount)

        let servers = try (0..<3).map { _ in try CLIProcess(["serve", "--port", "0"], environment: environment) }
        defer { for server in servers { server.signal(SIGTERM) } }
        var bases: [String] = []
        for server in servers { bases.append("http://127.0.0.1:\(try await server.listeningPort())") }
        let instances = bases

        // 50 concurrent POSTs for one registration group → one DCR, one ExternalApiId.
        let ids = IDCollector()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let (status, body) = try await post(
                        "\(instances[index % 3])/manage/bank-registrations",
                        [
                            "BankProfile": index % 2 == 0 ? "Lloyds_LloydsPersonal" : "Lloyds_HalifaxPersonal", "SoftwareStatementId": statement,
                            "UseSimulatedBank": true,
                        ])
                    let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
                    await ids.add(status: status, externalId: object?["ExternalApiId"] as? String, text: body)
                }
            }
            try await group.waitForAll()
        }
        let results = await ids.results
        #expect(results.allSatisfy { $0.status == 201 }, "\(results.filter { $0.status != 201 }.map(\.text).prefix(3))")
        #expect(Set(results.compactMap(\.externalId)).count == 1)
        #expect(harness.simulator.registrationPosts("Lloyds_LloydsPersonal") + harness.simulator.registrationPosts("Lloyds_HalifaxPersonal") == 1)

        // A key set current through A is used by the next registration on B.
        let (created, keyBody) = try await post(
            "\(instances[0])/manage/encryption-key-descriptions", ["Key": ["Name": Self.key2Name], "SetAsCurrentEncryptionKey": true])
        #expect(created == 201, "\(keyBody)")
        let key2Id = try #require(((try JSONSerialization.jsonObject(with: Data(keyBody.utf8))) as? [String: Any])?["Id"] as? String)
        let (registered, registration) = try await post(
            "\(instances[1])/manage/bank-registrations",
            ["BankProfile": "Lloyds_Sandbox", "SoftwareStatementId": statement, "UseSimulatedBank": true])
        #expect(registered == 201, "\(registration)")
        let listed = try await CLIProcess.run(["keys", "list"], environment: environment)
        let key2Line = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix(key2Id) }, "\(listed.output)")
        #expect((key2Line.split(separator: " ").compactMap { Int($0) }.first ?? 0) >= 1, "\(listed.output)")

        // A certificate created on A and deleted on C is gone on B at once.
        let pki = harness.simulator.pki
        let (wacStatus, wacBody) = try await post(
            "\(instances[0])/manage/obwac-certificates",
            ["AssociatedKey": ["Name": "OpenBankingConnector:Keys:ObWac"], "Certificate": pki.obWacCertificatePEM])
        #expect(wacStatus == 201, "\(wacBody)")
        let wacId = try #require(((try JSONSerialization.jsonObject(with: Data(wacBody.utf8))) as? [String: Any])?["Id"] as? String)
        #expect(try await get("\(instances[1])/manage/obwac-certificates/\(wacId)").0 == 200)
        var deletion = URLRequest(url: URL(string: "\(instances[2])/manage/obwac-certificates/\(wacId)")!)
        deletion.httpMethod = "DELETE"
        let (_, deleted) = try await URLSession.shared.data(for: deletion)
        #expect((deleted as? HTTPURLResponse)?.statusCode == 200)
        #expect(try await get("\(instances[1])/manage/obwac-certificates/\(wacId)").0 == 404)

        // Rotation killed with kill -9 and re-run while the three serve traffic.
        let traffic = Task {
            var failures: [String] = []
            var index = 0
            while !Task.isCancelled {
                do {
                    let (status, body) = try await post(
                        "\(instances[index % 3])/manage/bank-registrations",
                        ["BankProfile": "Lloyds_LloydsPersonal", "SoftwareStatementId": statement, "UseSimulatedBank": true])
                    if status != 201 { failures.append("\(status) \(body)") }
                    index += 1
                } catch {
                    // Cancelling the traffic cancels its last request; anything else is a failure.
                    if !Task.isCancelled { failures.append("\(error)") }
                }
            }
            return (index, failures)
        }
        let killed = try CLIProcess(["keys", "rotate", "--batch-size", "500"], environment: environment)
        try await killed.waitForOutput(containing: "rotating", timeout: 120)
        killed.signal(SIGKILL)
        _ = try await killed.waitForExit()
        let resumed = try await CLIProcess.run(["keys", "rotate", "--batch-size", "2000"], environment: environment, timeout: 300)
        #expect(resumed.status == 0, "\(resumed.output)")
        traffic.cancel()
        let (requests, failures) = await traffic.value
        #expect(requests > 0)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        let verified = try await CLIProcess.run(["keys", "verify"], environment: environment, timeout: 300)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains(" 0 failed."), "\(verified.output)")
        let after = try await CLIProcess.run(["keys", "list"], environment: environment)
        let rotated = try #require(after.output.split(separator: "\n").first { $0.hasPrefix(key2Id) })
        #expect((rotated.split(separator: " ").compactMap { Int($0) }.first ?? 0) > objectCount, "\(after.output)")
        let others = after.output.split(separator: "\n").filter { UUID(uuidString: String($0.prefix(36))) != nil && !$0.hasPrefix(key2Id) }
        #expect(others.allSatisfy { $0.split(separator: " ").compactMap { Int($0) }.first == 0 }, "\(after.output)")
    }

    /// Objects sealed with the current key (Key1), written through the store port.
    func seedObjects(_ test: TestRuntime, count: Int) async throws {
        let runtime = try await test.openRuntime()
        do {
            let (keyId, key) = try await runtime.services.sealer.currentKey()
            var batch: [EncryptedObject] = []
            for index in 0..<count {
                batch.append(
                    try SecretSealer.seal(
                        Data("seeded-\(index)".utf8), id: UUID(), owner: UUID(), purpose: .clientSecret, keyId: keyId, key: key, created: Date(),
                        modified: Date()))
                if batch.count == 5_000 || index == count - 1 {
                    try await runtime.store.encryptedObjects.insert(contentsOf: batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }
}
