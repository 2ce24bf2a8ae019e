import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

@testable import OBCSQLite

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("obc keys as a real process", .serialized)
struct KeysCommandTests {
    let fixture = try! ManagementFixture()

    /// Fills the runtime's database with `count` objects under a current key `Key1`.
    func populated(count: Int) async throws -> (TestRuntime, OBCRuntime) {
        let test = try TestRuntime(environment: fixture.environment)
        let runtime = try test.makeRuntime()
        _ = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key1"), setAsCurrent: true))
        let (keyId, key) = try await runtime.services.sealer.currentKey()
        var batch: [EncryptedObject] = []
        for index in 0..<count {
            batch.append(
                try SecretSealer.seal(
                    Data("secret-\(index)-".utf8) + Data(repeating: UInt8(index % 256), count: 64 + index % 512), id: UUID(), owner: UUID(),
                    purpose: .clientSecret, keyId: keyId, key: key, created: Date(), modified: Date()))
            if batch.count == 5000 || index == count - 1 {
                try await runtime.store.encryptedObjects.insert(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        return (test, runtime)
    }

    func arguments(_ command: [String], _ test: TestRuntime) -> [String] { command + ["--database", test.databasePath] }

    @Test func generatePrintsA256BitKeyAndHowToUseIt() async throws {
        let process = try CLIProcess(["keys", "generate", "--name", "Key7"])
        #expect(try await process.waitForExit() == 0)
        let lines = process.text.split(separator: "\n").map(String.init)
        let key = try #require(lines.first { Data(base64Encoded: $0)?.count == 32 })
        #expect(key.count == 44)
        #expect(process.text.contains("OpenBankingConnector__Keys__Encryption__Key7"))
        #expect(process.text.contains("obc keys add --source Configuration --name OpenBankingConnector:Keys:Encryption:Key7 --set-current"))
        let second = try await CLIProcess.run(["keys", "generate"])
        #expect(!second.output.contains(key))
    }

    @Test func addListRotateAndVerify() async throws {
        let (test, _) = try await populated(count: 300)
        defer { test.removeFiles() }
        let environment = fixture.environment
        let added = try await CLIProcess.run(
            arguments(["keys", "add", "--source", "Configuration", "--name", "OpenBankingConnector:Keys:Encryption:Key2", "--set-current"], test),
            environment: environment)
        #expect(added.status == 0, "\(added.output)")
        let newId = added.output.split(separator: "\n").map(String.init).first { UUID(uuidString: $0) != nil } ?? ""
        #expect(UUID(uuidString: newId) != nil)

        let before = try await CLIProcess.run(arguments(["keys", "list"], test), environment: environment)
        #expect(before.status == 0)
        let newLine = try #require(before.output.split(separator: "\n").first { $0.hasPrefix(newId) })
        #expect(newLine.contains("*"))
        #expect(before.output.contains("300"))

        let rotated = try await CLIProcess.run(arguments(["keys", "rotate", "--batch-size", "64"], test), environment: environment)
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(rotated.output.contains("Rotated 300 objects"))
        #expect(rotated.output.contains("objects/s"))
        #expect(rotated.output.contains("rotating: 100%"))

        let after = try await CLIProcess.run(arguments(["keys", "list"], test), environment: environment)
        let rotatedLine = try #require(after.output.split(separator: "\n").first { $0.hasPrefix(newId) })
        #expect(rotatedLine.contains(" 300 "))

        let verified = try await CLIProcess.run(arguments(["keys", "verify"], test), environment: environment)
        #expect(verified.status == 0)
        #expect(verified.output.contains("Verified 300 objects: 300 decrypt, 0 failed."))
        for secret in fixture.secretValues {
            #expect(!(added.output + before.output + rotated.output + verified.output).contains(secret))
        }
    }

    @Test func badInputAndMissingKeysGiveDistinctExitCodes() async throws {
        let (test, runtime) = try await populated(count: 3)
        defer { test.removeFiles() }
        let short = try await CLIProcess.run(
            arguments(["keys", "add", "--name", "OpenBankingConnector:Keys:Encryption:Short"], test), environment: fixture.environment)
        #expect(short.status == 65)
        #expect(short.output.contains("31 bytes"))

        let notUUID = try await CLIProcess.run(arguments(["keys", "set-current", "nope"], test), environment: fixture.environment)
        #expect(notUUID.status == 65)

        // verify fails (exit 1) when an object was tampered with, naming it.
        try await runtime.sqlite.pool.write { db in try db.execute(sql: "UPDATE encrypted_object SET tag = zeroblob(16) WHERE rowid = 1") }
        let verify = try await CLIProcess.run(arguments(["keys", "verify"], test), environment: fixture.environment)
        #expect(verify.status == 1)
        #expect(verify.output.contains("failed authentication"))

        // Without the key in the environment: a configuration error (exit 78).
        let noKey = try await CLIProcess.run(arguments(["keys", "rotate"], test))
        #expect(noKey.status == 78, "\(noKey.output)")
        #expect(noKey.output.contains("OpenBankingConnector:Keys:Encryption:Key1"))
    }

    /// Issue 9 item 14: a key that does not resolve is a configuration fault (78), reported
    /// once, with every object it leaves unreadable listed once.
    @Test func verifyWithAMissingKeyListsEachObjectOnceUnderOneCause() async throws {
        let (test, runtime) = try await populated(count: 7)
        defer { test.removeFiles() }
        let objects = try await runtime.store.encryptedObjects.batch(after: nil, notSealedWith: nil, limit: 100).objects
        #expect(objects.count == 7)
        let result = try await CLIProcess.run(arguments(["keys", "verify"], test))
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.components(separatedBy: "failed (7 objects):").count == 2, "\(result.output)")
        let causes = result.output.split(separator: "\n").filter { $0.hasPrefix("failed (") }
        #expect(causes.count == 1, "\(result.output)")
        #expect(causes.first?.contains("OpenBankingConnector:Keys:Encryption:Key1") == true)
        for object in objects {
            let line = "object \(object.id.lowercasedText)  owner \(object.ownerId.lowercasedText)  purpose \(object.purpose)"
            #expect(result.output.components(separatedBy: line).count == 2, "\(line)")
        }
        #expect(result.output.contains("Verified 7 objects: 0 decrypt, 7 failed."))

        // Tampering with one object while the key is present is exit 1, grouped the same way.
        try await runtime.sqlite.pool.write { db in try db.execute(sql: "UPDATE encrypted_object SET tag = zeroblob(16) WHERE rowid <= 2") }
        let tampered = try await CLIProcess.run(arguments(["keys", "verify"], test), environment: fixture.environment)
        #expect(tampered.status == 1, "\(tampered.output)")
        #expect(tampered.output.contains("failed (2 objects): failed authentication"))
    }

    /// A real `kill -9` part-way through, then a second run: nothing lost or duplicated.
    @Test func rotationSurvivesKillNineAndResumes() async throws {
        let (test, runtime) = try await populated(count: 60_000)
        defer { test.removeFiles() }
        let environment = fixture.environment
        let newKey = try await runtime.services.encryptionKeyDescriptions.create(
            .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2"), setAsCurrent: true))

        let rotation = try CLIProcess(arguments(["keys", "rotate", "--batch-size", "50"], test), environment: environment)
        try await rotation.waitForOutput(containing: "rotating: ")
        try await waitUntil { (try await runtime.store.encryptedObjects.countByKey()[newKey.id] ?? 0) > 0 }
        rotation.signal(SIGKILL)
        _ = try await rotation.waitForExit()
        #expect(rotation.process.terminationReason == .uncaughtSignal)
        let midway = try await runtime.store.encryptedObjects.countByKey()
        #expect(midway.values.reduce(0, +) == 60_000)
        #expect((midway[newKey.id] ?? 0) < 60_000, "the rotation finished before it was killed; use more objects")

        let resumed = try await CLIProcess.run(arguments(["keys", "rotate", "--batch-size", "500"], test), environment: environment, timeout: 300)
        #expect(resumed.status == 0, "\(resumed.output)")
        let finished = try await runtime.store.encryptedObjects.countByKey()
        #expect(finished == [newKey.id: 60_000])
        let verified = try await CLIProcess.run(arguments(["keys", "verify"], test), environment: environment, timeout: 300)
        #expect(verified.status == 0)
        #expect(verified.output.contains("Verified 60000 objects: 60000 decrypt, 0 failed."))
    }

    /// `obc serve` keeps answering and accepting writes while `obc keys rotate` runs.
    @Test func rotationRunsWhileTheServerServes() async throws {
        let (test, runtime) = try await populated(count: 20_000)
        defer { test.removeFiles() }
        let environment = fixture.environment
        try await CLIProcess.with(arguments(["serve", "--port", "0"], test), environment: environment) { server in
            let port = try await server.listeningPort()
            let newKey = try await runtime.services.encryptionKeyDescriptions.create(
                .init(key: SecretDescription(name: "OpenBankingConnector:Keys:Encryption:Key2"), setAsCurrent: true))

            let rotation = try CLIProcess(arguments(["keys", "rotate", "--batch-size", "100"], test), environment: environment)
            var requests = 0
            var failures: [String] = []
            var createdKeys: [String] = []
            var sealedDuringRotation: [(UUID, String)] = []
            while rotation.process.isRunning || requests < 20 {
                let (status, body) = try await LiveHTTP.post(
                    "http://127.0.0.1:\(port)/manage/encryption-key-descriptions",
                    ["Key": ["Name": "OpenBankingConnector:Keys:Encryption:Key1"], "Reference": "during-rotation-\(requests)"])
                requests += 1
                if status != 201 {
                    failures.append("\(status) \(body)")
                } else if let id = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] {
                    createdKeys.append(id["Id"] as? String ?? "")
                }
                let (readyStatus, _) = try await LiveHTTP.get("http://127.0.0.1:\(port)/health/ready")
                if readyStatus != 200 { failures.append("ready \(readyStatus)") }
                let owner = UUID()
                try await runtime.services.sealer.store(
                    SecretValue("written-during-rotation-\(requests)"), owner: owner, purpose: .registrationAccessToken)
                sealedDuringRotation.append((owner, "written-during-rotation-\(requests)"))
            }
            #expect(try await rotation.waitForExit(timeout: 300) == 0, "\(rotation.text)")
            #expect(failures.isEmpty, "\(failures)")
            #expect(requests >= 20)
            for id in createdKeys {
                let (status, _) = try await LiveHTTP.get("http://127.0.0.1:\(port)/manage/encryption-key-descriptions/\(id)")
                #expect(status == 200)
            }
            for (owner, value) in sealedDuringRotation {
                #expect(try await runtime.services.sealer.load(owner: owner, purpose: .registrationAccessToken)?.revealed == value)
            }
            let counts = try await runtime.store.encryptedObjects.countByKey()
            #expect(counts[newKey.id] == 20_000 + sealedDuringRotation.count)
            #expect(counts.count == 1)
        }
    }

    func waitUntil(timeout: Double = 60, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try await !condition() {
            guard Date() < deadline else { throw FixtureError(message: "condition not met in \(timeout) s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension OBCRuntime {
    /// These tests reach under the store port to damage rows on purpose.
    fileprivate var sqlite: SQLiteStore {
        get throws {
            guard let store = store as? SQLiteStore else { throw FixtureError(message: "this runtime's store is not SQLite") }
            return store
        }
    }
}
