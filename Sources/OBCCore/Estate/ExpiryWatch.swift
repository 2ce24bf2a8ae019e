import Foundation

/// Finds the certificates that expire (the leaf or any chain member) within a window, and
/// says so in words an operator can act on: which record, when, what uses it. The server
/// logs these at start-up and once a day and lists them as readiness warnings; the CLI's
/// `certificates check` and the `/metrics` gauges read the same standings.
public struct ExpiryWatch: Sendable {
    /// The window the server warns about.
    public static let warningWindow: TimeInterval = 30 * 86_400

    public let estate: EstateService
    let now: @Sendable () -> Date

    public init(estate: EstateService, now: @escaping @Sendable () -> Date) {
        self.estate = estate
        self.now = now
    }

    /// Every certificate whose earliest member's `NotAfter` falls before now + `window`
    /// (already expired included), earliest first.
    public func expiring(within window: TimeInterval) async throws -> [CertificateStanding] {
        let limit = now().addingTimeInterval(window)
        return try await estate.certificates().filter { $0.expires(before: limit) }.sorted {
            ($0.facts?.earliestNotAfter ?? .distantFuture) < ($1.facts?.earliestNotAfter ?? .distantFuture)
        }
    }

    /// One sentence per certificate within the warning window.
    public func warnings() async throws -> [String] {
        let date = now()
        return try await expiring(within: Self.warningWindow).map { Self.sentence($0, at: date) }
    }

    static func sentence(_ standing: CertificateStanding, at date: Date) -> String {
        guard let facts = standing.facts else { return "" }
        let when = ISO8601DateFormatter().string(from: facts.earliestNotAfter)
        let member = facts.chainLength > 1 ? " (its chain member \(facts.earliestNotAfterSubject))" : ""
        let statements = standing.softwareStatementIds.map(\.lowercasedText).joined(separator: ", ")
        let users =
            standing.softwareStatementIds.isEmpty
            ? "No software statement uses it."
            : "Software statements \(statements) use it; \(standing.bankRegistrationCount) bank registration(s) depend on it."
        let record = "\(standing.kind.rawValue) record with ID \(standing.id.lowercasedText)\(member)"
        if facts.earliestNotAfter <= date {
            return "\(record) expired on \(when); banks refuse it, so registrations that need it fail until it is replaced. \(users)"
        }
        let days = Int((facts.earliestNotAfter.timeIntervalSince(date) / 86_400).rounded(.down))
        return "\(record) expires on \(when) (in \(days) day\(days == 1 ? "" : "s")): renew it. \(users)"
    }
}
