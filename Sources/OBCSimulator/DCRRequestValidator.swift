import Foundation
import OBCCore
import OBCPluginAPI
import X509

/// What a real bank checks on `POST /register` before creating a client, per DCR version and
/// per the bank's quirks, answering RFC 7591 errors. The product's DCR client is only proven
/// correct if a request that breaks any one rule is refused here.
struct DCRRequestValidator: Sendable {
    let environment: SimulatorEnvironment
    let profile: BankProfile

    /// A request that passed every check.
    struct Accepted: Sendable {
        var claims: [String: JSONValue]
        var ssa: [String: JSONValue]
        var redirectURIs: [String]
        var scopes: [String]
        var subjectDN: String?
        var method: TokenEndpointAuthMethod
    }

    static let scopeRoles = ["accounts": "AISP", "payments": "PISP", "fundsconfirmations": "CBPII"]

    var authMethods: Set<String> {
        var methods: Set<String> = ["private_key_jwt", "tls_client_auth", "client_secret_basic", "client_secret_post"]
        if profile.dcrVersion != .v3p1 { methods.insert("client_secret_jwt") }
        return methods
    }

    var grantTypes: Set<String> {
        var grants: Set<String> = ["client_credentials", "authorization_code", "refresh_token"]
        if profile.dcrVersion == .v3p3 { grants.insert("urn:openid:params:grant-type:ciba") }
        return grants
    }

    var subjectDNClaim: String { profile.dcrVersion == .v3p1 ? "tls_client_auth_dn" : "tls_client_auth_subject_dn" }
    var otherSubjectDNClaim: String { profile.dcrVersion == .v3p1 ? "tls_client_auth_subject_dn" : "tls_client_auth_dn" }
    var versionName: String {
        switch profile.dcrVersion {
        case .v3p1: "3.1"
        case .v3p3: "3.3"
        default: "3.2"
        }
    }

    /// How this bank wants the request: the declared differences' `shape`, as the client reads them.
    var shape: RegistrationRequestShape { profile.quirks.requestShape }

    /// The `aud` values this bank accepts.
    var expectedAudiences: [String] {
        switch shape.audience {
        case .financialId: [SimulatorEnvironment.financialId(for: profile)]
        case .issuer: [environment.issuerURL(for: profile.id)] + (profile.issuerUrl.map { [$0] } ?? [])
        case .literal(let literal): [literal]
        }
    }

    var expectedContentType: String { shape.contentType }

