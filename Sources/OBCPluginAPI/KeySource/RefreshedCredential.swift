import Foundation

/// A credential a cloud key source fetches and uses until it expires (temporary access keys,
/// an OAuth access token).
public protocol ExpiringCredential: Sendable {
    /// When it stops working; nil for one that never does (long-term keys).
    var expiry: Date? { get }
}

extension ExpiringCredential {
    /// Whether it should be replaced by `now`, leaving `margin` to spare so a request made just
    /// before expiry does not arrive with a dead credential.
    public func needsRefresh(at now: Date, margin: TimeInterval) -> Bool {
        guard let expiry else { return false }
        return now.addingTimeInterval(margin) >= expiry
    }
}

/// The cached credential of a cloud key source: fetched again `refreshMargin` before it
/// expires, one fetch shared by concurrent callers, and the old one kept when a refresh fails
/// while it still works. Held by the AWS and Google sources' credential chains alike.
public actor RefreshedCredential<Credential: ExpiringCredential> {
    public let refreshMargin: TimeInterval
    let now: @Sendable () -> Date
    private var cached: Credential?
    private var refreshing: Task<Result<Credential, SecretServiceError>, Never>?

    public init(refreshMargin: TimeInterval, now: @escaping @Sendable () -> Date = { Date() }) {
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// The cached credential, or the result of `fetch` (run once for every caller waiting on it).
    public func current(fetch: @escaping @Sendable () async -> Result<Credential, SecretServiceError>) async throws(SecretServiceError)
        -> Credential
    {
        if let cached, !cached.needsRefresh(at: now(), margin: refreshMargin) { return cached }
        let task: Task<Result<Credential, SecretServiceError>, Never>
        if let refreshing {
            task = refreshing
        } else {
            task = Task { await fetch() }
            refreshing = task
        }
        let result = await task.value
        if refreshing == task { refreshing = nil }
        switch result {
        case .success(let credential):
            cached = credential
            return credential
        case .failure(let error):
            if let cached, let expiry = cached.expiry, expiry > now() { return cached }
            throw error
        }
    }

    /// Forgets the cached credential, e.g. after the service said it expired.
    public func invalidate() {
        cached = nil
    }
}
