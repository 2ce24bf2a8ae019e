import Foundation
import OBCCore
import OBCPluginAPI

/// Encrypted objects in insertion order. A nonce once used is never accepted again, so no two
/// objects ever share one.
struct MemoryEncryptedObjectRepository: EncryptedObjectRepository {
    let state: MemoryState

    func insert(_ object: EncryptedObject) async throws {
        try await insert(contentsOf: [object])
    }

    func insert(contentsOf objects: [EncryptedObject]) async throws {
        try state.withTables { tables in
            var nonces = tables.nonces
            for object in objects {
                guard nonces.insert(object.nonce).inserted else { throw EncryptedObjectStoreError.nonceReused }
                guard tables.records[.encryptionKeyDescription]?[object.keyDescriptionId] != nil else {
                    throw OBCError(.misconfigured, "An encrypted object names an encryption key description that does not exist.")
                }
            }
            tables.nonces = nonces
            for object in objects {
                tables.objects.append(object)
                tables.objectPositions[object.id] = tables.objects.count
            }
        }
    }

    func find(owner: UUID, purpose: EncryptionPurpose) async throws -> EncryptedObject? {
        try state.read { tables in
            tables.objects.compactMap { $0 }.filter { $0.ownerId == owner && $0.purpose == purpose }.max { $0.created < $1.created }
        }
    }

    func batch(after position: EncryptedObjectPosition?, notSealedWith key: UUID?, limit: Int) async throws -> EncryptedObjectBatch {
        try state.read { tables in
            let walked = Self.walk(tables, after: position, notSealedWith: key, limit: limit)
            return EncryptedObjectBatch(objects: walked.map(\.object), last: walked.count == limit ? walked.last?.position : nil)
        }
    }

    func reseal(
        notSealedWith key: UUID, after position: EncryptedObjectPosition?, limit: Int,
        _ reseal: @escaping @Sendable (EncryptedObject, Int) -> Result<EncryptedObject, OBCError>
    ) async throws -> ResealOutcome {
        try state.withTables { tables in
            guard tables.records[.encryptionKeyDescription]?[key] != nil else {
                throw OBCError(.misconfigured, "Encryption key description \(key.lowercasedText) does not exist, so nothing can be sealed with it.")
            }
            let walked = Self.walk(tables, after: position, notSealedWith: key, limit: limit)
            var outcome = ResealOutcome()
            var replacements: [(index: Int, object: EncryptedObject)] = []
            for (ordinal, entry) in walked.enumerated() {
                switch reseal(entry.object, ordinal) {
                case .success(let object) where object.keyDescriptionId != key:
                    outcome.failures[entry.object.id] = OBCError(
                        .internal, "Encrypted object \(object.id.lowercasedText) was re-sealed with a key other than the one checked.")
                case .success(let object): replacements.append((Int(entry.position.rawValue) - 1, object))
                case .failure(let error): outcome.failures[entry.object.id] = error
                }
            }
            var nonces = tables.nonces
            for replacement in replacements where !nonces.insert(replacement.object.nonce).inserted {
                throw EncryptedObjectStoreError.nonceReused
            }
            tables.nonces = nonces
            for replacement in replacements { tables.objects[replacement.index] = replacement.object }
            outcome.visited = walked.count
            outcome.replaced = replacements.count
            outcome.last = walked.count == limit ? walked.last?.position : nil
            return outcome
        }
    }

    func countByKey() async throws -> [UUID: Int] {
        try state.read { tables in
            tables.objects.compactMap { $0 }.reduce(into: [UUID: Int]()) { $0[$1.keyDescriptionId, default: 0] += 1 }
        }
    }

    /// Up to `limit` objects after `position` in insertion order, with their positions.
    static func walk(_ tables: MemoryTables, after position: EncryptedObjectPosition?, notSealedWith key: UUID?, limit: Int)
        -> [(position: EncryptedObjectPosition, object: EncryptedObject)]
    {
        var walked: [(position: EncryptedObjectPosition, object: EncryptedObject)] = []
        var index = Int(position?.rawValue ?? 0)
        while index < tables.objects.count, walked.count < limit {
            if let object = tables.objects[index], object.keyDescriptionId != key {
                walked.append((EncryptedObjectPosition(rawValue: Int64(index + 1)), object))
            }
            index += 1
        }
        return walked
    }
}
