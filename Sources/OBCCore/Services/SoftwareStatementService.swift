import Foundation
import OBCPluginAPI

/// Manages software statements. Certificate ids are checked by the store in the same
/// transaction as the write, so a statement can never point at a deleted certificate.
public struct SoftwareStatementService: Sendable {
    public struct Request: Sendable {
        public var organisationId: String
        public var softwareId: String
        public var sandboxEnvironment: Bool
        public var defaultObWacCertificateId: UUID
        public var defaultObSealCertificateId: UUID
        public var defaultQueryRedirectUrl: String
        public var defaultFragmentRedirectUrl: String
        public var authorship: RecordAuthorship

        public init(
            organisationId: String,
            softwareId: String,
            sandboxEnvironment: Bool = false,
            defaultObWacCertificateId: UUID,
            defaultObSealCertificateId: UUID,
            defaultQueryRedirectUrl: String,
            defaultFragmentRedirectUrl: String,
            authorship: RecordAuthorship = .init()
        ) {
            self.organisationId = organisationId
            self.softwareId = softwareId
            self.sandboxEnvironment = sandboxEnvironment
            self.defaultObWacCertificateId = defaultObWacCertificateId
            self.defaultObSealCertificateId = defaultObSealCertificateId
            self.defaultQueryRedirectUrl = defaultQueryRedirectUrl
            self.defaultFragmentRedirectUrl = defaultFragmentRedirectUrl
            self.authorship = authorship
        }
    }

    /// OBC's `SoftwareStatementUpdate`: absent fields keep their value.
    public struct Update: Sendable {
        public var defaultObWacCertificateId: UUID?
        public var defaultObSealCertificateId: UUID?
        public var defaultQueryRedirectUrl: String?
        public var defaultFragmentRedirectUrl: String?

        public init(
            defaultObWacCertificateId: UUID? = nil,
            defaultObSealCertificateId: UUID? = nil,
            defaultQueryRedirectUrl: String? = nil,
            defaultFragmentRedirectUrl: String? = nil
        ) {
            self.defaultObWacCertificateId = defaultObWacCertificateId
            self.defaultObSealCertificateId = defaultObSealCertificateId
            self.defaultQueryRedirectUrl = defaultQueryRedirectUrl
            self.defaultFragmentRedirectUrl = defaultFragmentRedirectUrl
        }
    }

    let repository: any RecordRepository<SoftwareStatement>
    let now: @Sendable () -> Date

    public init(repository: any RecordRepository<SoftwareStatement>, now: @escaping @Sendable () -> Date) {
        self.repository = repository
        self.now = now
    }

    public func create(_ request: Request) async throws -> SoftwareStatement {
        let organisationId = try Self.requireText(request.organisationId, field: "OrganisationId")
        let softwareId = try Self.requireText(request.softwareId, field: "SoftwareId")
        try Self.requireRedirectURL(request.defaultQueryRedirectUrl, field: "DefaultQueryRedirectUrl")
        try Self.requireRedirectURL(request.defaultFragmentRedirectUrl, field: "DefaultFragmentRedirectUrl")
        let date = now()
        let record = SoftwareStatement(
            metadata: RecordMetadata(reference: request.authorship.reference, created: date, createdBy: request.authorship.createdBy),
            organisationId: organisationId,
            softwareId: softwareId,
            sandboxEnvironment: request.sandboxEnvironment,
            defaultObWacCertificateId: request.defaultObWacCertificateId,
            defaultObSealCertificateId: request.defaultObSealCertificateId,
            defaultQueryRedirectUrl: request.defaultQueryRedirectUrl,
            defaultFragmentRedirectUrl: request.defaultFragmentRedirectUrl,
            modified: date
        )
        try await repository.insert(record)
        return record
    }

    public func list() async throws -> [SoftwareStatement] {
        try await repository.list()
    }

    public func get(id: UUID) async throws -> SoftwareStatement {
        try await repository.require(id: id)
    }

    public func update(id: UUID, _ update: Update) async throws -> SoftwareStatement {
        if let url = update.defaultQueryRedirectUrl { try Self.requireRedirectURL(url, field: "DefaultQueryRedirectUrl") }
        if let url = update.defaultFragmentRedirectUrl { try Self.requireRedirectURL(url, field: "DefaultFragmentRedirectUrl") }
        var record = try await repository.require(id: id)
        record.defaultObWacCertificateId = update.defaultObWacCertificateId ?? record.defaultObWacCertificateId
        record.defaultObSealCertificateId = update.defaultObSealCertificateId ?? record.defaultObSealCertificateId
        record.defaultQueryRedirectUrl = update.defaultQueryRedirectUrl ?? record.defaultQueryRedirectUrl
        record.defaultFragmentRedirectUrl = update.defaultFragmentRedirectUrl ?? record.defaultFragmentRedirectUrl
        record.modified = now()
        try await repository.update(record)
        return record
    }

    public func delete(id: UUID, by deletedBy: String? = nil) async throws {
        try await repository.softDelete(id: id, at: now(), by: deletedBy)
    }

    static func requireText(_ value: String, field: String) throws(OBCError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(field, "must not be empty.") }
        return trimmed
    }

    /// Banks only accept absolute https redirect URLs with a host.
    static func requireRedirectURL(_ value: String, field: String) throws(OBCError) {
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw .invalid(field, "'\(value)' is not an absolute URL.")
        }
        guard scheme == "https" else {
            throw .invalid(field, "'\(value)' must use https (Open Banking requires TLS redirect URLs).")
        }
    }
}
