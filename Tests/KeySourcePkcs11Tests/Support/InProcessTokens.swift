import Foundation
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import X509

@testable import KeySourcePkcs11

/// Tokens for the tests that use the PKCS#11 library inside this test process. A library is
/// initialised once per process and SoftHSM2 reads its token folder only then, so these tokens
/// (one per test, none shared) are all made in one folder, with their keys, before the first
/// in-process use; `SOFTHSM2_CONF` is set for this process alone. The tests that go through
/// `obc serve` make a token per test in a folder of its own instead.
enum InProcessTokens {
    struct Token: Sendable {
        var token: SoftHSMToken
        var rsa: Certificate.PublicKey
        var ec: Certificate.PublicKey
    }

    static let made = Result { try make() }

    static func token(_ label: String) throws -> Token {
        guard let token = try made.get()[label] else { throw FixtureError(message: "no in-process token \(label)") }
        return token
    }

    private static func make() throws -> [String: Token] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-hsm-process-\(UUID().uuidString)")
        var tokens: [String: Token] = [:]
        for label in ["signing", "exhaustion"] {
            let token = try SoftHSMToken.make(label: label, in: directory)
            let rsa = try token.generateKey(label: "rsa", id: "0a")
            let ec = try token.generateKey(label: "ec", id: "0e", type: "EC:prime256v1")
            tokens[label] = Token(token: token, rsa: rsa, ec: ec)
        }
        setenv("SOFTHSM2_CONF", directory.appendingPathComponent("softhsm2.conf").path, 1)
        return tokens
    }

    /// The key source for `token`, as the product registers it (the PIN from `Configuration`).
    static func keySource(_ token: SoftHSMToken, extra: [String: String] = [:]) -> Pkcs11KeySource {
        let environment = token.settings().merging(extra) { _, new in new }
        return Pkcs11KeySource(configuration: ConfigurationValues.environment(environment), logger: .init(label: "test"))
    }

    /// Secrets as the host gives them to the key source: here only the configured PIN.
    static func secrets(_ token: SoftHSMToken, extra: [String: String] = [:]) -> SecretLookup {
        let configuration = ConfigurationValues.environment(token.settings().merging(extra) { _, new in new })
        return SecretLookup { _, name throws(KeySourceError) in
            guard let value = configuration[name] else { throw KeySourceError(.notFound, "no \(name)") }
            return SecretValue(value)
        }
    }
}
