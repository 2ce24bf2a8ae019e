import Foundation
import OBCTestSupport
import Testing

/// Issue 20 section 1: `GET /manage/bank-registrations` and `obc registrations list` against
/// registrations made at the simulated banks: filters by software statement, profile and group,
/// pages without duplicates or gaps, and each certificate's count of registrations behind it.
@Suite("Bank registration lists: filters, pages and `obc registrations list`", .serialized)
struct RegistrationListTests {
    static func ids(_ response: JSONResponse) -> [String] {
        (response["Data"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
    }

    @Test(arguments: [false, true]) func filtersPagesAndTheCLI(postgres: Bool) async throws {
        try await RegistrationHarness.with(postgres: postgres) { harness in
            try await harness.runtime.withServer { client in
                let first = try await harness.createSoftwareStatement(client)
                let second = try await harness.createSoftwareStatement(client)
                var byProfile: [String: [String]] = [:]
                for profile in ["Obie_Model2023", "Lloyds_Sandbox", "NatWest_NatWest"] {
                    byProfile[profile, default: []].append(try await harness.registrationId(client, profile: profile, statement: first))
                }
                let obieSecond = try await harness.registrationId(client, profile: "Obie_Model2023", statement: second)
                byProfile["Obie_Model2023", default: []].append(obieSecond)
                let all = byProfile.values.flatMap { $0 }.sorted()

                let path = "/manage/bank-registrations"
                #expect(Self.ids(try await client.send(.get, "\(path)?softwareStatementId=\(first)")).count == 3)
                #expect(Set(Self.ids(try await client.send(.get, "\(path)?bankProfile=Obie_Model2023"))) == Set(byProfile["Obie_Model2023"] ?? []))
                #expect(Self.ids(try await client.send(.get, "\(path)?bankGroup=Lloyds")) == byProfile["Lloyds_Sandbox"])
                #expect(Self.ids(try await client.send(.get, "\(path)?softwareStatementId=\(second)&bankGroup=Obie")) == [obieSecond])
                #expect(Self.ids(try await client.send(.get, "\(path)?softwareStatementId=\(second)&bankGroup=Lloyds")).isEmpty)

                var walked: [String] = []
                var after = ""
                for _ in 0..<10 {
                    let page = try await client.send(.get, "\(path)?limit=1" + (after.isEmpty ? "" : "&after=\(after)"))
                    walked += Self.ids(page)
                    guard let next = page["Next"] as? String else { break }
                    after = next
                }
                #expect(walked == all, "one a page: every registration once, in id order")
                let item = try #require((try await client.send(.get, "\(path)?bankGroup=Lloyds")["Data"] as? [[String: Any]])?.first)
                #expect(item["BankProfile"] as? String == "Lloyds_Sandbox" && item["SoftwareStatementId"] as? String == first)

                let statement = try await client.send(.get, "/manage/software-statements/\(first)")
                let wacId = try #require(statement["DefaultObWacCertificateId"] as? String)
                let wacs = try await client.send(.get, "/manage/obwac-certificates")
                let wac = try #require((wacs["Data"] as? [[String: Any]])?.first { $0["Id"] as? String == wacId }, "\(wacs.text)")
                #expect(wac["BankRegistrationCount"] as? Int == 3, "\(wac)")
                #expect(wac["SoftwareStatementIds"] as? [String] == [first])

                try await Self.checkCLI(harness, lloyds: byProfile["Lloyds_Sandbox"] ?? [], all: all)
            }
        }
    }

    static func checkCLI(_ harness: RegistrationHarness, lloyds: [String], all: [String]) async throws {
        let database = ["--database", harness.runtime.databasePath]
        let json = try await CLIProcess.run(
            ["registrations", "list", "--bank-group", "Lloyds", "--json"] + database, environment: harness.runtime.environment)
        #expect(json.status == 0, "\(json.output)")
        let start = try #require(json.output.firstIndex(of: "[")), end = try #require(json.output.lastIndex(of: "]"))
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.output[start...end].utf8)) as? [[String: Any]])
        #expect(items.compactMap { $0["Id"] as? String } == lloyds)
        #expect(items.first?["BankProfile"] as? String == "Lloyds_Sandbox")

        let table = try await CLIProcess.run(["registrations", "list"] + database, environment: harness.runtime.environment)
        #expect(table.status == 0, "\(table.output)")
        let lines = table.output.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("ID ") }, "\(table.output)")
        let column = try #require(header.range(of: "BANK PROFILE")).lowerBound.utf16Offset(in: header)
        let rows = lines.filter { line in all.contains { line.hasPrefix($0) } }
        #expect(rows.map { String($0.prefix(36)) } == all, "\(table.output)")
        for row in rows {
            let profile = String(row.dropFirst(column))
            #expect(["Obie_Model2023", "Lloyds_Sandbox", "NatWest_NatWest"].contains { profile.hasPrefix($0) }, "aligned: \(row)")
        }

        let bad = try await CLIProcess.run(
            ["registrations", "list", "--bank-profile", "Nope_Bank"] + database, environment: harness.runtime.environment)
        #expect(bad.status == 65 && bad.output.contains("bankProfile"), "\(bad.output)")
    }
}
