import Crypto
import Foundation
import OBCCore
import OBCPluginAPI
import Testing
import X509
import _CryptoExtras

@testable import KeySourcePkcs11

/// Signatures the token makes, checked with the public key alone: PS256 (RSA-PSS, SHA-256,
/// MGF1-SHA-256, 32-byte salt) and RS256 JWS with an RSA key, ES256 with a P-256 key, TLS's
/// SHA-384/512 variants, and many signatures at once through a small session pool.
@Suite("Signing with a key in a PKCS#11 token", .enabled(if: SoftHSMToken.runs, SoftHSMToken.missing))
struct TokenSigningTests {
    @Test func jwsFromTheTokenVerifiesAgainstItsPublicKey() async throws {
        let fixture = try InProcessTokens.token("signing")
        let source = InProcessTokens.keySource(fixture.token)
        let rsa = try await source.signer(named: "label:rsa", secrets: InProcessTokens.secrets(fixture.token))
        #expect(try Certificate.PublicKey(derEncoded: rsa.publicKeyDER) == fixture.rsa)
        let claims = JSONValue.object(["iss": .string("software"), "aud": .string("bank")])
        for algorithm in [CompactJWS.Algorithm.ps256, .rs256] {
            let jws = try await CompactJWS.sign(claims: claims, signer: rsa, algorithm: algorithm, keyId: "kid-1")
            let parsed = try CompactJWS.parse(jws)
            #expect(parsed.algorithm == algorithm.rawValue)
            #expect(CompactJWS.verify(parsed, publicKey: fixture.rsa), "\(algorithm) did not verify")
        }
        // PS256's salt is exactly 32 bytes: BoringSSL checks the length it was told.
        let message = Array("salt".utf8)
        let signature = try await rsa.sign(message, with: .rsaPSSSHA256)
        let publicKey = try #require(_RSA.Signing.PublicKey(fixture.rsa))
        #expect(publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: message), padding: .PSS))
        for algorithm in [SigningAlgorithm.rsaPSSSHA384, .rsaPSSSHA512, .rsaPKCS1SHA384, .rsaPKCS1SHA512] {
            let signature = try await rsa.sign(message, with: algorithm)
            let padding: _RSA.Signing.Padding = algorithm == .rsaPSSSHA384 || algorithm == .rsaPSSSHA512 ? .PSS : .insecurePKCS1v1_5
            let valid =
                algorithm.hashLength == 48
                ? publicKey.isValidSignature(.init(rawRepresentation: signature), for: SHA384.hash(data: message), padding: padding)
                : publicKey.isValidSignature(.init(rawRepresentation: signature), for: SHA512.hash(data: message), padding: padding)
            #expect(valid, "\(algorithm)")
        }

        let ec = try await source.signer(named: "id:0e", secrets: InProcessTokens.secrets(fixture.token))
        #expect(ec.algorithms == [.ecdsaP256SHA256])
        let es256 = try CompactJWS.parse(try await CompactJWS.sign(claims: claims, signer: ec, algorithm: .es256, keyId: nil))
        #expect(CompactJWS.verify(es256, publicKey: fixture.ec))
        await #expect(throws: OBCError.self) { try await CompactJWS.sign(claims: claims, signer: ec, algorithm: .ps256, keyId: nil) }
    }

    @Test func manyConcurrentSignaturesShareAFewSessions() async throws {
        let fixture = try InProcessTokens.token("signing")
        // Two sessions for 24 signers; waits are bounded generously here (this is about every
        // signature being right, not about time: the session-exhaustion test checks the bound).
        let source = InProcessTokens.keySource(
            fixture.token,
            extra: ["OpenBankingConnector__Pkcs11__MaxSessions": "2", "OpenBankingConnector__Pkcs11__SessionWaitMilliseconds": "60000"])
        let signer = try await source.signer(named: "rsa", secrets: InProcessTokens.secrets(fixture.token))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let jws = try await CompactJWS.sign(claims: .object(["n": .number(Double(index))]), signer: signer, algorithm: .ps256, keyId: nil)
                    return CompactJWS.verify(try CompactJWS.parse(jws), publicKey: fixture.rsa)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 24 && results.allSatisfy { $0 })
    }

    @Test func theTokenNeverHandsOutKeysAsSecrets() async throws {
        let fixture = try InProcessTokens.token("signing")
        await #expect(throws: KeySourceError.self) { try await InProcessTokens.keySource(fixture.token).secret(named: "rsa") }
    }
}
