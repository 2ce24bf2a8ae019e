import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 6: every family `/metrics` exports says what it is (`# HELP`), and every
/// counter, `process_cpu_seconds_total` included, is typed `counter`.
@Suite("The /metrics exposition's HELP and TYPE lines")
struct MetricsExpositionTests {
    let fixture = try! ManagementFixture()

    @Test func everyFamilyHasHelpAndCountersAreTypedCounter() async throws {
        let runtime = try TestRuntime(environment: fixture.environment)
        defer { runtime.removeFiles() }
        try await runtime.withServer { client in
            _ = try await client.send(.get, "/manage/software-statements")
            _ = try await client.send(.get, "/metrics")
            let text = try await client.send(.get, "/metrics").text
            let lines = text.split(separator: "\n").map(String.init)
            var types: [String: String] = [:]
            var helped = Set<String>()
            for line in lines {
                let words = line.split(separator: " ", maxSplits: 3).map(String.init)
                if words.count >= 4, words[0] == "#", words[1] == "TYPE" { types[words[2]] = words[3] }
                if words.count >= 4, words[0] == "#", words[1] == "HELP", !words[3].isEmpty { helped.insert(words[2]) }
            }
            #expect(types["obc_http_requests_total"] != nil, "\(text)")
            #expect(types["process_cpu_seconds_total"] == "counter", "\(text)")
            for (family, type) in types {
                #expect(helped.contains(family), "\(family) has no # HELP")
                if family.hasSuffix("_total") { #expect(type == "counter", "\(family) is typed \(type)") }
            }
            let samples = lines.filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != "{" && $0 != " " }) }
            for sample in Set(samples) {
                let family = ["_bucket", "_sum", "_count"].reduce(sample) { name, suffix in
                    types[name] == nil && name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
                }
                #expect(types[family] != nil, "\(sample) has no # TYPE")
            }
        }
    }
}
