import Foundation
import OBCPluginAPI

/// A new registration needs certificates the bank accepts: one whose software statement's
/// OBWAC or OBSeal (any member of its chain) has expired is refused before anything is claimed
/// or sent, naming the certificate and its `NotAfter`.
extension BankRegistrationService {
    func requireUnexpiredCertificates(of statement: SoftwareStatement) async throws {
        let date = now()
        let wac = try await store.obWacCertificates.find(id: statement.defaultObWacCertificateId)
        let seal = try await store.obSealCertificates.find(id: statement.defaultObSealCertificateId)
        let certificates: [(RecordKind, UUID, String?)] = [
            (.obWacCertificate, statement.defaultObWacCertificateId, wac?.certificate),
            (.obSealCertificate, statement.defaultObSealCertificateId, seal?.certificate),
        ]
        for (kind, id, pem) in certificates {
            guard let pem, let facts = CertificateFacts.read(pem: pem), facts.earliestNotAfter <= date else { continue }
            let member = facts.chainLength > 1 ? " (its chain member \(facts.earliestNotAfterSubject))" : ""
            throw OBCError(
                .conflict, field: "SoftwareStatementId",
                "The software statement's \(kind.rawValue) \(id.lowercasedText)\(member) expired: NotAfter \(ISO8601DateFormatter().string(from: facts.earliestNotAfter)). Banks refuse it; add the renewed certificate and point the software statement at it (PUT /manage/software-statements/\(statement.id.lowercasedText))."
            )
        }
    }
}
