import Foundation
import HummingbirdTesting
import OBCTestSupport
import Testing

/// Issue 20 section 1: the list routes through the real server: pages in a stable order with a
/// cursor, no duplicates and no gaps, the current key marked, and bad paging refused.
@Suite("Estate lists: OBWAC, OBSeal and key descriptions a page at a time")
struct EstateListTests {
    let fixture = try! ManagementFixture()

    /// Walks `path` with `limit`, returning every id in the order served and the page count.
    static func walk(_ client: any TestClientProtocol, _ path: String, limit: Int, after start: String? = nil) async throws -> (
        ids: [String], pages: Int
    ) {
        var ids: [String] = []
        var after = start
        var pages = 0
        repeat {
            let page = try await client.send(.get, "\(path)?limit=\(limit)" + (after.map { "&after=\($0)" } ?? ""))
            #expect(page.status == .ok, "\(page.text)")
            let data = try #require(page["Data"] as? [[String: Any]], "\(page.text)")
            #expect(data.count <= limit)
            ids += data.compactMap { $0["Id"] as? String }
            after = page["Next"] as? String
            pages += 1
        } while after != nil && pages < 100
        return (ids, pages)
    }

    @Test func certificatesComeInPagesWithoutDuplicatesOrGaps() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        let fixture = self.fixture
        try await runtime.withServer { client in
            var created: [String] = []
            for _ in 0..<7 {
                let response = try await client.send(.post, "/manage/obwac-certificates", json: fixture.wacBody)
                created.append(try #require(response["Id"] as? String, "\(response.text)"))
            }
            let (ids, pages) = try await Self.walk(client, "/manage/obwac-certificates", limit: 3)
            #expect(ids == created.sorted(), "every record once, in id order")
            #expect(pages == (created.count + 2) / 3)

            // A record deleted between pages does not shift the rest: the cursor is an id.
            let first = try await client.send(.get, "/manage/obwac-certificates?limit=2")
            let cursor = try #require(first["Next"] as? String)
            #expect(try await client.send(.delete, "/manage/obwac-certificates/\(cursor)").status == .ok)
            let rest = try await Self.walk(client, "/manage/obwac-certificates", limit: 3, after: cursor)
            #expect(rest.ids == Array(created.sorted().dropFirst(2)))

            let all = try await client.send(.get, "/manage/obwac-certificates")
            let items = try #require(all["Data"] as? [[String: Any]])
            #expect(items.count == created.count - 1 && all["Next"] == nil, "the default page holds them all: \(all.text)")
            let item = try #require(items.first)
            #expect(item["Certificate"] == nil, "list items carry facts, not the PEM")
            #expect((item["Expiry"] as? [String: Any])?["ChainLength"] as? Int == 1)
            #expect(item["SoftwareStatementIds"] as? [String] == [])
            #expect(item["BankRegistrationCount"] as? Int == 0)

            let seal = try await client.send(.post, "/manage/obseal-certificates", json: fixture.sealBody)
            let seals = try await client.send(.get, "/manage/obseal-certificates")
            let sealItems = try #require(seals["Data"] as? [[String: Any]])
            #expect(sealItems.map { $0["Id"] as? String } == [seal["Id"] as? String])
            #expect(sealItems.first?["AssociatedKeyId"] as? String == "seal-kid-1")
        }
    }

    @Test func keyDescriptionsSayWhichIsCurrent() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let first = try await client.send(
                .post, "/manage/encryption-key-descriptions",
                json: ["Key": ManagementFixture.secret("Encryption:Key1"), "SetAsCurrentEncryptionKey": true])
            let second = try await client.send(
                .post, "/manage/encryption-key-descriptions", json: ["Key": ManagementFixture.secret("Encryption:Key2")])
            let listed = try await client.send(.get, "/manage/encryption-key-descriptions?limit=1")
            let next = try #require(listed["Next"] as? String, "two keys, one a page: \(listed.text)")
            let rest = try await client.send(.get, "/manage/encryption-key-descriptions?limit=1&after=\(next)")
            #expect(rest["Next"] == nil)
            let items = (listed["Data"] as? [[String: Any]] ?? []) + (rest["Data"] as? [[String: Any]] ?? [])
            let current = Dictionary(
                uniqueKeysWithValues: items.compactMap { item in (item["Id"] as? String).map { ($0, item["IsCurrent"] as? Bool) } })
            #expect(current == [try #require(first["Id"] as? String): true, try #require(second["Id"] as? String): false])
        }
    }

    @Test func badPagingIsA400NamingTheParameter() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            let cases = [
                ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"), ("after=not-an-id", "after"),
                ("softwareStatementId=nope", "softwareStatementId"), ("bankProfile=Nope_Bank", "bankProfile"), ("bankGroup=Nope", "bankGroup"),
            ]
            for (query, field) in cases {
                let path = field.hasPrefix("bank") || field == "softwareStatementId" ? "/manage/bank-registrations" : "/manage/obseal-certificates"
                let response = try await client.send(.get, "\(path)?\(query)")
                #expect(response.status == .badRequest, "\(query): \(response.text)")
                #expect(response.contentType == "application/problem+json")
                #expect(response["field"] as? String == field, "\(query): \(response.text)")
            }
            let maximum = try await client.send(.get, "/manage/encryption-key-descriptions?limit=500")
            #expect(maximum.status == .ok, "\(maximum.text)")
        }
    }
}
