import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI
import X509

/// `POST /token` with the client-credentials grant, authenticating the client the way it
/// registered (mutual TLS, `private_key_jwt`, or `client_secret_basic`).
extension SimulatedBank {
    func token(_ profileId: String, _ request: Request, _ context: SimulatorRequestContext) async throws -> Response {
        let profile = try profile(profileId)
        environment.state.withValues { $0.tokenRequests[profileId, default: 0] += 1 }
        let form = HTTPReply.formFields(String(buffer: try await request.body.collect(upTo: 1 << 20)))
        guard form["grant_type"] == "client_credentials" else {
            throw SimulatorError.oauth("unsupported_grant_type", "Only grant_type=client_credentials is simulated.")
        }
        let client = try await authenticate(profile, form: form, request: request, context: context)
        let registered = Set(client.client.scope.split(separator: " ").map(String.init)).union(["openid"])
        let requested = form["scope"].map { $0.split(separator: " ").map(String.init) } ?? []
        for scope in requested where !registered.contains(scope) {
            throw SimulatorError.oauth("invalid_scope", "Scope \(scope) was not registered for this client.")
        }
        let accessToken = Simulated.randomToken()
        environment.state.withValues {
            $0.bankTokens[accessToken] = SimulatorState.BankToken(
                profileId: profileId, clientId: client.client.clientId, expiry: Date().addingTimeInterval(3600)
            )
            $0.issuedSecrets[profileId, default: []].append(accessToken)
        }
        var body: [String: JSONValue] = ["access_token": .string(accessToken), "token_type": .string("Bearer"), "expires_in": .number(3600)]
        if !requested.isEmpty { body["scope"] = .string(requested.joined(separator: " ")) }
        var answer = TokenAnswer(body: body, requestedScope: form["scope"])
        profile.quirks.bankWrites(&answer)
        return HTTPReply.json(.object(answer.body))
    }

    /// Authenticates the client by its registered `token_endpoint_auth_method`.
    func authenticate(
        _ profile: BankProfile, form: [String: String], request: Request, context: SimulatorRequestContext
    ) async throws -> SimulatorState.StoredClient {
        func invalidClient(_ description: String) -> SimulatorError { .oauth("invalid_client", description, status: 401) }
        func stored(_ clientId: String?) -> SimulatorState.StoredClient? {
            guard let clientId else { return nil }
            return environment.state.withValues { $0.clients[profile.id]?[clientId] }
        }
        // client_secret_basic
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic ") {
            guard let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            else { throw invalidClient("Malformed Basic credentials.") }
            let id = String(decoded[..<colon]).removingPercentEncoding ?? ""
            let secret = String(decoded[decoded.index(after: colon)...]).removingPercentEncoding ?? ""
            guard let client = stored(id), client.client.tokenEndpointAuthMethod == "client_secret_basic", client.clientSecret == secret else {
                throw invalidClient("Client authentication failed.")
            }
            return client
        }
        // private_key_jwt
        if let assertion = form["client_assertion"] {
            guard form["client_assertion_type"] == SimulatedDirectory.clientAssertionType, let parsed = try? CompactJWS.parse(assertion) else {
                throw invalidClient("The client assertion is malformed.")
            }
            let clientId = parsed.payload["iss"]?.stringValue
            guard let client = stored(clientId), client.client.tokenEndpointAuthMethod == "private_key_jwt",
                parsed.payload["sub"]?.stringValue == clientId, form["client_id"] == nil || form["client_id"] == clientId
            else { throw invalidClient("Client authentication failed.") }
            guard let key = environment.tppSigningKey(jwksURL: environment.tppJWKSURL, keyId: parsed.keyId),
                ["PS256", "ES256"].contains(parsed.algorithm ?? ""), CompactJWS.verify(parsed, publicKey: key)
            else { throw invalidClient("The client assertion signature does not verify with the software's JWKS.") }
            let issuer = environment.issuerURL(for: profile.id)
            guard Simulated.audience(parsed.payload["aud"], contains: [issuer, issuer + "/token"]) else {
                throw invalidClient("aud must be the issuer or the token endpoint.")
            }
            guard let exp = parsed.payload["exp"]?.numberValue, exp > Date().timeIntervalSince1970 else {
                throw invalidClient("The client assertion has expired.")
            }
            guard let jti = parsed.payload["jti"]?.stringValue, environment.state.recordJTI(jti, scope: "token:\(profile.id)") else {
                throw invalidClient("The client assertion jti is missing or was used before.")
            }
            return client
        }
        guard let client = stored(form["client_id"]) else { throw invalidClient("Unknown client_id.") }
        switch client.client.tokenEndpointAuthMethod {
        case "client_secret_post":
            guard form["client_secret"] == client.clientSecret else { throw invalidClient("Client authentication failed.") }
        case "tls_client_auth":
            guard let certificate = try await context.clientCertificate(),
                SubjectDNFormatter.format(certificate.subject, orgIdEncoding: profile.quirks.requestShape.subjectDnOrgIdEncoding)
                    == client.client.subjectDN
            else { throw invalidClient("The TLS client certificate does not match the registered subject DN.") }
        default:
            throw invalidClient("The client must authenticate with \(client.client.tokenEndpointAuthMethod).")
        }
        return client
    }
}
