import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

/// Issue 20 section 2 through the real server and the real `obc`: a stored chain whose CA
/// expires in 10 days (the leaf in 300) reports the CA as its earliest-expiring member in the
/// list, in `/metrics`, in the start-up log and readiness, and makes `certificates check` fail.
@Suite("Certificate expiry: list facts, metrics, readiness, log and `obc certificates`", .serialized)
struct CertificateExpiryTests {
    let fixture = try! ManagementFixture()
    static let caName = "Expiring Test Issuing CA"

    struct Seeded {
        let test: TestRuntime
        let chainId: String
        let sealId: String
        let statementId: String
        let chain: String
        let caNotAfter: Date
        let leafNotAfter: Date
    }

    /// A database holding the chain as an OBWAC certificate (the API of this build takes lone
    /// certificates, so it is stored directly), a year-long OBSeal and a statement using both.
    func seeded() async throws -> Seeded {
        let test = try TestRuntime(environment: fixture.environment)
        let runtime = try test.makeRuntime()
        let caNotAfter = Date().addingTimeInterval(10 * 86_400).rounded()
        let leafNotAfter = Date().addingTimeInterval(300 * 86_400).rounded()
        let chain = try TestPKI.chainPEM(
            leafKey: fixture.wacKey, caKey: fixture.otherKey, caCommonName: Self.caName, leafNotAfter: leafNotAfter, caNotAfter: caNotAfter)
        let wac = ObWacCertificate(
            metadata: RecordMetadata(), associatedKey: SecretDescription(name: "OpenBankingConnector:Keys:ObWac"), certificate: chain)
        try await runtime.store.obWacCertificates.insert(wac)
        let seal = try await runtime.services.obSealCertificates.create(
            .init(
                associatedKeyId: "kid", associatedKey: SecretDescription(name: "OpenBankingConnector:Keys:ObSeal"),
                certificate: fixture.sealCertificate))
        let statement = try await runtime.services.softwareStatements.create(
            .init(
                organisationId: "org", softwareId: "software", defaultObWacCertificateId: wac.id, defaultObSealCertificateId: seal.value.id,
                defaultQueryRedirectUrl: "https://tpp.example.com/q", defaultFragmentRedirectUrl: "https://tpp.example.com/f"))
        await runtime.close()
        return Seeded(
            test: test, chainId: wac.id.lowercasedText, sealId: seal.value.id.lowercasedText, statementId: statement.id.lowercasedText, chain: chain,
            caNotAfter: caNotAfter, leafNotAfter: leafNotAfter)
    }

