import Foundation

/// The parts of a bank's OpenID discovery document registration needs, validated the way
/// OBC validates them. A bank group's hook corrects what the bank says before it is used.
public struct OpenIDConfiguration: Sendable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksUri: String
    public var registrationEndpoint: String?
    public var tokenEndpointAuthMethodsSupported: [String]
    public var responseModesSupported: [String]

    /// Reads a discovery document fetched from (or hand-written for) `url`.
    public init(json: JSONValue, url: String) throws(OBCError) {
        func required(_ name: String) throws(OBCError) -> String {
            guard let value = json[name]?.stringValue, URL(string: value)?.scheme != nil else {
                throw OBCError(.upstream(status: 502), "The bank's OpenID configuration at \(url) has no valid \(name).")
            }
            return value
        }
        issuer = try required("issuer")
        authorizationEndpoint = try required("authorization_endpoint")
        tokenEndpoint = try required("token_endpoint")
        jwksUri = json["jwks_uri"]?.stringValue ?? ""
        registrationEndpoint = json["registration_endpoint"]?.stringValue
        tokenEndpointAuthMethodsSupported = json["token_endpoint_auth_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        responseModesSupported = json["response_modes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// What registration needs whatever the bank: a JWKS URI and at least one auth method.
    public func validated(url: String) throws(OBCError) -> OpenIDConfiguration {
        guard URL(string: jwksUri)?.scheme != nil else {
            throw OBCError(.upstream(status: 502), "The bank's OpenID configuration at \(url) has no valid jwks_uri.")
        }
        guard !tokenEndpointAuthMethodsSupported.isEmpty else {
            throw OBCError(.upstream(status: 502), "The bank's OpenID configuration at \(url) lists no token_endpoint_auth_methods_supported.")
        }
        return self
    }
}
