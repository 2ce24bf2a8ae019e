import Crypto
import Foundation

/// Fresh random GCM nonces for a whole rotation batch, drawn from the kernel in one call
/// (`AES.GCM.Nonce()` makes two system calls per nonce) and sorted. A rotation hands them
/// out in the store's walking order, so the database's unique nonce index is written in one
/// ascending sweep per batch instead of at a random place per object. GCM needs nonces that
/// never repeat under a key, not unpredictable ones; each value is still uniformly random,
/// and the database still rejects a duplicate.
struct NonceBlock: Sendable {
    private let bytes: [UInt8]
    let count: Int

    init(count: Int) {
        self.count = count
        var bytes = Self.randomBytes(count * 12)
        bytes.withUnsafeMutableBytes { Self.sortNonces(in: $0, count: count) }
        self.bytes = bytes
    }

    subscript(index: Int) -> AES.GCM.Nonce {
        // The slice is 12 bytes, which `Nonce(data:)` always accepts.
        try! AES.GCM.Nonce(data: bytes[index * 12..<index * 12 + 12])
    }

    /// Sorts 12-byte records in byte order, as SQLite compares BLOBs.
    private static func sortNonces(in buffer: UnsafeMutableRawBufferPointer, count: Int) {
        var keys: [(UInt64, UInt32)] = (0..<count).map { index in
            (
                UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: index * 12, as: UInt64.self)),
                UInt32(bigEndian: buffer.loadUnaligned(fromByteOffset: index * 12 + 8, as: UInt32.self))
            )
        }
        keys.sort { $0 < $1 }
        for (index, key) in keys.enumerated() {
            buffer.storeBytes(of: key.0.bigEndian, toByteOffset: index * 12, as: UInt64.self)
            buffer.storeBytes(of: key.1.bigEndian, toByteOffset: index * 12 + 8, as: UInt32.self)
        }
    }

    /// `arc4random_buf` is the kernel's CSPRNG on Linux (glibc 2.36 and later wrap
    /// `getrandom`) and on Apple platforms, in one call for the whole block.
    private static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        return bytes
    }
}