    static func date(_ value: Any?) -> Date? {
        (value as? String).flatMap { try? Date($0, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
    }

    @Test func theServerReportsTheChainsEarliestExpiry() async throws {
        let seeded = try await seeded()
        defer { seeded.test.removeFiles() }
        try await seeded.test.withServer { client in
            let listed = try await client.send(.get, "/manage/obwac-certificates")
            let item = try #require((listed["Data"] as? [[String: Any]])?.first { $0["Id"] as? String == seeded.chainId }, "\(listed.text)")
            let expiry = try #require(item["Expiry"] as? [String: Any], "\(listed.text)")
            #expect(expiry["ChainLength"] as? Int == 2)
            #expect(Self.date(expiry["EarliestNotAfter"]) == seeded.caNotAfter, "the CA expires first: \(expiry)")
            #expect((expiry["EarliestNotAfterSubject"] as? String)?.contains(Self.caName) == true)
            #expect(Self.date(expiry["NotAfter"]) == seeded.leafNotAfter)
            #expect((expiry["Issuer"] as? String)?.contains(Self.caName) == true)
            #expect((expiry["Subject"] as? String)?.contains("0015800001041REAAY") == true)
            #expect(expiry["Sha256Fingerprint"] as? String == (try TestPKI.sha256Fingerprint(seeded.chain)))
            #expect(item["SoftwareStatementIds"] as? [String] == [seeded.statementId])

            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains("obc_certificates_expiring_within_30_days{kind=\"obwac\"} 1"), "\(metrics)")
            #expect(metrics.contains("obc_certificates_expiring_within_30_days{kind=\"obseal\"} 0"), "\(metrics)")
            let line = try #require(
                metrics.split(separator: "\n").first { $0.hasPrefix("obc_certificate_earliest_expiry_timestamp_seconds{kind=\"obwac\"}") })
            let seconds = try #require(Double(line.split(separator: " ").last.map(String.init) ?? ""), "\(line)")
            #expect(abs(seconds - seeded.caNotAfter.timeIntervalSince1970) < 1, "\(line)")
            for expiryLine in metrics.split(separator: "\n") where expiryLine.hasPrefix("obc_certificate") {
                #expect(!expiryLine.contains(seeded.chainId) && !expiryLine.contains(seeded.sealId), "no record ids in labels: \(expiryLine)")
            }

            let ready = try await client.send(.get, "/health/ready")
            #expect(ready.status == .ok, "an expiring certificate is a warning: \(ready.text)")
            let warnings = try #require(ready["Warnings"] as? [String], "\(ready.text)")
            let warning = try #require(
                warnings.first { $0.contains("ObWacCertificate record with ID \(seeded.chainId)") && $0.contains("expires on") })
            #expect(warning.contains(Self.caName) && warning.contains(seeded.statementId), "\(warning)")
            #expect(!warnings.contains { $0.contains(seeded.sealId) }, "the year-long OBSeal is not listed: \(warnings)")
        }
        let log = seeded.test.logs.text
        #expect(log.contains("ObWacCertificate record with ID \(seeded.chainId) (its chain member"), "start-up warns: \(log)")
    }

    /// `obc serve` repeats the warning once a day; here the interval is shortened.
    @Test func theWarningIsRepeatedEachInterval() async throws {
        let seeded = try await seeded()
        defer { seeded.test.removeFiles() }
        try await seeded.test.withServer(expiryLogInterval: .milliseconds(200)) { _ in try await Task.sleep(for: .milliseconds(1_100)) }
        let warning = "ObWacCertificate record with ID \(seeded.chainId) (its chain member"
        let count = seeded.test.logs.text.components(separatedBy: warning).count - 1
        #expect(count >= 3, "start-up, then each interval: \(count) in \(seeded.test.logs.text)")
    }

    @Test func certificatesCheckExitsNonZeroWithinTheWindow() async throws {
        let seeded = try await seeded()
        defer { seeded.test.removeFiles() }
        let database = ["--database", seeded.test.databasePath]
        let environment = fixture.environment
        let within30 = try await CLIProcess.run(["certificates", "check", "--within", "30d"] + database, environment: environment)
        #expect(within30.status == 1, "\(within30.output)")
        #expect(within30.output.contains(seeded.chainId) && !within30.output.contains(seeded.sealId), "\(within30.output)")
        #expect(within30.output.contains("1 certificate expires within 30d"), "\(within30.output)")

        let within5 = try await CLIProcess.run(["certificates", "check", "--within", "5d"] + database, environment: environment)
        #expect(within5.status == 0, "\(within5.output)")
        #expect(within5.output.contains("No certificate expires within 5d"))

        let year = try await CLIProcess.run(["certificates", "check", "--within", "400d"] + database, environment: environment)
        #expect(year.status == 1 && year.output.contains(seeded.sealId), "\(year.output)")

        let bad = try await CLIProcess.run(["certificates", "check", "--within", "soon"] + database, environment: environment)
        #expect(bad.status == 65 && bad.output.contains("--within"), "\(bad.output)")
    }

    @Test func certificatesListPrintsATableOrJSON() async throws {
        let seeded = try await seeded()
        defer { seeded.test.removeFiles() }
        let database = ["--database", seeded.test.databasePath]
        let json = try await CLIProcess.run(["certificates", "list", "--json"] + database, environment: fixture.environment)
        #expect(json.status == 0, "\(json.output)")
        let text = json.output
        let start = try #require(text.firstIndex(of: "[")), end = try #require(text.lastIndex(of: "]"))
        let items = try #require(try JSONSerialization.jsonObject(with: Data(text[start...end].utf8)) as? [[String: Any]])
        let chain = try #require(items.first { $0["Id"] as? String == seeded.chainId })
        #expect(chain["Kind"] as? String == "OBWAC")
        #expect((chain["Expiry"] as? [String: Any])?["ChainLength"] as? Int == 2)
        #expect(items.contains { $0["Id"] as? String == seeded.sealId && $0["Kind"] as? String == "OBSeal" })

        let table = try await CLIProcess.run(["certificates", "list"] + database, environment: fixture.environment)
        #expect(table.status == 0, "\(table.output)")
        let lines = table.output.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("KIND") }, "\(table.output)")
        let column = try #require(header.range(of: "EXPIRES")).lowerBound.utf16Offset(in: header)
        let rows = lines.filter { $0.hasPrefix("OBWAC") || $0.hasPrefix("OBSeal") }
        #expect(rows.count == 2, "\(table.output)")
        for row in rows {
            #expect(String(row.dropFirst(column)).hasPrefix("20"), "the EXPIRES column is aligned: \(row)")
        }
    }
}

extension Date {
    /// Whole seconds: certificates keep no fractions.
    fileprivate func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
