import Foundation
import Hummingbird
import OBCCore
import OBCPluginAPI
import X509

/// The OB Directory as a TPP meets it: a client-credentials token over mutual TLS with a
/// signed client assertion, the software statement assertion (SSA) signed by the Directory,
/// and the JWKS endpoints banks use to check signatures.
struct SimulatedDirectory: Sendable {
    let environment: SimulatorEnvironment
    static let clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.post("/directory/as/token.oauth2") { request, context in
            await Simulated.respond(environment, .directoryToken, profileId: nil) { try await token(request, context) }
        }
        router.get("/directory/api/v2/tpp/:organisationId/ssa/:softwareId") { request, context in
            await Simulated.respond(environment, .directorySSA, profileId: nil) { try await ssa(request, context) }
        }
        router.get("/directory/jwks") { _, _ in
            await Simulated.respond(environment, .directoryJWKS, profileId: nil) {
                let key = JWK.rsa(environment.directoryKey.publicKey, keyId: environment.directoryKeyId, use: "sig")
                return HTTPReply.json(.object(["keys": .array(key.map { [$0] } ?? [])]))
            }
        }
        router.get("/directory/tpp/:organisationId/:softwareId/jwks") { _, context in
            await Simulated.respond(environment, .directoryJWKS, profileId: nil) {
                let org = try context.parameters.require("organisationId")
                let software = try context.parameters.require("softwareId")
                guard org == environment.tpp.organisationId, software == environment.tpp.softwareId else {
                    throw SimulatorError.problem(404, "Not Found", "No software statement \(software) for organisation \(org).")
                }
                return HTTPReply.json(environment.tppJWKS)
            }
        }
        router.get("/directory/tpp/:organisationId/:softwareId/revoked/jwks") { _, _ in
            HTTPReply.json(.object(["keys": .array([])]))
        }
        router.get("/directory/tpp/:organisationId/jwks") { _, _ in
            HTTPReply.json(environment.tppJWKS)
        }
        router.get("/directory/tpp/:organisationId/revoked/jwks") { _, _ in
            HTTPReply.json(.object(["keys": .array([])]))
        }
    }

    /// `POST /directory/as/token.oauth2`: `private_key_jwt` client credentials over mTLS.
    func token(_ request: Request, _ context: SimulatorRequestContext) async throws -> Response {
        environment.state.withValues { $0.directoryTokenRequests += 1 }
        guard let certificate = try await context.clientCertificate(), environment.isTPPObWac(certificate) else {
            throw SimulatorError.oauth("invalid_client", "The TLS client certificate is not the OBWAC of a registered TPP.", status: 401)
        }
        let form = HTTPReply.formFields(String(buffer: try await request.body.collect(upTo: 1 << 20)))
        guard form["grant_type"] == "client_credentials" else {
            throw SimulatorError.oauth("unsupported_grant_type", "Only grant_type=client_credentials is supported.")
        }
        guard form["client_assertion_type"] == Self.clientAssertionType, let assertion = form["client_assertion"] else {
            throw SimulatorError.oauth("invalid_request", "client_assertion_type must be \(Self.clientAssertionType) with a client_assertion.")
        }
        let parsed: CompactJWS.Parsed
        do { parsed = try CompactJWS.parse(assertion) } catch {
            throw SimulatorError.oauth("invalid_client", "The client assertion is not a compact JWS.", status: 401)
        }
        guard let algorithm = parsed.algorithm, ["RS256", "PS256"].contains(algorithm) else {
            throw SimulatorError.oauth("invalid_client", "The client assertion must be signed with RS256 or PS256.", status: 401)
        }
        guard parsed.keyId == environment.tpp.obSealKeyId, CompactJWS.verify(parsed, publicKey: environment.obSealCertificate.publicKey) else {
            throw SimulatorError.oauth(
                "invalid_client", "The client assertion signature does not verify with the software's OBSeal key.", status: 401)
        }
        let claims = parsed.payload
        let softwareId = environment.tpp.softwareId
        guard claims["iss"]?.stringValue == softwareId, claims["sub"]?.stringValue == softwareId,
            form["client_id"] == nil || form["client_id"] == softwareId
        else {
            throw SimulatorError.oauth("invalid_client", "iss, sub and client_id must be the software id.", status: 401)
        }
        guard Simulated.audience(claims["aud"], contains: [environment.directoryTokenURL]) else {
            throw SimulatorError.oauth("invalid_client", "aud must be the token endpoint URL.", status: 401)
        }
        let now = Date().timeIntervalSince1970
        guard let exp = claims["exp"]?.numberValue, exp > now else {
            throw SimulatorError.oauth("invalid_client", "The client assertion has expired or has no exp.", status: 401)
        }
        if let iat = claims["iat"]?.numberValue, iat > now + Simulated.clockSkew {
            throw SimulatorError.oauth("invalid_client", "The client assertion was issued in the future.", status: 401)
        }
        guard let jti = claims["jti"]?.stringValue, environment.state.recordJTI(jti, scope: "directory") else {
            throw SimulatorError.oauth("invalid_client", "The client assertion jti is missing or was used before.", status: 401)
        }
        let accessToken = Simulated.randomToken()
        environment.state.withValues { $0.directoryTokens[accessToken] = Date().addingTimeInterval(3600) }
        var body: [String: JSONValue] = ["access_token": .string(accessToken), "token_type": .string("Bearer"), "expires_in": .number(3600)]
        if let scope = form["scope"], !scope.isEmpty { body["scope"] = .string(scope) }
        return HTTPReply.json(.object(body))
    }

    /// `GET /directory/api/v2/tpp/{OrganisationId}/ssa/{SoftwareId}`: the SSA as a raw JWS.
    func ssa(_ request: Request, _ context: SimulatorRequestContext) async throws -> Response {
        environment.state.withValues { $0.ssaRequests += 1 }
        guard let certificate = try await context.clientCertificate(), environment.isTPPObWac(certificate) else {
            throw SimulatorError.problem(403, "Forbidden", "The TLS client certificate is not the OBWAC of a registered TPP.")
        }
        let token = Simulated.bearerToken(request)
        let valid = token.map { token in environment.state.withValues { ($0.directoryTokens[token] ?? .distantPast) > Date() } } ?? false
        guard valid else { throw SimulatorError.unauthorized("A valid Directory access token is required.") }
        let org = try context.parameters.require("organisationId")
        let software = try context.parameters.require("softwareId")
        guard org == environment.tpp.organisationId, software == environment.tpp.softwareId else {
            throw SimulatorError.problem(404, "Not Found", "No software statement \(software) for organisation \(org).")
        }
        let ssa = try CompactJWS.sign(claims: ssaClaims(), key: environment.directoryKey, algorithm: .ps256, keyId: environment.directoryKeyId)
        return HTTPReply.text(ssa, contentType: "application/jws+json")
    }

    func ssaClaims() -> JSONValue {
        let tpp = environment.tpp
        let base = environment.baseURL + "/directory/tpp/\(tpp.organisationId)"
        return .object([
            "iss": .string("OpenBanking Ltd"),
            "iat": .number(Date().timeIntervalSince1970.rounded(.down)),
            "jti": .string(UUID().lowercasedText),
            "software_environment": .string("sandbox"),
            "software_mode": .string("Test"),
            "software_id": .string(tpp.softwareId),
            "software_client_id": .string(tpp.softwareId),
            "software_client_name": .string(tpp.clientName),
            "software_client_description": .string("\(tpp.clientName) (simulated)"),
            "software_version": .string("1.0"),
            "software_client_uri": .string("https://tpp.example.com"),
            "software_logo_uri": .string("https://tpp.example.com/logo.png"),
            "software_policy_uri": .string("https://tpp.example.com/policy"),
            "software_tos_uri": .string("https://tpp.example.com/terms"),
            "software_on_behalf_of_org": .string(""),
            "software_redirect_uris": .array((environment.state.withValues { $0.softwareRedirectURIs } ?? tpp.redirectURIs).map(JSONValue.string)),
            "software_roles": .array(tpp.roles.map(JSONValue.string)),
            "software_jwks_endpoint": .string(environment.tppJWKSURL),
            "software_jwks_revoked_endpoint": .string("\(base)/\(tpp.softwareId)/revoked/jwks"),
            "org_id": .string(tpp.organisationId),
            "org_name": .string(tpp.organisationName),
            "org_status": .string("Active"),
            "org_contacts": .array([
                .object([
                    "name": .string("Technical"), "email": .string("tech@tpp.example.com"), "phone": .string("+440000000000"),
                    "type": .string("Technical"),
                ])
            ]),
            "org_jwks_endpoint": .string("\(base)/jwks"),
            "org_jwks_revoked_endpoint": .string("\(base)/revoked/jwks"),
            "organisation_competent_authority_claims": .object([
                "authority_id": .string("FCAGBR"),
                "registration_id": .string("900000"),
                "status": .string("Active"),
                "authorisations": .array([.object(["member_state": .string("GB"), "roles": .array(tpp.roles.map(JSONValue.string))])]),
            ]),
        ])
    }
}
