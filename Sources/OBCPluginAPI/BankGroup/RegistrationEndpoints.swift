/// The bank's endpoints for a registered client (DCR §3.2-3.4).
public struct RegistrationEndpoints: Sendable, Hashable {
    public var get: Bool
    public var delete: Bool
    public var put: Bool
    /// GET/PUT/DELETE use the registration access token rather than a client-credentials grant.
    public var useRegistrationAccessToken: Bool

    public init(get: Bool, delete: Bool, put: Bool = false, useRegistrationAccessToken: Bool) {
        self.get = get
        self.delete = delete
        self.put = put
        self.useRegistrationAccessToken = useRegistrationAccessToken
    }
}
