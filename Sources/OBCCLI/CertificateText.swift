import Foundation
import OBCCore
import OBCHTTP

/// How `obc certificates` prints certificates: an aligned table, or JSON with the API's list items.
enum CertificateText {
    static func print(_ standings: [CertificateStanding], json: Bool, now: Date = Date()) throws {
        if json {
            try JSONOutput.print(encodable: standings.map { KindedCertificate(kind: kind($0), item: CertificateListItem($0)) })
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
}

/// A certificate as the API lists it (`CertificateListItem`), plus its `Kind`, since the CLI
/// lists both kinds together.
struct KindedCertificate: Encodable {
    let kind: String
    let item: CertificateListItem

    enum Key: String, CodingKey { case kind }

    func encode(to encoder: any Encoder) throws {
        try item.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(kind, forKey: .kind)
    }
}
