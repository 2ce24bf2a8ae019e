import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `obc-bench http`: the connector's own request path against a bare Hummingbird router that
/// serves the same response bytes from memory, in one process and one run, so the ratio shows
/// what the connector's middleware, store read and JSON encoding cost (issue 22's yardstick).
struct HTTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Requests per second of /health/live and a management GET, each beside a bare Hummingbird route with the same bytes.")

    @Option(help: "Concurrent keep-alive connections of the load generator.")
    var connections = 64

    @Option(help: "Seconds each measured phase runs.")
    var seconds = 5

    @Option(help: "Rounds: the phases alternate, so a shared machine's load hits each alike.")
    var rounds = 3

    func run() async throws {
        let environment = try await RegistrationBenchEnvironment.start(connections: connections)
        let certificatePath = try await Self.createCertificate(environment)
        let paths = ["/health/live", certificatePath]
        var bodies: [String: ByteBuffer] = [:]
        for path in paths { bodies[path] = try await HTTPLoad.body(environment.client, environment.baseURL + path) }
        let bare = try await BareRouteServer.start(bodies: bodies)
        print("obc-bench http: \(connections) connections, \(rounds) rounds of \(seconds) s a phase, one process (load generator included)")
        print(RegistrationBenchmark.machine() + "; load average at start: " + Self.loadAverage())
        for path in paths {
            var product = HTTPLoad.Phase()
            var baseline = HTTPLoad.Phase()
            for _ in 0..<rounds {
                product = product + (try await HTTPLoad.run(environment.client, environment.baseURL + path, connections, .seconds(seconds)))
                baseline = baseline + (try await HTTPLoad.run(environment.client, bare.baseURL + path, connections, .seconds(seconds)))
            }
            let isHealth = path == "/health/live"
            let (label, target) = isHealth ? (path, 0.8) : ("GET /manage/obwac-certificates/{id}", 0.5)
            let ratio = baseline.perSecond > 0 ? product.perSecond / baseline.perSecond : 0
            print(
                String(
                    format: "%@: connector %.0f req/s, bare Hummingbird %.0f req/s, ratio %.2f (issue 22's target ≥ %.1f: %@)", label,
                    product.perSecond, baseline.perSecond, ratio, target, ratio >= target ? "met" : "MISSED"))
            print(
                String(
                    format: "  CPU a request, load generator included: connector %.1f µs, bare %.1f µs; the connector's own %.1f µs",
                    product.cpuMicroseconds, baseline.cpuMicroseconds, product.cpuMicroseconds - baseline.cpuMicroseconds))
        }
        print("load average at the end: " + Self.loadAverage())
        await bare.stop()
        await environment.stop()
    }

    /// The 1, 5 and 15 minute load averages (other work on a shared machine shows here).
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Stores the simulator's OBWAC certificate and returns its management GET path.
    static func createCertificate(_ environment: RegistrationBenchEnvironment) async throws -> String {
        let (status, object) = try await environment.send(
            "POST", "/manage/obwac-certificates",
            json: [
                "AssociatedKey": ["Source": "Configuration", "Name": RegistrationBenchEnvironment.wacKeyName],
                "Certificate": environment.simulator.pki.obWacCertificatePEM,
            ])
        guard status == 201, let id = object?["Id"] as? String else { throw BenchFailure("creating the OBWAC certificate answered \(status)") }
        return "/manage/obwac-certificates/\(id)"
    }
}
