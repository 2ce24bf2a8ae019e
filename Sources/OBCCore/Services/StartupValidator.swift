import Foundation
import OBCPluginAPI

/// Checks at start-up that every stored certificate's key still resolves and still matches,
/// so an operator learns of a rotated or missing key before a bank call fails. A broken
/// certificate is a warning, not a stop: only the software statements that use it fail.
public struct StartupValidator: Sendable {
    let store: any Store
    let verifier: CertificateVerifier
    let now: @Sendable () -> Date

    public init(store: any Store, verifier: CertificateVerifier, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.verifier = verifier
        self.now = now
    }

    /// One finding per record that fails, naming the record, its secret (never a value) and the
    /// software statements that use it.
    public func validate() async throws -> [StartupFinding] {
        let statements = try await store.softwareStatements.list()
        var findings: [StartupFinding] = []
        for record in try await store.obWacCertificates.list() {
            if let error = await problem(certificate: record.certificate, key: record.associatedKey) {
                let users = statements.filter { $0.defaultObWacCertificateId == record.id }.map(\.id)
                findings.append(Self.finding(kind: .obWacCertificate, id: record.id, key: record.associatedKey, error: error, statements: users))
            }
        }
        for record in try await store.obSealCertificates.list() {
            if let error = await problem(certificate: record.certificate, key: record.associatedKey) {
                let users = statements.filter { $0.defaultObSealCertificateId == record.id }.map(\.id)
                findings.append(Self.finding(kind: .obSealCertificate, id: record.id, key: record.associatedKey, error: error, statements: users))
            }
        }
        return findings
    }

    private func problem(certificate: String, key: SecretDescription) async -> OBCError? {
        do {
            _ = try await verifier.verify(certificatePEM: certificate, associatedKey: key, at: now())
            return nil
        } catch {
            return error
        }
    }

    static func finding(kind: RecordKind, id: UUID, key: SecretDescription, error: OBCError, statements: [UUID]) -> StartupFinding {
        let affected =
            statements.isEmpty
            ? "No software statement uses it."
            : "Registrations for the software statement\(statements.count == 1 ? "" : "s") \(statements.map(\.lowercasedText).joined(separator: ", ")) fail until this is fixed; others are unaffected."
        return StartupFinding(
            summary:
                "\(kind.rawValue) record with ID \(id.lowercasedText) specifies AssociatedKey with Source \(key.source) and Name \(key.name) which failed validation: \(error.detail) \(affected)",
            cause: error.cause)
    }
}
