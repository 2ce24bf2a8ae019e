import Foundation
import OBCPluginAPI

/// Bearer tokens for a bank's `/register/{ClientId}` endpoints: the registration access token
/// where the profile uses one, otherwise a client-credentials grant cached until shortly
/// before it expires (as OBC caches it).
actor BankAccessTokens {
    struct CachedToken {
        var value: SecretValue
        var expires: Date
    }

    private let http: any OutboundHTTP
    private let sealer: SecretSealer
    private let now: @Sendable () -> Date
    private var cache: [String: CachedToken] = [:]

    init(http: any OutboundHTTP, sealer: SecretSealer, now: @escaping @Sendable () -> Date) {
        self.http = http
        self.sealer = sealer
        self.now = now
    }

    /// The registration access token when `useRegistrationAccessToken`, else a
    /// client-credentials token asking for `scope` (none when nil), whose answer `rules` accept
    /// (the profile's declared differences: `RegistrationQuirks.tokenAnswerRules`).
    func token(
        for client: BankClient, useRegistrationAccessToken: Bool, scope: String?, rules: TokenAnswerRules, transport: TransportIdentity,
        signing: (any KeySigner, String)
    ) async throws -> SecretValue {
        if useRegistrationAccessToken {
            guard let token = try await sealer.load(owner: client.id, purpose: .registrationAccessToken) else {
                throw OBCError(
                    .conflict, "The bank expects a registration access token for client \(client.externalApiId ?? ""), and none is stored.")
            }
            return token
        }
        let cacheKey = "\(client.id):\(scope ?? "")"
        if let cached = cache[cacheKey], cached.expires > now() { return cached.value }
        let clientId = client.externalApiId ?? ""
        var form: [(String, String)] = [("grant_type", "client_credentials")]
        if let scope { form.append(("scope", scope)) }
        var headers: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        switch client.tokenEndpointAuthMethod {
        case .tlsClientAuth:
            form.append(("client_id", clientId))
        case .privateKeyJwt:
            let issuedAt = Int(now().timeIntervalSince1970)
            let assertion = try await CompactJWS.sign(
                claims: .object([
                    "iss": .string(clientId), "sub": .string(clientId), "aud": .string(client.tokenEndpoint),
                    "jti": .string(UUID().lowercasedText), "iat": .number(Double(issuedAt)), "exp": .number(Double(issuedAt + 300)),
                ]),
                signer: signing.0, algorithm: .ps256, keyId: signing.1)
            form += [
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion),
                ("client_id", clientId),
            ]
        case .clientSecretBasic, .clientSecretPost:
            guard let secret = try await sealer.load(owner: client.id, purpose: .clientSecret) else {
                throw OBCError(.conflict, "Client \(clientId) authenticates with a client secret, and none is stored.")
            }
            if client.tokenEndpointAuthMethod == .clientSecretBasic {
                headers.append(("Authorization", "Basic " + Data("\(clientId):\(secret.revealed)".utf8).base64EncodedString()))
            } else {
                form += [("client_id", clientId), ("client_secret", secret.revealed)]
            }
        }
        let response = try await http.exchange(
            OutboundRequest(
                method: "POST", url: client.tokenEndpoint, headers: headers, body: .formEncoded(form), identity: transport,
                endpoint: .token, bankProfile: client.bankProfile),
            purpose: "Bank client-credentials token")
        if let fault = rules.fault(in: response.json ?? .null) {
            throw OBCError(.upstream(status: 502), "The bank's token endpoint \(client.tokenEndpoint) \(fault).")
        }
        let value = response.json?["access_token"]?.stringValue ?? ""
        let lifetime = response.json?["expires_in"]?.numberValue ?? 60
        let token = SecretValue(value)
        cache[cacheKey] = CachedToken(value: token, expires: now().addingTimeInterval(max(0, lifetime - 10)))
        return token
    }
}
