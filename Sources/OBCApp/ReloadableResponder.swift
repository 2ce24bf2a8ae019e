import Hummingbird
import OBCHTTP
import Synchronization

/// The application's responder: forwards to the current router, which a configuration reload
/// replaces while requests in flight finish on the one they started with.
final class ReloadableResponder: HTTPResponder, Sendable {
    typealias Context = AppRequestContext
    private let current: Mutex<RouterResponder<AppRequestContext>>

    init(_ responder: RouterResponder<AppRequestContext>) {
        current = Mutex(responder)
    }

    func replace(with responder: RouterResponder<AppRequestContext>) {
        current.withLock { $0 = responder }
    }

    @Sendable func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let responder = current.withLock { $0 }
        return try await responder.respond(to: request, context: context)
    }
}
