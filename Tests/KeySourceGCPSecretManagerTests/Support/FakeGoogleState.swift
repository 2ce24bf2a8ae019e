import Foundation
import Synchronization

/// What the fake Google Cloud holds and has seen: secret versions, who may read them, the
/// tokens it issued, and fault switches. Tests set it up and read its tallies.
final class FakeGoogleState: Sendable {
    struct Version: Sendable {
        var data: [UInt8]
        /// `ENABLED`, `DISABLED` or `DESTROYED`, as Secret Manager names version states.
        var state = "ENABLED"
        /// Sends a `dataCrc32c` that does not match, as a payload damaged on the way would.
        var corruptChecksum = false
    }

    struct Values: Sendable {
        /// Keyed `projects/{p}/secrets/{s}/versions/{n}`.
        var versions: [String: Version] = [:]
        /// Secrets (`projects/{p}/secrets/{s}`) the caller may not access.
        var denied: Set<String> = []
        /// Issued access tokens and when each expires.
        var tokens: [String: Date] = [:]
        var tokenLifetime: TimeInterval = 3600
        /// This many `:access` calls answer 503 UNAVAILABLE before the real answer.
        var unavailableAnswers = 0
        /// `:access` waits this long before answering.
        var accessDelay: Duration?
        var tokenRequests = 0
        var accessRequests = 0
        var metadataRequests = 0
        /// Why token requests were refused, for tests to assert on.
        var refusals: [String] = []
        /// The claims of the last accepted JWT assertion.
        var lastClaims: [String: String] = [:]
    }

    let values = Mutex(Values())

    func with<T: Sendable>(_ body: (inout Values) -> T) -> T { values.withLock { body(&$0) } }

    func put(_ name: String, _ text: String, state: String = "ENABLED", corruptChecksum: Bool = false) {
        with { $0.versions[name] = Version(data: Array(text.utf8), state: state, corruptChecksum: corruptChecksum) }
    }

    /// A new opaque access token valid for `tokenLifetime`.
    func issueToken() -> (token: String, lifetime: TimeInterval) {
        let token = "ya29.test-" + UUID().uuidString
        return with {
            $0.tokens[token] = Date().addingTimeInterval($0.tokenLifetime)
            return (token, $0.tokenLifetime)
        }
    }

    /// Makes every issued token invalid, as revoking them would.
    func revokeAllTokens() { with { $0.tokens.removeAll() } }

    func isValid(token: String) -> Bool { with { ($0.tokens[token] ?? .distantPast) > Date() } }

    var allTokens: [String] { with { Array($0.tokens.keys) } }
}

/// CRC-32C computed bit by bit, independently of the plugin's table-driven one.
func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0x82F6_3B78 & (0 &- (crc & 1))) }
    }
    return ~crc
}
