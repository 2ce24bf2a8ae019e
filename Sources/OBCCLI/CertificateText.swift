import Foundation
import OBCCore

/// How `obc certificates` prints certificates: an aligned table, or JSON with the API's names.
enum CertificateText {
    static func print(_ standings: [CertificateStanding], json: Bool, now: Date = Date()) throws {
        if json {
            try JSONOutput.print(standings.map(object))
            return
        }
        var table = TextTable(["KIND", "ID", "EXPIRES", "DAYS", "REGISTRATIONS", "STATEMENTS", "SUBJECT"])
        for standing in standings {
            let facts = standing.facts
            let days = facts.map { String(Int(($0.earliestNotAfter.timeIntervalSince(now) / 86_400).rounded(.down))) }
            table.append([
                kind(standing), standing.id.lowercasedText, facts.map { JSONOutput.date($0.earliestNotAfter) } ?? "unreadable", days ?? "-",
                String(standing.bankRegistrationCount), String(standing.softwareStatementIds.count), facts?.subject ?? "-",
            ])
        }
        Swift.print(table.text)
    }

    static func kind(_ standing: CertificateStanding) -> String {
        standing.kind == .obWacCertificate ? "OBWAC" : "OBSeal"
    }

    static func object(_ standing: CertificateStanding) -> [String: Any] {
        var object: [String: Any] = [
            "Kind": kind(standing), "Id": standing.id.lowercasedText,
            "SoftwareStatementIds": standing.softwareStatementIds.map(\.lowercasedText), "BankRegistrationCount": standing.bankRegistrationCount,
        ]
        if let facts = standing.facts {
            object["Expiry"] = [
                "Subject": facts.subject, "Issuer": facts.issuer, "NotBefore": JSONOutput.date(facts.notBefore),
                "NotAfter": JSONOutput.date(facts.notAfter), "Sha256Fingerprint": facts.sha256Fingerprint, "ChainLength": facts.chainLength,
                "EarliestNotAfter": JSONOutput.date(facts.earliestNotAfter), "EarliestNotAfterSubject": facts.earliestNotAfterSubject,
            ]
        }
        return object
    }
}
