import Foundation

/// Checks at start-up that every stored certificate's key still resolves and still matches,
/// so an operator learns of a rotated or missing key before a bank call fails.
public struct StartupValidator: Sendable {
    let store: any Store
    let verifier: CertificateVerifier
    let now: @Sendable () -> Date

    public init(store: any Store, verifier: CertificateVerifier, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.verifier = verifier
        self.now = now
    }

    /// One warning per record that fails, naming the record and its secret (never a value).
    public func validate() async throws -> [String] {
        var warnings: [String] = []
        for record in try await store.obWacCertificates.list() {
            if let problem = await problem(certificate: record.certificate, key: record.associatedKey) {
                warnings.append(Self.message(kind: .obWacCertificate, id: record.id, key: record.associatedKey, problem: problem))
            }
        }
        for record in try await store.obSealCertificates.list() {
            if let problem = await problem(certificate: record.certificate, key: record.associatedKey) {
                warnings.append(Self.message(kind: .obSealCertificate, id: record.id, key: record.associatedKey, problem: problem))
            }
        }
        return warnings
    }

    private func problem(certificate: String, key: SecretDescription) async -> String? {
        do {
            _ = try await verifier.verify(certificatePEM: certificate, associatedKey: key, at: now())
            return nil
        } catch {
            return error.detail
        }
    }

    static func message(kind: RecordKind, id: UUID, key: SecretDescription, problem: String) -> String {
        "\(kind.rawValue) record with ID \(id.lowercasedText) specifies AssociatedKey with Source \(key.source) and Name \(key.name) which failed validation: \(problem) Software statements using it cannot be used until this is fixed."
    }
}
