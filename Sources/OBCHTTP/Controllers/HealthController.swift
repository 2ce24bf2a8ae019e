import Hummingbird
import OBCCore

/// Start-up findings the readiness probe reports. `reasons` stop service (503); `warnings` do
/// not (a certificate whose key no longer resolves or matches fails only the registrations
/// that use it; a wrong Swagger UI folder: 200).
/// Filled by the composition root after validation runs, at start-up and on each reload.
public actor StartupReport {
    public private(set) var reasons: [String] = []
    public private(set) var warnings: [String] = []
    public init() {}
    public func record(_ reasons: [String], warnings: [String] = []) {
        self.reasons = reasons
        self.warnings = warnings
    }
}

/// `/health/live` and `/healthz` (the process answers) and `/health/ready` (503 with the
/// reasons when the store does not answer within 3 s, the current encryption key does not
/// resolve here, or a start-up check recorded a reason; warnings listed with 200, so an operator sees them
/// without reading logs). The checks run on every probe, so readiness recovers by itself.
struct HealthController {
    let currentKey: CurrentKeyCheck
    let report: StartupReport

    struct Status: ResponseEncodable {
        var status: String
        var reasons: [String]?
        var warnings: [String]?
        var detail: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health/live") { _, _ in Status(status: "Live") }
        router.get("/healthz") { _, _ in Status(status: "Live") }
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
        var reasons: [String] = []
        do {
            if let keyProblem = try await Self.within(Self.databaseDeadline, { [currentKey] in try await currentKey.problem() }) {
                reasons.append(keyProblem)
            }
        } catch {
            reasons.append("The database does not answer (within 3 s).")
        }
        reasons += await report.reasons
        let warnings = await report.warnings.nonEmpty
        guard reasons.isEmpty else {
            return EditedResponse(
                status: .serviceUnavailable,
                response: Status(status: "NotReady", reasons: reasons, warnings: warnings, detail: reasons.joined(separator: " ")))
        }
        return EditedResponse(status: .ok, response: Status(status: "Ready", warnings: warnings))
    }
}
