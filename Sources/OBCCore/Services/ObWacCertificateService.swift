import Foundation

/// Creates, reads and deletes OBWAC (transport) certificates.
public struct ObWacCertificateService: Sendable {
    public struct Request: Sendable {
        public var associatedKey: SecretDescription
        public var certificate: String
        public var authorship: RecordAuthorship

        public init(associatedKey: SecretDescription, certificate: String, authorship: RecordAuthorship = .init()) {
            self.associatedKey = associatedKey
            self.certificate = certificate
            self.authorship = authorship
        }
    }

    let repository: any RecordRepository<ObWacCertificate>
    let verifier: CertificateVerifier
    let now: @Sendable () -> Date

    public init(repository: any RecordRepository<ObWacCertificate>, verifier: CertificateVerifier, now: @escaping @Sendable () -> Date) {
        self.repository = repository
        self.verifier = verifier
        self.now = now
    }

    public func create(_ request: Request) async throws -> WithWarnings<ObWacCertificate> {
        let date = now()
        let checked = try await verifier.verify(certificatePEM: request.certificate, associatedKey: request.associatedKey, at: date)
        let record = ObWacCertificate(
            metadata: RecordMetadata(reference: request.authorship.reference, created: date, createdBy: request.authorship.createdBy),
            associatedKey: request.associatedKey,
            certificate: checked.value
        )
        try await repository.insert(record)
        return WithWarnings(record, warnings: checked.warnings)
    }

    public func get(id: UUID) async throws -> ObWacCertificate {
        try await repository.require(id: id)
    }

    public func delete(id: UUID, by deletedBy: String? = nil) async throws {
        try await repository.softDelete(id: id, at: now(), by: deletedBy)
    }
}
