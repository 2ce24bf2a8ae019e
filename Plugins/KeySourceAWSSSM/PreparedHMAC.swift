import Crypto

/// HMAC-SHA256 (RFC 2104) with the keyed inner and outer hash states computed once, so
/// each message costs two hash finalisations and no key set-up. Used for the derived
/// SigV4 key, which stays the same for a whole day.
struct PreparedHMAC: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    init(key: SymmetricKey) {
        self.init(keyBytes: key.withUnsafeBytes { Array($0) })
    }

    init(keyBytes: [UInt8]) {
        // Keys longer than a block are hashed first (RFC 2104 §2); SigV4 keys are 32 bytes.
        var block = keyBytes.count > 64 ? Array(SHA256.hash(data: keyBytes)) : keyBytes
        block.append(contentsOf: repeatElement(0, count: 64 - block.count))
        var inner = SHA256()
        var outer = SHA256()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { pad in
            for index in 0..<64 { pad[index] = block[index] ^ 0x36 }
            inner.update(bufferPointer: UnsafeRawBufferPointer(pad))
            for index in 0..<64 { pad[index] = block[index] ^ 0x5C }
            outer.update(bufferPointer: UnsafeRawBufferPointer(pad))
        }
        self.inner = inner
        self.outer = outer
    }

    func mac(_ message: [UInt8]) -> SHA256Digest {
        var inner = self.inner
        message.withUnsafeBytes { inner.update(bufferPointer: $0) }
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    func hexMAC(_ message: [UInt8]) -> [UInt8] {
        SigV4Signer.hex(mac(message))
    }
}
