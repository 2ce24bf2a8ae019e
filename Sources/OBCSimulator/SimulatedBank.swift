import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI
import X509

/// Every simulated bank (one per profile, issuer `{base}/banks/{ProfileId}`): discovery, DCR
/// `POST/GET/PUT/DELETE /register` in the profile's version and quirks, and a client-credentials
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
        router.put("/banks/:profileId/register/:clientId") { request, context in
            let profileId = try context.parameters.require("profileId")
            return await Simulated.respond(environment, .registerPut, profileId: profileId) {
                try await updateRegistration(profileId, try context.parameters.require("clientId"), request, context)
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
        var configuration: [String: JSONValue] = [
            "issuer": .string(issuer),
            "authorization_endpoint": .string("\(issuer)/authorize"),
            "token_endpoint": .string("\(issuer)/token"),
            "jwks_uri": .string("\(issuer)/jwks"),
            "response_types_supported": .array([.string("code id_token"), .string("code")]),
            "scopes_supported": .array(["openid", "accounts", "payments", "fundsconfirmations"].map(JSONValue.string)),
            "response_modes_supported": .array(["fragment", "query", "jwt"].map(JSONValue.string)),
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
        profile.quirks.bankWrites(&configuration)
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
        environment.state.withValues { $0.registrationCertificates[profileId, default: []].append(certificate) }
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
    /// credentials, the registered metadata echoed and the SSA's claims flattened, written as the
    /// profile's declared differences say (`bankWrites`).
    func responseBody(
        profile: BankProfile, validator: DCRRequestValidator, accepted: DCRRequestValidator.Accepted, clientId: String, issuedAt: Date,
        secret: String?, registrationAccessToken: String?
    ) -> JSONValue {
        let claims = accepted.claims
        let seconds = issuedAt.timeIntervalSince1970.rounded(.down)
        var body: [String: JSONValue] = [
            "client_id": .string(clientId),
            "client_id_issued_at": .number(seconds),
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
        body["scope"] =
            profile.dcrVersion == .v3p1 ? .array(accepted.scopes.map(JSONValue.string)) : .string(accepted.scopes.joined(separator: " "))
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
        var answer = RegistrationAnswer(body: body, issuedAt: seconds)
        profile.quirks.bankWrites(&answer)
        return .object(answer.body)
    }
}
