import Foundation

/// A client a simulated bank created through `POST /register`, as the tests inspect it.
/// Secrets stay inside the simulator: only whether one was issued is visible here.
public struct RegisteredClient: Sendable, Hashable, Codable {
    public var clientId: String
    public var profileId: String
    public var tokenEndpointAuthMethod: String
    public var redirectURIs: [String]
    /// Space-separated, whatever form the request used.
    public var scope: String
    /// The subject DN registered for `tls_client_auth`, exactly as the request sent it.
    public var subjectDN: String?
    public var softwareId: String
    public var issuedAt: Date
    public var hasClientSecret: Bool
    public var hasRegistrationAccessToken: Bool
}
