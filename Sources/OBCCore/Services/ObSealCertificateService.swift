import Foundation
import OBCPluginAPI

/// Creates, reads and deletes OBSeal (signing) certificates.
public struct ObSealCertificateService: Sendable {
    public struct Request: Sendable {
        public var associatedKeyId: String
        public var associatedKey: SecretDescription
        public var certificate: String
        public var authorship: RecordAuthorship

        public init(associatedKeyId: String, associatedKey: SecretDescription, certificate: String, authorship: RecordAuthorship = .init()) {
            self.associatedKeyId = associatedKeyId
            self.associatedKey = associatedKey
            self.certificate = certificate
            self.authorship = authorship
        }
    }

    let repository: any RecordRepository<ObSealCertificate>
    let verifier: CertificateVerifier
    let now: @Sendable () -> Date

    public init(repository: any RecordRepository<ObSealCertificate>, verifier: CertificateVerifier, now: @escaping @Sendable () -> Date) {
        self.repository = repository
        self.verifier = verifier
        self.now = now
    }

    public func create(_ request: Request) async throws -> WithWarnings<ObSealCertificate> {
        let keyId = request.associatedKeyId.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !keyId.isEmpty else {
            throw OBCError.invalid("AssociatedKeyId", "must not be empty: give the key ID the OB Directory shows for this OBSeal key.")
        }
        let date = now()
        let checked = try await verifier.verify(certificatePEM: request.certificate, associatedKey: request.associatedKey, at: date)
        let record = ObSealCertificate(
            metadata: RecordMetadata(reference: request.authorship.reference, created: date, createdBy: request.authorship.createdBy),
            associatedKeyId: keyId,
            associatedKey: request.associatedKey,
            certificate: checked.value
        )
        try await repository.insert(record)
        return WithWarnings(record, warnings: checked.warnings)
    }

    public func get(id: UUID) async throws -> ObSealCertificate {
        try await repository.require(id: id)
    }

    public func delete(id: UUID, by deletedBy: String? = nil) async throws {
        try await repository.softDelete(id: id, at: now(), by: deletedBy)
    }
}
