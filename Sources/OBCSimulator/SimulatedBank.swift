import Foundation
import Hummingbird
import OBCCore
import X509

/// Every simulated bank (one per profile, issuer `{base}/banks/{ProfileId}`): discovery, DCR
/// `POST/GET/DELETE /register` in the profile's version and quirks, and a client-credentials
/// token endpoint that authenticates clients the way they registered.
struct SimulatedBank: Sendable {
    let environment: SimulatorEnvironment

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.get("/banks/:profileId/.well-known/openid-configuration") { _, context in
            let profileId = try context.parameters.require("profileId")
            return await Simulated.respond(environment, .discovery, profileId: profileId) { try discovery(profileId) }
        }
        router.get("/banks/:profileId/jwks") { _, context in
            let profileId = try context.parameters.require("profileId")
            _ = try profile(profileId)
            return HTTPReply.json(.object(["keys": .array([])]))
        }
        router.post("/banks/:profileId/register") { request, context in
            let profileId = try context.parameters.require("profileId")
            return await Simulated.respond(environment, .register, profileId: profileId) { try await register(profileId, request, context) }
        }
        router.get("/banks/:profileId/register/:clientId") { request, context in
            let profileId = try context.parameters.require("profileId")
            return await Simulated.respond(environment, .registerGet, profileId: profileId) {
                try readRegistration(profileId, try context.parameters.require("clientId"), request)
            }
        }
        router.delete("/banks/:profileId/register/:clientId") { request, context in
            let profileId = try context.parameters.require("profileId")
            return await Simulated.respond(environment, .registerDelete, profileId: profileId) {
                try deleteRegistration(profileId, try context.parameters.require("clientId"), request)
            }
        }
        router.post("/banks/:profileId/token") { request, context in
            let profileId = try context.parameters.require("profileId")
            return await Simulated.respond(environment, .token, profileId: profileId) { try await token(profileId, request, context) }
        }
    }

    func profile(_ id: String) throws(SimulatorError) -> BankProfile {
        guard let profile = environment.profiles[id] else { throw .problem(404, "Not Found", "No simulated bank \(id).") }
        return profile
    }

    // MARK: Discovery

    func discovery(_ profileId: String) throws -> Response {
        let profile = try profile(profileId)
        environment.state.withValues { $0.discoveryRequests[profileId, default: 0] += 1 }
        let issuer = environment.issuerURL(for: profileId)
        var methods = [profile.tokenEndpointAuthMethod.rawValue]
        for method in ["tls_client_auth", "private_key_jwt", "client_secret_basic"] where !methods.contains(method) { methods.append(method) }
        let algorithms: JSONValue = .array([.string("PS256"), .string("ES256")])
        // A bank whose profile overrides response modes advertises too few of them, as the real one does.
        let responseModes = profile.quirks.responseModesSupportedOverride == nil ? ["fragment", "query", "jwt"] : ["query"]
        var configuration: [String: JSONValue] = [
            "issuer": .string(issuer),
            "authorization_endpoint": .string("\(issuer)/authorize"),
            "token_endpoint": .string("\(issuer)/token"),
            "jwks_uri": .string("\(issuer)/jwks"),
            "response_types_supported": .array([.string("code id_token"), .string("code")]),
            "scopes_supported": .array(["openid", "accounts", "payments", "fundsconfirmations"].map(JSONValue.string)),
            "response_modes_supported": .array(responseModes.map(JSONValue.string)),
            "grant_types_supported": .array(["authorization_code", "client_credentials", "refresh_token"].map(JSONValue.string)),
            "subject_types_supported": .array([.string("public"), .string("pairwise")]),
            "token_endpoint_auth_methods_supported": .array(methods.map(JSONValue.string)),
            "token_endpoint_auth_signing_alg_values_supported": algorithms,
            "id_token_signing_alg_values_supported": algorithms,
            "request_object_signing_alg_values_supported": algorithms,
            "request_parameter_supported": .bool(true),
            "require_request_uri_registration": .bool(true),
            "tls_client_certificate_bound_access_tokens": .bool(true),
            "claims_parameter_supported": .bool(true),
            "acr_values_supported": .array([.string("urn:openbanking:psd2:sca"), .string("urn:openbanking:psd2:ca")]),
        ]
        if profile.useRegistrationEndpoint { configuration["registration_endpoint"] = .string("\(issuer)/register") }
        return HTTPReply.json(.object(configuration))
    }

    // MARK: POST /register

    func register(_ profileId: String, _ request: Request, _ context: SimulatorRequestContext) async throws -> Response {
        let profile = try profile(profileId)
        environment.state.withValues { $0.registrationPosts[profileId, default: 0] += 1 }
        guard profile.useRegistrationEndpoint else {
            throw SimulatorError.problem(405, "Method Not Allowed", "\(profileId) does not support dynamic client registration.")
        }
        guard let certificate = try await context.clientCertificate() else {
            throw SimulatorError.clientMetadata("A TLS client certificate is required.")
        }
        let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
        let validator = DCRRequestValidator(environment: environment, profile: profile)
        let accepted = try validator.validate(body: body, contentType: request.headers[.contentType], clientCertificate: certificate)

        let clientId = UUID().lowercasedText
        let issuedAt = Date()
        let secret = [.clientSecretBasic, .clientSecretPost].contains(accepted.method) ? Simulated.randomToken() : nil
        let registrationAccessToken = profile.useRegistrationAccessToken ? Simulated.randomToken() : nil
        let response = responseBody(
            profile: profile, validator: validator, accepted: accepted, clientId: clientId, issuedAt: issuedAt, secret: secret,
            registrationAccessToken: registrationAccessToken
        )
        let client = RegisteredClient(
            clientId: clientId, profileId: profileId, tokenEndpointAuthMethod: accepted.method.rawValue, redirectURIs: accepted.redirectURIs,
            scope: accepted.scopes.joined(separator: " "), subjectDN: accepted.subjectDN, softwareId: accepted.ssa["software_id"]?.stringValue ?? "",
            issuedAt: issuedAt, hasClientSecret: secret != nil, hasRegistrationAccessToken: registrationAccessToken != nil
        )
        environment.state.withValues {
            $0.clients[profileId, default: [:]][clientId] = SimulatorState.StoredClient(
                client: client, clientSecret: secret, registrationAccessToken: registrationAccessToken, response: response
            )
            $0.issuedSecrets[profileId, default: []] += [secret, registrationAccessToken].compactMap { $0 }
        }
        return HTTPReply.json(response, status: 201)
    }

    /// v3.1/v3.2 `OBClientRegistration1`, v3.3 `OBClientRegistration1Response`: the client's
    /// credentials, the registered metadata echoed and the SSA's claims flattened.
    func responseBody(
        profile: BankProfile, validator: DCRRequestValidator, accepted: DCRRequestValidator.Accepted, clientId: String, issuedAt: Date,
        secret: String?, registrationAccessToken: String?
    ) -> JSONValue {
        let claims = accepted.claims
        let seconds = issuedAt.timeIntervalSince1970.rounded(.down)
        var body: [String: JSONValue] = [
            "client_id": .string(clientId),
            "client_id_issued_at": .number(profile.quirks.clientIdIssuedAtInMilliseconds ? seconds * 1000 : seconds),
            "registration_client_uri": .string("\(environment.issuerURL(for: profile.id))/register/\(clientId)"),
            "redirect_uris": .array(accepted.redirectURIs.map(JSONValue.string)),
            "token_endpoint_auth_method": .string(accepted.method.rawValue),
            "grant_types": claims["grant_types"] ?? .array([]),
            "response_types": claims["response_types"] ?? .array([.string("code id_token")]),
            "software_id": .string(accepted.ssa["software_id"]?.stringValue ?? ""),
            "software_statement": claims["software_statement"] ?? .null,
            "application_type": claims["application_type"] ?? .string("web"),
            "id_token_signed_response_alg": claims["id_token_signed_response_alg"] ?? .string("PS256"),
            "request_object_signing_alg": claims["request_object_signing_alg"] ?? .string("PS256"),
        ]
        if profile.quirks.issuedAtAndExpiryInMilliseconds {
            // Banks that echo the registration's iat/exp in milliseconds (OBC's newest release: Virgin Money).
            body["iat"] = .number(seconds * 1000)
            body["exp"] = .number((seconds + 300) * 1000)
        }
        let scopeAsArray = profile.dcrVersion == .v3p1 || profile.quirks.scopeResponseAsArray
        body["scope"] = scopeAsArray ? .array(accepted.scopes.map(JSONValue.string)) : .string(accepted.scopes.joined(separator: " "))
        if let dn = accepted.subjectDN { body[validator.subjectDNClaim] = .string(dn) }
        for name in ["token_endpoint_auth_signing_alg", "subject_type"] { if let value = claims[name] { body[name] = value } }
        if let secret {
            body["client_secret"] = .string(secret)
            body["client_secret_expires_at"] = .number(0)
        }
        if let registrationAccessToken { body["registration_access_token"] = .string(registrationAccessToken) }
        if profile.dcrVersion == .v3p3 {
            for name in [
                "backchannel_token_delivery_mode", "backchannel_client_notification_endpoint", "backchannel_authentication_request_signing_alg",
                "backchannel_user_code_parameter_supported",
            ] {
                if let value = claims[name] { body[name] = value }
            }
        }
        for name in [
            "software_client_name", "software_client_description", "software_client_uri", "software_version", "software_roles",
            "software_jwks_endpoint", "org_id", "org_name",
        ] {
            if let value = accepted.ssa[name] { body[name] = value }
        }
        return .object(body)
    }

    // MARK: GET / DELETE /register/{ClientId}

    /// The client a GET/DELETE addresses, authorised by its registration access token or a
    /// client-credentials token, as the profile says.
    func authorisedClient(_ profile: BankProfile, _ clientId: String, _ request: Request) throws(SimulatorError) -> SimulatorState.StoredClient {
        guard let token = Simulated.bearerToken(request) else { throw .unauthorized("A bearer token is required.") }
        let stored: SimulatorState.StoredClient? = environment.state.withValues { values in
            guard let client = values.clients[profile.id]?[clientId] else { return nil }
            if profile.useRegistrationAccessToken { return client.registrationAccessToken == token ? client : nil }
            guard let issued = values.bankTokens[token], issued.profileId == profile.id, issued.clientId == clientId, issued.expiry > Date()
            else { return nil }
            return client
        }
        guard let stored else {
            // DCR spec: an unknown client id, or a token not issued to it, is 401 and revokes the token.
            environment.state.withValues { _ = $0.bankTokens.removeValue(forKey: token) }
            throw .unauthorized("The token is not valid for client \(clientId).")
        }
        return stored
    }

    func readRegistration(_ profileId: String, _ clientId: String, _ request: Request) throws -> Response {
        let profile = try profile(profileId)
        guard profile.useRegistrationGetEndpoint else {
            throw SimulatorError.problem(405, "Method Not Allowed", "\(profileId) does not support GET /register/{ClientId}.")
        }
        environment.state.withValues { $0.registrationGets[profileId, default: 0] += 1 }
        return HTTPReply.json(try authorisedClient(profile, clientId, request).response)
    }

    func deleteRegistration(_ profileId: String, _ clientId: String, _ request: Request) throws -> Response {
        let profile = try profile(profileId)
        guard profile.useRegistrationDeleteEndpoint else {
            throw SimulatorError.problem(405, "Method Not Allowed", "\(profileId) does not support DELETE /register/{ClientId}.")
        }
        _ = try authorisedClient(profile, clientId, request)
        environment.state.withValues { values in
            values.clients[profileId]?[clientId] = nil
            values.bankTokens = values.bankTokens.filter { $0.value.clientId != clientId }
            values.deletedClients.append(clientId)
        }
        return HTTPReply.empty(status: 204)
    }

    // MARK: POST /token (client credentials)

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
        return HTTPReply.json(.object(body))
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
                SubjectDNFormatter.format(certificate.subject, orgIdEncoding: profile.quirks.subjectDnOrgIdEncoding) == client.client.subjectDN
            else { throw invalidClient("The TLS client certificate does not match the registered subject DN.") }
        default:
            throw invalidClient("The client must authenticate with \(client.client.tokenEndpointAuthMethod).")
        }
        return client
    }
}