    func validate(body: String, contentType: String?, clientCertificate: Certificate, now: Date = Date()) throws(SimulatorError) -> Accepted {
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == expectedContentType else {
            throw .clientMetadata("Content-Type must be \(expectedContentType), not \(mediaType ?? "absent").")
        }
        let request: CompactJWS.Parsed
        do { request = try CompactJWS.parse(body) } catch { throw .clientMetadata("The request body is not a signed JWT.") }
        guard let algorithm = request.algorithm, ["PS256", "ES256"].contains(algorithm) else {
            throw .clientMetadata("The request must be signed with PS256 or ES256, not \(request.algorithm ?? "none").")
        }
        guard case .object(let claims) = request.payload else { throw .clientMetadata("The JWT payload is not a JSON object.") }

        // The SSA: present, signed by the Directory, and naming the software's JWKS.
        guard let ssaText = claims["software_statement"]?.stringValue else { throw .softwareStatement("software_statement is required.") }
        let ssaJWS: CompactJWS.Parsed
        do { ssaJWS = try CompactJWS.parse(ssaText) } catch { throw .softwareStatement("software_statement is not a JWS.") }
        guard CompactJWS.verify(ssaJWS, publicKey: environment.directoryKey.publicKey) else {
            throw .softwareStatement("The software statement signature does not verify with the OB Directory key.")
        }
        guard case .object(let ssa) = ssaJWS.payload, ssa["iss"]?.stringValue == "OpenBanking Ltd",
            let ssaSoftwareId = ssa["software_id"]?.stringValue
        else { throw .softwareStatement("The software statement is not an OB Directory SSA with a software_id.") }
        guard let jwksURL = ssa["software_jwks_endpoint"]?.stringValue,
            let tppKey = environment.tppSigningKey(jwksURL: jwksURL, keyId: request.keyId)
        else { throw .softwareStatement("No signing key with kid \(request.keyId ?? "(none)") at the SSA's software_jwks_endpoint.") }

        // The request JWT: signature, issuer, audience, lifetime, replay.
        guard CompactJWS.verify(request, publicKey: tppKey) else {
            throw .clientMetadata("The request signature does not verify with the key from the SSA's software_jwks_endpoint.")
        }
        guard claims["iss"]?.stringValue == ssaSoftwareId else { throw .clientMetadata("iss must be the SSA's software_id.") }
        if let softwareId = claims["software_id"], softwareId.stringValue != ssaSoftwareId {
            throw .clientMetadata("software_id must be the SSA's software_id.")
        }
        guard Simulated.audience(claims["aud"], contains: expectedAudiences) else {
            throw .clientMetadata("aud must be \(expectedAudiences.joined(separator: " or ")).")
        }
        let seconds = now.timeIntervalSince1970
        guard let exp = claims["exp"]?.numberValue, let iat = claims["iat"]?.numberValue else { throw .clientMetadata("iat and exp are required.") }
        guard exp > seconds else { throw .clientMetadata("The request JWT has expired.") }
        guard iat <= seconds + Simulated.clockSkew else { throw .clientMetadata("iat is in the future.") }
        guard exp - iat <= 3600 else { throw .clientMetadata("The request JWT lives longer than one hour.") }
        guard let jti = claims["jti"]?.stringValue, !jti.isEmpty else { throw .clientMetadata("jti is required.") }
        guard environment.state.recordJTI(jti, scope: "register:\(profile.id)") else { throw .clientMetadata("jti \(jti) was used before.") }

        // Redirect URIs within the SSA.
        let ssaRedirects = ssa["software_redirect_uris"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard let redirects = claims["redirect_uris"]?.arrayValue?.compactMap(\.stringValue), !redirects.isEmpty else {
            throw .registration("invalid_redirect_uri", "redirect_uris must be a non-empty array.")
        }
        for uri in redirects where !ssaRedirects.contains(uri) {
            throw .registration("invalid_redirect_uri", "\(uri) is not one of the SSA's software_redirect_uris.")
        }

        // The version's claim names and types.
        if claims[otherSubjectDNClaim] != nil {
            throw .clientMetadata("\(otherSubjectDNClaim) is not a DCR \(versionName) claim; use \(subjectDNClaim).")
        }
        let scopes = try scopeValues(claims["scope"], ssa: ssa)
        guard let methodName = claims["token_endpoint_auth_method"]?.stringValue, authMethods.contains(methodName) else {
            throw .clientMetadata("token_endpoint_auth_method must be one of \(authMethods.sorted().joined(separator: ", ")).")
        }
        guard methodName == profile.tokenEndpointAuthMethod.rawValue, let method = TokenEndpointAuthMethod(rawValue: methodName) else {
            throw .clientMetadata("This bank only registers clients with token_endpoint_auth_method \(profile.tokenEndpointAuthMethod.rawValue).")
        }
        guard let grants = claims["grant_types"]?.arrayValue?.compactMap(\.stringValue), !grants.isEmpty else {
            throw .clientMetadata("grant_types must be a non-empty array.")
        }
        for grant in grants where !grantTypes.contains(grant) {
            throw .clientMetadata("grant type \(grant) is not allowed in DCR \(versionName).")
        }
        if let responseTypes = claims["response_types"] {
            guard let values = responseTypes.arrayValue?.compactMap(\.stringValue), values.allSatisfy(["code", "code id_token"].contains) else {
                throw .clientMetadata("response_types must be drawn from code and code id_token.")
            }
        }
        let signingAlg = claims["token_endpoint_auth_signing_alg"]
        if method == .privateKeyJwt {
            guard let alg = signingAlg?.stringValue, ["PS256", "ES256"].contains(alg) else {
                throw .clientMetadata("token_endpoint_auth_signing_alg (PS256 or ES256) is required with private_key_jwt.")
            }
        } else if signingAlg != nil {
            throw .clientMetadata("token_endpoint_auth_signing_alg is only allowed with private_key_jwt.")
        }
        guard let applicationType = claims["application_type"]?.stringValue, ["web", "mobile"].contains(applicationType) else {
            throw .clientMetadata("application_type must be web or mobile.")
        }
        for name in ["id_token_signed_response_alg", "request_object_signing_alg"] {
            guard let alg = claims[name]?.stringValue, ["PS256", "ES256", "RS256"].contains(alg) else {
                throw .clientMetadata("\(name) must be one of PS256, ES256, RS256.")
            }
        }

        // The transport certificate on this connection is the one being registered.
        let expectedDN = SubjectDNFormatter.format(clientCertificate.subject, orgIdEncoding: shape.subjectDnOrgIdEncoding)
        let subjectDN: String?
        switch claims[subjectDNClaim] {
        case .string(let dn)?:
            guard dn == expectedDN else {
                throw .clientMetadata("\(subjectDNClaim) '\(dn)' does not match the TLS client certificate subject '\(expectedDN)'.")
            }
            subjectDN = dn
        case nil:
            if method == .tlsClientAuth { throw .clientMetadata("\(subjectDNClaim) is required with tls_client_auth.") }
            subjectDN = nil
        default:
            throw .clientMetadata("\(subjectDNClaim) must be a string.")
        }
        return Accepted(claims: claims, ssa: ssa, redirectURIs: redirects, scopes: scopes, subjectDN: subjectDN, method: method)
    }

    /// v3.1: optional JSON array; v3.2/3.3: required space-separated string (array under the
    /// `scopeClaimAsArray` quirk). Each value must be allowed by the SSA's roles.
    func scopeValues(_ scope: JSONValue?, ssa: [String: JSONValue]) throws(SimulatorError) -> [String] {
        let roles = Set(ssa["software_roles"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let wantsArray = profile.dcrVersion == .v3p1 || shape.scopeAsArray
        let values: [String]
        switch scope {
        case nil where profile.dcrVersion == .v3p1:
            return ["openid"] + Self.scopeRoles.filter { roles.contains($0.value) }.map(\.key).sorted()
        case nil:
            throw .clientMetadata("scope is required in DCR \(versionName).")
        case .array(let items)?:
            guard wantsArray else { throw .clientMetadata("scope must be a space-separated string in DCR \(versionName).") }
            values = items.compactMap(\.stringValue)
            guard values.count == items.count else { throw .clientMetadata("scope must be an array of strings.") }
        case .string(let text)?:
            guard !wantsArray else {
                throw .clientMetadata(
                    profile.dcrVersion == .v3p1 ? "scope must be a JSON array in DCR 3.1." : "This bank expects scope as a JSON array.")
            }
            values = text.split(separator: " ").map(String.init)
        default:
            throw .clientMetadata("scope has the wrong type.")
        }
        guard !values.isEmpty else { throw .clientMetadata("scope must not be empty.") }
        for value in values where value != "openid" {
            guard let role = Self.scopeRoles[value] else { throw .clientMetadata("Unknown scope \(value).") }
            guard roles.contains(role) else { throw .clientMetadata("Scope \(value) needs the \(role) role in the software statement.") }
        }
        return values
    }
}
