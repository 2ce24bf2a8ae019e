import OBCCore
import OBCPluginAPI

/// What `obc keys verify` says about the objects that failed: each object once (id, owner,
/// purpose), grouped under its cause, and the exit code the causes call for.
struct VerifyReport {
    let failures: [KeyRotationService.FailedObject]

    init(_ failures: [KeyRotationService.FailedObject]) { self.failures = failures }

    /// Tampering details name their object, so they are grouped under one shared sentence.
    static let tamperingCause =
        "failed authentication: altered, moved to another owner or purpose, or its key description now names a different key"

    static func cause(of error: OBCError) -> String {
        error.kind == .tampering ? tamperingCause : error.detailAndCause
    }

    /// One heading per cause (in order of first appearance) followed by its objects.
    var lines: [String] {
        var order: [String] = []
        var groups: [String: [KeyRotationService.FailedObject]] = [:]
        for failure in failures {
            let cause = Self.cause(of: failure.error)
            if groups[cause] == nil { order.append(cause) }
            groups[cause, default: []].append(failure)
        }
        return order.flatMap { cause in
            let objects = groups[cause]!
            return ["failed (\(objects.count) object\(objects.count == 1 ? "" : "s")): \(cause)"]
                + objects.map { "  object \($0.id.lowercasedText)  owner \($0.owner.lowercasedText)  purpose \($0.purpose)" }
        }
    }

    /// 1 when anything was tampered with, 78 when keys could not be resolved, nil when all opened.
    var exitCode: Int32? {
        if failures.isEmpty { return nil }
        return failures.contains { $0.error.kind == .tampering } ? CLIExit.objectsFailed : CLIExit.misconfigured
    }
}
