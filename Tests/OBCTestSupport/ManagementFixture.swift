import Foundation
import HummingbirdTesting

/// Keys and certificates published to a test runtime through environment variables, plus
/// request bodies for the management API built from them.
public struct ManagementFixture: Sendable {
    public let wacKey = TestPKI.keys[0]
    public let sealKey = TestPKI.keys[1]
    public let otherKey = TestPKI.keys[2]
    public let wacCertificate: String
    public let sealCertificate: String
    public let encryptionKey = TestPKI.encryptionKey()

    public init() throws {
        wacCertificate = try TestPKI.certificatePEM(key: wacKey)
        sealCertificate = try TestPKI.certificatePEM(key: sealKey)
        TestRunRecorder.secrets(Array(environment.values))
    }

    /// `OpenBankingConnector:Keys:…` names as environment variables (`__` for `:`).
    public var environment: [String: String] {
        [
            "OpenBankingConnector__Keys__ObWac": wacKey.privateKeyPEM,
            "OpenBankingConnector__Keys__ObSeal": sealKey.privateKeyPEM,
            "OpenBankingConnector__Keys__Other": otherKey.privateKeyPEM,
            "OpenBankingConnector__Keys__Encryption__Key1": encryptionKey,
            "OpenBankingConnector__Keys__Encryption__Key2": TestPKI.encryptionKey(),
            "OpenBankingConnector__Keys__Encryption__Short": TestPKI.encryptionKey(bytes: 31),
            "OpenBankingConnector__Keys__Encryption__NotBase64": "not base64 at all!",
        ]
    }

    /// Every secret value, to check none appears in a response or a log.
    public var secretValues: [String] {
        environment.values.flatMap { value in
            value.split(separator: "\n").filter { !$0.hasPrefix("-----") && $0.count > 20 }.map(String.init) + (value.contains("\n") ? [] : [value])
        }
    }

    public static func secret(_ name: String, source: String = "Configuration") -> [String: any Sendable] {
        ["Source": source, "Name": "OpenBankingConnector:Keys:\(name)"]
    }

    public var wacBody: [String: any Sendable] {
        ["AssociatedKey": Self.secret("ObWac"), "Certificate": wacCertificate, "Reference": "wac-ref", "CreatedBy": "tester"]
    }

    public var sealBody: [String: any Sendable] {
        ["AssociatedKeyId": "seal-kid-1", "AssociatedKey": Self.secret("ObSeal"), "Certificate": sealCertificate]
    }

    public static func softwareStatementBody(wacId: String, sealId: String) -> [String: any Sendable] {
        [
            "OrganisationId": "0015800001041REAAY", "SoftwareId": "software-1", "SandboxEnvironment": true,
            "DefaultObWacCertificateId": wacId, "DefaultObSealCertificateId": sealId,
            "DefaultQueryRedirectUrl": "https://tpp.example.com/query", "DefaultFragmentRedirectUrl": "https://tpp.example.com/fragment",
        ]
    }

    /// Creates an OBWAC and an OBSeal certificate and returns their ids.
    public func createCertificates(_ client: any TestClientProtocol) async throws -> (wac: String, seal: String) {
        let wac = try await client.send(.post, "/manage/obwac-certificates", json: wacBody)
        let seal = try await client.send(.post, "/manage/obseal-certificates", json: sealBody)
        guard let wacId = wac["Id"] as? String, let sealId = seal["Id"] as? String else {
            throw FixtureError(message: "certificate creation failed: \(wac.text) \(seal.text)")
        }
        return (wacId, sealId)
    }

    /// Creates both certificates and a software statement; returns the three ids.
    public func createSoftwareStatement(_ client: any TestClientProtocol) async throws -> (wac: String, seal: String, statement: String) {
        let (wac, seal) = try await createCertificates(client)
        let response = try await client.send(.post, "/manage/software-statements", json: Self.softwareStatementBody(wacId: wac, sealId: seal))
        guard let id = response["Id"] as? String else { throw FixtureError(message: "software statement creation failed: \(response.text)") }
        return (wac, seal, id)
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
