import Foundation
import Hummingbird
import OBCCore

/// The request context of the management API: OBC's JSON conventions for responses.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    public var responseEncoder: JSONEncoder { PascalCaseJSON.sharedEncoder }
}
