import Crypto
import Foundation
import OBCCore
import OBCPluginAPI

extension StoreContract {
    static func concurrentClaims(_ store: any Store) async throws {
        let statement = try await statement(in: store)
        let outcomes = try await withThrowingTaskGroup(of: BankClientClaim.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await store.bankClients.claim(candidate(statement.id), owner: UUID(), staleBefore: Date().addingTimeInterval(-60))
                }
            }
            return try await group.reduce(into: [BankClientClaim]()) { $0.append($1) }
        }
        let claimed = outcomes.compactMap { outcome -> BankClient? in
            if case .claimed(let client) = outcome { return client }
            return nil
        }
        try require(claimed.count == 1, "\(claimed.count) of 50 concurrent claims were granted")
        try require(outcomes.allSatisfy { if case .active = $0 { false } else { true } }, "a pending claim was reported active")
        var winner = claimed[0]
        winner.externalApiId = "external"
        try await store.bankClients.activate(winner)
        guard
            case .active(let reused) = try await store.bankClients.claim(
                candidate(statement.id), owner: UUID(), staleBefore: Date().addingTimeInterval(-60))
        else { throw ContractViolation(description: "a claim after activation did not re-use the active client") }
        try require(reused.id == winner.id && reused.externalApiId == "external", "the re-used client is not the activated one")
    }

    static func staleTakeover(_ store: any Store) async throws {
        let statement = try await statement(in: store)
        let old = candidate(statement.id, claimedAt: Date().addingTimeInterval(-600))
        guard case .claimed = try await store.bankClients.claim(old, owner: UUID(), staleBefore: Date().addingTimeInterval(-900)) else {
            throw ContractViolation(description: "the first claim was not granted")
        }
        let fresh = candidate(statement.id)
        guard case .busy = try await store.bankClients.claim(fresh, owner: UUID(), staleBefore: Date().addingTimeInterval(-900)) else {
            throw ContractViolation(description: "a claim younger than the stale limit was taken over")
        }
        guard case .claimed(let taken) = try await store.bankClients.claim(fresh, owner: UUID(), staleBefore: Date().addingTimeInterval(-60)) else {
            throw ContractViolation(description: "a stale claim was not taken over")
        }
        try require(taken.id == old.id && taken.claimedBy == fresh.claimedBy, "the takeover did not keep the row and name the new holder")
        let found = try await store.bankClients.find(id: old.id)
        try require(found?.claimedBy == fresh.claimedBy, "the takeover was not stored")
    }

    static func activateCompareAndSwap(_ store: any Store) async throws {
        let statement = try await statement(in: store)
        let first = candidate(statement.id, claimedAt: Date().addingTimeInterval(-600))
        _ = try await store.bankClients.claim(first, owner: UUID(), staleBefore: Date().addingTimeInterval(-900))
        let second = candidate(statement.id)
        _ = try await store.bankClients.claim(second, owner: UUID(), staleBefore: Date().addingTimeInterval(-60))
        var late = first
        late.externalApiId = "from-the-first-holder"
        do {
            try await store.bankClients.activate(late)
            throw ContractViolation(description: "a holder whose claim was taken over could still activate")
        } catch let error as OBCError {
            try require(error.kind == .conflict, "activate by a former holder failed with \(error.kind), not conflict")
        }
        var current = first
        current.claimedBy = second.claimedBy
        current.externalApiId = "from-the-second-holder"
        try await store.bankClients.activate(current)
        let stored = try await store.bankClients.find(id: first.id)
        try require(stored?.state == .active && stored?.externalApiId == "from-the-second-holder", "the holder's activation was not stored")
        try await store.bankClients.release(id: first.id, claimedBy: second.claimedBy)
        try require(try await store.bankClients.find(id: first.id) != nil, "release removed an active client")
    }

    static func referenceRace(_ store: any Store) async throws {
        for _ in 0..<5 {
            let existing = try await statement(in: store)
            let wac = existing.defaultObWacCertificateId
            try await store.softwareStatements.softDelete(id: existing.id, at: Date(), by: nil)
            let results = await withTaskGroup(of: (isDelete: Bool, error: OBCError?).self) { group in
                group.addTask { (true, await failure { try await store.obWacCertificates.softDelete(id: wac, at: Date(), by: nil) }) }
                for _ in 0..<10 {
                    group.addTask {
                        (
                            false,
                            await failure {
                                try await store.softwareStatements.insert(softwareStatement(wac: wac, seal: existing.defaultObSealCertificateId))
                            }
                        )
                    }
                }
                return await group.reduce(into: [(isDelete: Bool, error: OBCError?)]()) { $0.append($1) }
            }
            let live = try await store.softwareStatements.list().filter { $0.defaultObWacCertificateId == wac }
            let deleteError = results.first { $0.isDelete }?.error ?? nil
            if let deleteError {
                try require(deleteError.kind == .conflict, "the delete failed with \(deleteError.kind), not conflict: \(deleteError)")
                try require(!live.isEmpty, "the delete failed although nothing pointed at the certificate")
            } else {
                try require(live.isEmpty, "\(live.count) live statements point at a deleted certificate")
                try require(try await store.obWacCertificates.find(id: wac) == nil, "the certificate is live after its delete")
            }
            for result in results where !result.isDelete {
                if let error = result.error {
                    try require(error.kind == .invalidRequest, "a racing insert failed with \(error.kind): \(error)")
                }
            }
        }
    }

    static func failure(_ body: () async throws -> Void) async -> OBCError? {
        do {
            try await body()
            return nil
        } catch let error as OBCError {
            return error
        } catch {
            return OBCError(.internal, String(reflecting: error))
        }
    }

    static func nonceUniqueness(_ store: any Store) async throws {
        let description = try await keyDescription(in: store, "Key1")
        let key = SymmetricKey(size: .bits256)
        let object = try sealed("one", key: key, keyId: description.id)
        try await store.encryptedObjects.insert(object)
        var copy = try sealed("two", key: key, keyId: description.id)
        copy.nonce = object.nonce
        do {
            try await store.encryptedObjects.insert(contentsOf: [try sealed("three", key: key, keyId: description.id), copy])
            throw ContractViolation(description: "a second object with the same nonce was stored")
        } catch EncryptedObjectStoreError.nonceReused {}
        let counts = try await store.encryptedObjects.countByKey()
        try require(counts[description.id] == 1, "a batch with a reused nonce was partly written (\(counts[description.id] ?? 0) objects)")
    }

    static func resealCompareAndSwap(_ store: any Store) async throws {
        let old = try await keyDescription(in: store, "Old")
        let keys = [try await keyDescription(in: store, "A").id, try await keyDescription(in: store, "B").id]
        let material = [old.id: SymmetricKey(size: .bits256), keys[0]: SymmetricKey(size: .bits256), keys[1]: SymmetricKey(size: .bits256)]
        let objects = try (0..<200).map { try sealed("secret-\($0)", key: material[old.id]!, keyId: old.id) }
        try await store.encryptedObjects.insert(contentsOf: objects)
        let stale = try await store.encryptedObjects.batch(after: nil, notSealedWith: nil, limit: 1000).objects
        // Two rotations to different keys race over the same rows, in small batches: each row
        // must end sealed by one of them whole (key, nonce, tag and ciphertext together).
        let replaced = try await withThrowingTaskGroup(of: Int.self) { group in
            for target in keys {
                group.addTask {
                    var total = 0
                    var position: EncryptedObjectPosition?
                    repeat {
                        let outcome = try await store.encryptedObjects.reseal(notSealedWith: target, after: position, limit: 16) { object, _ in
                            Result {
                                try SecretSealer.reseal(
                                    object, openingWith: material[object.keyDescriptionId]!, to: target, key: material[target]!,
                                    nonce: AES.GCM.Nonce(), modified: Date())
                            }.mapError { OBCError(.internal, "\($0)") }
                        }
                        total += outcome.replaced
                        try require(outcome.failures.isEmpty, "a racing re-seal failed: \(outcome.failures.values.first!)")
                        position = outcome.last
                    } while position != nil
                    return total
                }
            }
            return try await group.reduce(0, +)
        }
        try require(replaced >= objects.count, "only \(replaced) re-seals were written for \(objects.count) objects")
        let after = try await store.encryptedObjects.batch(after: nil, notSealedWith: nil, limit: 1000).objects
        try require(after.count == objects.count, "\(after.count) objects after the race, not \(objects.count)")
        for object in after {
            try require(keys.contains(object.keyDescriptionId), "object \(object.id) is still under the old key")
            let text = String(decoding: try SecretSealer.open(object, key: material[object.keyDescriptionId]!), as: UTF8.self)
            try require(text.hasPrefix("secret-"), "object \(object.id) opened to something else")
        }
        try require(Set(after.map(\.nonce)).isDisjoint(with: stale.map(\.nonce)), "a re-sealed object kept its nonce")
    }

    static func countPerKey(_ store: any Store) async throws {
        let one = try await keyDescription(in: store, "One")
        let two = try await keyDescription(in: store, "Two")
        let key = SymmetricKey(size: .bits256)
        try await store.encryptedObjects.insert(contentsOf: try (0..<7).map { try sealed("a\($0)", key: key, keyId: one.id) })
        try await store.encryptedObjects.insert(contentsOf: try (0..<3).map { try sealed("b\($0)", key: key, keyId: two.id) })
        let counts = try await store.encryptedObjects.countByKey()
        try require(counts == [one.id: 7, two.id: 3], "counts per key were \(counts)")
    }

    static func removeWithLastUse(_ store: any Store) async throws {
        let statement = try await statement(in: store)
        let client = try await activeClient(in: store, statement: statement.id)
        let first = registration(for: client)
        let second = registration(for: client)
        try await store.bankRegistrations.insert(first)
        try await store.bankRegistrations.insert(second)
        let kept = try await store.bankClients.removeRegistration(first.id, clientId: client.id, at: Date(), by: "contract")
        try require(kept == .clientKept(otherUsers: 1), "removing one of two users answered \(kept)")
        try require(try await store.bankRegistrations.find(id: first.id) == nil, "the removed registration is still live")
        // The last use and a concurrent re-use race: either the re-use is counted (client kept)
        // or it finds no client; never a live registration on a retired client.
        let third = registration(for: client)
        async let removal = store.bankClients.removeRegistration(second.id, clientId: client.id, at: Date(), by: "contract")
        async let reuse = failure { try await store.bankRegistrations.insert(third) }
        let (outcome, reuseError) = try await (removal, reuse)
        let clientLive = try await store.bankClients.claim(candidate(statement.id), owner: UUID(), staleBefore: Date().addingTimeInterval(-60))
        switch outcome {
        case .clientRetired:
            try require(reuseError?.kind == .conflict, "a registration was stored on a retired client (\(String(describing: reuseError)))")
            guard case .claimed = clientLive else { throw ContractViolation(description: "a retired client could still be re-used") }
        case .clientKept(let others):
            try require(reuseError == nil && others == 1, "the re-use was not counted (\(others), \(String(describing: reuseError)))")
            guard case .active = clientLive else { throw ContractViolation(description: "a kept client was not re-used") }
        }
        do {
            _ = try await store.bankClients.removeRegistration(second.id, clientId: client.id, at: Date(), by: nil)
            throw ContractViolation(description: "removing a removed registration succeeded")
        } catch let error as OBCError {
            try require(error.kind == .notFound, "removing a removed registration failed with \(error.kind)")
        }
    }
}
