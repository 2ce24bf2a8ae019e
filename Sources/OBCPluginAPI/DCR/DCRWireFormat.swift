/// How one DCR version spells the registration: the subject-DN claim's name, whether
/// `scope` is an array, which auth methods it knows. Translator plugins state these facts;
/// the claim building and response reading they share live here once.
public struct DCRWireFormat: Sendable {
    public var subjectDnClaim: String
    public var scopeIsArray: Bool
    public var tokenEndpointAuthMethods: Set<String>

    public init(subjectDnClaim: String, scopeIsArray: Bool, tokenEndpointAuthMethods: Set<String>) {
        self.subjectDnClaim = subjectDnClaim
        self.scopeIsArray = scopeIsArray
        self.tokenEndpointAuthMethods = tokenEndpointAuthMethods
    }

    /// The JWT claims set, nulls omitted as OBC omits them.
    public func claims(_ claims: RegistrationClaims, quirks: RegistrationQuirks) -> JSONValue {
        var object: [String: JSONValue] = [
            "iss": .string(claims.issuer),
            "iat": .number(Double(claims.issuedAt)),
            "exp": .number(Double(claims.expiresAt)),
            "aud": .string(claims.audience),
            "jti": .string(claims.jwtId),
            "redirect_uris": .array(claims.redirectUris.map(JSONValue.string)),
            "token_endpoint_auth_method": .string(claims.tokenEndpointAuthMethod.rawValue),
            "grant_types": .array(claims.grantTypes.map(JSONValue.string)),
            "response_types": .array(claims.responseTypes.map(JSONValue.string)),
            "software_id": .string(claims.softwareId),
            "scope": scopeIsArray || quirks.requestShape.scopeAsArray
                ? .array(claims.scope.map(JSONValue.string)) : .string(claims.scope.joined(separator: " ")),
            "software_statement": .string(claims.softwareStatement),
            "application_type": .string(claims.applicationType),
            "id_token_signed_response_alg": .string(claims.idTokenSignedResponseAlg),
            "request_object_signing_alg": .string(claims.requestObjectSigningAlg),
            subjectDnClaim: .string(claims.tlsClientAuthSubjectDn),
        ]
        if let alg = claims.tokenEndpointAuthSigningAlg { object["token_endpoint_auth_signing_alg"] = .string(alg) }
        if let subjectType = claims.subjectType { object["subject_type"] = .string(subjectType) }
        return .object(object)
    }

    /// Reads the bank's response into the canonical shape: secrets taken out, the rest in
    /// DCR v3.3 names with seconds-based timestamps and a space-separated scope.
    public func response(_ body: JSONValue, requestedMethod: TokenEndpointAuthMethod, quirks: RegistrationQuirks) throws(OBCError)
        -> RegistrationResponse
    {
        guard var object = body.objectValue else {
            throw OBCError(.upstream(status: 502), "The bank's registration response is not a JSON object.")
        }
        guard let clientId = object["client_id"]?.stringValue, !clientId.isEmpty else {
            throw OBCError(.upstream(status: 502), "The bank's registration response has no client_id.")
        }
        let secret = object.removeValue(forKey: "client_secret")?.stringValue.map(SecretValue.init)
        let accessToken = object.removeValue(forKey: "registration_access_token")?.stringValue.map(SecretValue.init)
        if requestedMethod == .clientSecretBasic || requestedMethod == .clientSecretPost, secret == nil {
            throw OBCError(.upstream(status: 502), "The bank's registration response has no client_secret for \(requestedMethod.rawValue).")
        }
        if subjectDnClaim != "tls_client_auth_subject_dn", let dn = object.removeValue(forKey: subjectDnClaim) {
            object["tls_client_auth_subject_dn"] = dn
        }
        var answer = RegistrationAnswer(body: object, issuedAt: 0)
        quirks.clientReads(&answer)
        // The version's array scope (DCR 3.1), whatever the bank's quirks.
        if case .array(let scopes)? = answer.body["scope"] {
            answer.body["scope"] = .string(scopes.compactMap(\.stringValue).joined(separator: " "))
        }
        return RegistrationResponse(clientId: clientId, clientSecret: secret, registrationAccessToken: accessToken, redacted: .object(answer.body))
    }
}
