import Foundation

/// The parts of a bank's OpenID discovery document registration needs, after the profile's
/// overrides, validated the way OBC validates them.
public struct OpenIDConfiguration: Sendable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksUri: String
    public var registrationEndpoint: String?
    public var tokenEndpointAuthMethodsSupported: [String]
    public var responseModesSupported: [String]

    public init(json: JSONValue, quirks: RegistrationQuirks, url: String) throws(OBCError) {
        func required(_ name: String) throws(OBCError) -> String {
            guard let value = json[name]?.stringValue, URL(string: value)?.scheme != nil else {
                throw OBCError(.upstream(status: 502), "The bank's OpenID configuration at \(url) has no valid \(name).")
            }
            return value
        }
        issuer = try required("issuer")
        authorizationEndpoint = try required("authorization_endpoint")
        tokenEndpoint = try required("token_endpoint")
        jwksUri = try required("jwks_uri")
        registrationEndpoint = json["registration_endpoint"]?.stringValue
        tokenEndpointAuthMethodsSupported =
            quirks.tokenEndpointAuthMethodsSupportedOverride
            ?? json["token_endpoint_auth_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        responseModesSupported =
            quirks.responseModesSupportedOverride ?? json["response_modes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !tokenEndpointAuthMethodsSupported.isEmpty else {
            throw OBCError(.upstream(status: 502), "The bank's OpenID configuration at \(url) lists no token_endpoint_auth_methods_supported.")
        }
    }
}
