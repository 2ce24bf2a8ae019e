import Crypto
import Foundation
import OBCCore

/// The two fresh keys of one rotation run, published as environment settings the way a
/// deployment publishes them, and the fill that seals the run's objects under the first.
struct RotationKeys {
    static let key1Name = "OpenBankingConnector:Keys:Encryption:Key1"
    static let key2Name = "OpenBankingConnector:Keys:Encryption:Key2"

    let key1 = SymmetricKey(size: .bits256)
    let key2 = SymmetricKey(size: .bits256)

    /// `base` with both keys added as environment variables.
    func environment(_ base: [String: String]) -> [String: String] {
        var environment = base
        for (name, key) in [(Self.key1Name, key1), (Self.key2Name, key2)] {
            environment[PostgresBenchOptions.environmentName(name)] = key.withUnsafeBytes { Data($0).base64EncodedString() }
        }
        return environment
    }

    /// Seals `objects` generated plaintexts under key 1 (`keyId`) and hands them to `insert`
    /// in batches of `batch`, so the fill streams; returns the plaintext bytes sealed.
    func fill(objects: Int, seed: UInt64, batch size: Int, keyId: UUID, insert: ([EncryptedObject]) async throws -> Void) async throws -> Int {
        var generator = PlaintextGenerator(seed: seed)
        var batch: [EncryptedObject] = []
        batch.reserveCapacity(size)
        var plaintextBytes = 0
        let date = Date()
        for index in 0..<objects {
            let plaintext = generator.next()
            plaintextBytes += plaintext.count
            batch.append(
                try SecretSealer.seal(
                    plaintext, id: UUID(), owner: UUID(), purpose: .clientSecret, keyId: keyId, key: key1, created: date, modified: date))
            if batch.count == size || index == objects - 1 {
                try await insert(batch)
                batch.removeAll(keepingCapacity: true)
                if (index + 1) % 100_000 == 0 { printError("filled \(index + 1)") }
            }
        }
        return plaintextBytes
    }
}
