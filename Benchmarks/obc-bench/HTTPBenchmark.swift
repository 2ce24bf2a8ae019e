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
        for path in paths {
            var product = 0.0
            var baseline = 0.0
            for _ in 0..<rounds {
                product += try await HTTPLoad.run(environment.client, environment.baseURL + path, connections, .seconds(seconds))
                baseline += try await HTTPLoad.run(environment.client, bare.baseURL + path, connections, .seconds(seconds))
            }
            let (productRate, bareRate) = (product / Double(rounds), baseline / Double(rounds))
            let label = path == "/health/live" ? path : "GET /manage/obwac-certificates/{id}"
            print(
                String(
                    format: "%@: connector %.0f req/s, bare Hummingbird %.0f req/s, ratio %.2f", label, productRate, bareRate,
                    bareRate > 0 ? productRate / bareRate : 0))
        }
        await bare.stop()
        await environment.stop()
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
