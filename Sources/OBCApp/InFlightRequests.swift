import Foundation
import Hummingbird

/// Counts the requests the server is answering, so a shutdown can say how many it waits for.
public final class InFlightRequests: Sendable {
    private let count = LockedCount()

    public init() {}

    /// Requests started and not yet answered.
    public var current: Int { count.value }

    /// `responder` with every request counted while it runs.
    func counting<Base: HTTPResponder>(_ responder: Base) -> CountingResponder<Base> {
        CountingResponder(base: responder, count: count)
    }
}

/// A responder that keeps ``InFlightRequests`` up to date around another one.
struct CountingResponder<Base: HTTPResponder>: HTTPResponder {
    let base: Base
    let count: LockedCount

    func respond(to request: Request, context: Base.Context) async throws -> Response {
        count.add(1)
        defer { count.add(-1) }
        return try await base.respond(to: request, context: context)
    }
}

final class LockedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = 0

    var value: Int { lock.withLock { stored } }
    func add(_ delta: Int) { lock.withLock { stored += delta } }
}
