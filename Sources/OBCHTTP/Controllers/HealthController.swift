import Hummingbird
import OBCCore

/// Start-up findings the readiness probe reports, such as a certificate whose key no longer
/// resolves. Filled once by the composition root after validation runs.
public actor StartupReport {
    public private(set) var warnings: [String] = []
    public init() {}
    public func record(_ warnings: [String]) { self.warnings = warnings }
}

/// `/health/live` (the process answers) and `/health/ready` (the store answers and the
/// current encryption key resolves here; start-up warnings listed so an operator sees them
/// without reading logs). Both checks run on every probe, so readiness recovers by itself.
struct HealthController {
    let currentKey: CurrentKeyCheck
    let report: StartupReport

    struct Status: ResponseEncodable {
        var status: String
        var warnings: [String]?
        var detail: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health/live") { _, _ in Status(status: "Live") }
        router.get("/health/ready", use: ready)
    }

    /// How long readiness waits for the database before it answers 503.
    static let databaseDeadline = Duration.seconds(3)

    enum Outcome<Value: Sendable>: Sendable {
        case value(Value)
        case timedOut
    }

    /// `body`'s result, or an error once `limit` has passed (the check is cancelled).
    static func within<Value: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Outcome<Value>.self) { group in
            group.addTask { .value(try await body()) }
            group.addTask {
                try await Task.sleep(for: limit)
                return .timedOut
            }
            defer { group.cancelAll() }
            guard case .value(let value)? = try await group.next() else { throw CancellationError() }
            return value
        }
    }

    @Sendable func ready(request: Request, context: AppRequestContext) async throws -> EditedResponse<Status> {
        let keyProblem: String?
        do {
            keyProblem = try await Self.within(Self.databaseDeadline) { [currentKey] in try await currentKey.problem() }
        } catch {
            return EditedResponse(
                status: .serviceUnavailable, response: Status(status: "NotReady", detail: "The database does not answer (within 3 s)."))
        }
        if let keyProblem {
            return EditedResponse(status: .serviceUnavailable, response: Status(status: "NotReady", detail: keyProblem))
        }
        return EditedResponse(status: .ok, response: Status(status: "Ready", warnings: await report.warnings.nonEmpty))
    }
}
