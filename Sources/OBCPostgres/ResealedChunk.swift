import Foundation
import OBCCore

/// A chunk re-sealed, as the columns of its UPDATE's `unnest`.
struct ResealedChunk {
    var seqs: [Int64] = []
    var previousNonces: [PostgresBytea] = []
    var nonces: [PostgresBytea] = []
    var tags: [PostgresBytea] = []
    var ciphertexts: [PostgresBytea] = []
    var modified: [Date] = []

    init(capacity: Int) {
        seqs.reserveCapacity(capacity)
        previousNonces.reserveCapacity(capacity)
        nonces.reserveCapacity(capacity)
        tags.reserveCapacity(capacity)
        ciphertexts.reserveCapacity(capacity)
        modified.reserveCapacity(capacity)
    }

    mutating func append(seq: Int64, previousNonce: Data, _ object: EncryptedObject) {
        seqs.append(seq)
        previousNonces.append(PostgresBytea(previousNonce))
        nonces.append(PostgresBytea(object.nonce))
        tags.append(PostgresBytea(object.tag))
        ciphertexts.append(PostgresBytea(object.ciphertext))
        modified.append(object.modified)
    }
}
