import Foundation
import OBCPluginAPI

/// Fetches a software statement assertion from the OB Directory as OBC does: a
/// client-credentials token with an RS256 client assertion signed by the OBSeal key, then
/// the SSA, both over mutual TLS with the OBWAC certificate.
public struct DirectoryClient: Sendable {
    /// Token and SSA endpoints of one Directory environment.
    public struct Endpoints: Sendable, Equatable {
        public var tokenUrl: String
        public var ssaBaseUrl: String

        public static let production = Endpoints(
            tokenUrl: "https://matls-sso.openbanking.org.uk/as/token.oauth2", ssaBaseUrl: "https://matls-ssaapi.openbanking.org.uk")
        public static let sandbox = Endpoints(
            tokenUrl: "https://matls-sso.openbankingtest.org.uk/as/token.oauth2", ssaBaseUrl: "https://matls-ssaapi.openbankingtest.org.uk")

        /// `OpenBankingConnector:Directory:{Production|Sandbox}:{TokenUrl|SsaBaseUrl}` over the defaults.
        public static func configured(sandbox: Bool, configuration: ConfigurationValues) -> Endpoints {
            let base = sandbox ? Self.sandbox : Self.production
            let prefix = "OpenBankingConnector:Directory:\(sandbox ? "Sandbox" : "Production")"
            return Endpoints(
                tokenUrl: configuration["\(prefix):TokenUrl"] ?? base.tokenUrl,
                ssaBaseUrl: configuration["\(prefix):SsaBaseUrl"] ?? base.ssaBaseUrl)
        }
    }

    static let scope = "ASPSPReadAccess TPPReadAccess AuthoritiesReadAccess"

    let http: any OutboundHTTP
    let now: @Sendable () -> Date

    public init(http: any OutboundHTTP, now: @escaping @Sendable () -> Date) {
        self.http = http
        self.now = now
    }

    public func softwareStatementAssertion(
        organisationId: String, softwareId: String, endpoints: Endpoints, transport: TransportIdentity, signer: any KeySigner,
        signingKeyId: String
    ) async throws -> String {
        let issuedAt = Int(now().timeIntervalSince1970)
        let assertion = try await CompactJWS.sign(
            claims: .object([
                "iss": .string(softwareId), "sub": .string(softwareId), "aud": .string(endpoints.tokenUrl), "scope": .string(Self.scope),
                "jti": .string(UUID().lowercasedText), "iat": .number(Double(issuedAt)), "exp": .number(Double(issuedAt + 300)),
            ]),
            signer: signer, algorithm: .rs256, keyId: signingKeyId, type: nil)
        let form = Data.formEncoded([
            ("grant_type", "client_credentials"), ("scope", Self.scope),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion),
            ("client_id", softwareId),
        ])
        let tokenResponse = try await http.exchange(
            OutboundRequest(
                method: "POST", url: endpoints.tokenUrl,
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")], body: form,
                identity: transport, endpoint: .directoryToken),
            purpose: "OB Directory token")
        guard let token = tokenResponse.json?["access_token"]?.stringValue,
            tokenResponse.json?["token_type"]?.stringValue?.lowercased() == "bearer"
        else {
            throw OBCError(.upstream(status: 502), "The OB Directory token endpoint \(endpoints.tokenUrl) did not return a Bearer access token.")
        }
        let base = endpoints.ssaBaseUrl.hasSuffix("/") ? String(endpoints.ssaBaseUrl.dropLast()) : endpoints.ssaBaseUrl
        let ssaURL = "\(base)/api/v2/tpp/\(organisationId)/ssa/\(softwareId)"
        let ssaResponse = try await http.exchange(
            OutboundRequest(
                method: "GET", url: ssaURL, headers: [("Authorization", "Bearer \(token)"), ("Accept", "application/jws+json")],
                identity: transport, endpoint: .softwareStatementAssertion),
            purpose: "OB Directory SSA")
        return Self.unquoted(ssaResponse.text)
    }

    /// The SSA without surrounding whitespace or quotes. The usual bare token skips
    /// Foundation's character-set trimming, which is slow on Linux for a token of kilobytes.
    static func unquoted(_ text: String) -> String {
        func isPlain(_ byte: UInt8?) -> Bool { byte.map { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") } ?? true }
        if isPlain(text.utf8.first), isPlain(text.utf8.last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"")))
    }
}

/// The SSA claims the registration flow relies on.
public struct SoftwareStatementAssertion: Sendable {
    public var jws: String
    public var softwareId: String
    public var redirectUris: [String]
    public var roles: [String]
    var jwksEndpoint: String?
    public var organisationId: String?

    /// Reads the SSA payload (its signature is the bank's to check).
    public init(jws: String) throws(OBCError) {
        let parsed: CompactJWS.Parsed
        do {
            parsed = try CompactJWS.parse(jws)
        } catch {
            throw OBCError(.upstream(status: 502), "The OB Directory returned an SSA that is \(error.detail)")
        }
        self.jws = jws
        self.softwareId = parsed.payload["software_id"]?.stringValue ?? ""
        self.redirectUris = parsed.payload["software_redirect_uris"]?.arrayValue?.compactMap(\.stringValue) ?? []
        self.roles = parsed.payload["software_roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
        self.jwksEndpoint = parsed.payload["software_jwks_endpoint"]?.stringValue
        self.organisationId = parsed.payload["org_id"]?.stringValue
    }

    public var registrationScope: RegistrationScope { RegistrationScope(softwareRoles: roles) }
}
