import Foundation
import OBCCore

/// A chunk re-sealed, as the columns of its UPDATE's `unnest`.
struct ResealedChunk {
    var seqs: [Int64] = []
    /// Where each row's version that was read lies: a row another writer changed since has moved
    /// on, and is left alone like one whose nonce changed.
    var locations: [String] = []
    var previousNonces: [PostgresBytea] = []
    var nonces: [PostgresBytea] = []
    var tags: [PostgresBytea] = []
    var ciphertexts: [PostgresBytea] = []
    var modified: [Date] = []

    init(capacity: Int) {
        seqs.reserveCapacity(capacity)
        locations.reserveCapacity(capacity)
        previousNonces.reserveCapacity(capacity)
        nonces.reserveCapacity(capacity)
        tags.reserveCapacity(capacity)
        ciphertexts.reserveCapacity(capacity)
        modified.reserveCapacity(capacity)
    }

    mutating func append(seq: Int64, location: String, previousNonce: Data, _ object: EncryptedObject) {
        seqs.append(seq)
        locations.append(location)
        previousNonces.append(PostgresBytea(previousNonce))
        nonces.append(PostgresBytea(object.nonce))
        tags.append(PostgresBytea(object.tag))
        ciphertexts.append(PostgresBytea(object.ciphertext))
        modified.append(object.modified)
    }
}
