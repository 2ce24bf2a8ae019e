import Foundation
import OBCPluginAPI

/// The rules a registration request must keep, as pure functions of the request, the profile,
/// the stored client and the SSA: no I/O, so each is unit-tested on its own.
enum RegistrationRules {
    /// What the request must satisfy before anything is loaded or claimed.
    static func validate(_ request: BankRegistrationService.Request, profile: BankProfile) throws(OBCError) {
        try requireExclusive(request.externalApiSecret, request.externalApiSecretFromSecrets, field: "ExternalApiSecret")
        try requireExclusive(request.registrationAccessToken, request.registrationAccessTokenFromSecrets, field: "RegistrationAccessToken")
        try requireExternalApiId(for: request.externalApiSecret, request.externalApiSecretFromSecrets, field: "ExternalApiSecret", request)
        try requireExternalApiId(
            for: request.registrationAccessToken, request.registrationAccessTokenFromSecrets, field: "RegistrationAccessToken", request)
        if let scope = request.registrationScope, scope.isEmpty {
            throw OBCError.invalid("RegistrationScope", "must name at least one API (AccountAndTransaction, PaymentInitiation, FundsConfirmation).")
        }
        if !request.suppliesClient, !profile.useRegistrationEndpoint {
            throw OBCError.invalid(
                "ExternalApiId",
                "bank profile \(profile.id) does not support Dynamic Client Registration: create the client in the bank's developer portal and pass its client ID as ExternalApiId."
            )
        }
        if let uris = request.redirectUris {
            guard !uris.isEmpty else { throw OBCError.invalid("RedirectUris", "must not be empty when given.") }
            for (index, uri) in uris.enumerated() { try SoftwareStatementService.requireRedirectURL(uri, field: "RedirectUris[\(index)]") }
        }
    }

    static func requireExclusive(_ value: SecretValue?, _ description: SecretDescription?, field: String) throws(OBCError) {
        if value != nil, description != nil {
            throw OBCError.invalid(field, "give either \(field) or \(field)FromSecrets, not both.")
        }
    }

    /// A secret the caller supplies belongs to a client made outside DCR; without
    /// `ExternalApiId` the bank issues its own, so the supplied one would be dropped.
    static func requireExternalApiId(
        for value: SecretValue?, _ description: SecretDescription?, field: String, _ request: BankRegistrationService.Request
    ) throws(OBCError) {
        guard !request.suppliesClient, value != nil || description != nil else { return }
        let given = value != nil ? field : field + "FromSecrets"
        throw OBCError.invalid(
            given,
            "is only used together with ExternalApiId (a client made outside DCR); without ExternalApiId the bank issues the client's credentials itself. Give ExternalApiId or leave \(given) out."
        )
    }

    /// The redirect URIs and scope a new client gets: the request's, else the SSA's. A client
    /// the bank registers (DCR) may not exceed what the SSA grants.
    static func clientSettings(for request: BankRegistrationService.Request, statement: SoftwareStatement, ssa: SoftwareStatementAssertion)
        throws(OBCError) -> (redirectUris: [String], scope: RegistrationScope)
    {
        try requireStatementRedirects(statement, within: ssa)
        let redirectUris = request.redirectUris ?? ssa.redirectUris
        guard !redirectUris.isEmpty else {
            throw OBCError.invalid("RedirectUris", "none given and the SSA lists no software_redirect_uris.")
        }
        let scope = request.registrationScope ?? ssa.registrationScope
        guard !scope.isEmpty else { throw OBCError.invalid("RegistrationScope", "none given and the SSA grants no software_roles.") }
        if !request.suppliesClient {
            guard scope.isSubset(of: ssa.registrationScope) else {
                throw OBCError.invalid(
                    "RegistrationScope", "\(scope.name) is more than the SSA's software_roles grant (\(ssa.registrationScope.name)).")
            }
            for uri in redirectUris where !ssa.redirectUris.contains(uri) {
                throw OBCError.invalid("RedirectUris", "\(uri) is not one of the SSA's software_redirect_uris \(ssa.redirectUris).")
            }
        }
        return (redirectUris, scope)
    }

    /// The redirect URIs and scope an updated client gets: the SSA's redirect URIs as they are
    /// now, and the client's scope, which the SSA must still grant. Each registration's default
    /// redirect URIs must stay among them.
    static func updatedClientSettings(
        _ client: BankClient, registrations: [BankRegistration], statement: SoftwareStatement, ssa: SoftwareStatementAssertion
    ) throws(OBCError) -> (redirectUris: [String], scope: RegistrationScope) {
        try requireStatementRedirects(statement, within: ssa)
        let scope = client.registrationScope
        guard scope.isSubset(of: ssa.registrationScope) else {
            throw OBCError(
                .conflict, "The client's scope \(scope.name) is more than the SSA's software_roles now grant (\(ssa.registrationScope.name)).")
        }
        for registration in registrations {
            for uri in [registration.defaultFragmentRedirectUri, registration.defaultQueryRedirectUri] where !ssa.redirectUris.contains(uri) {
                throw OBCError(
                    .conflict,
                    "Bank registration \(registration.id.lowercasedText) redirects to \(uri), which the SSA's software_redirect_uris \(ssa.redirectUris) no longer list."
                )
            }
        }
        return (ssa.redirectUris, scope)
    }

    static func requireStatementRedirects(_ statement: SoftwareStatement, within ssa: SoftwareStatementAssertion) throws(OBCError) {
        for (field, uri) in [
            ("DefaultQueryRedirectUrl", statement.defaultQueryRedirectUrl), ("DefaultFragmentRedirectUrl", statement.defaultFragmentRedirectUrl),
        ]
        where !ssa.redirectUris.contains(uri) {
            throw OBCError.invalid(
                "SoftwareStatementId",
                "the software statement's \(field) \(uri) is not one of the SSA's software_redirect_uris \(ssa.redirectUris).")
        }
    }

    /// A request joining a registration group's client must ask for nothing the client lacks.
    static func requireCompatible(_ request: BankRegistrationService.Request, with client: BankClient, profile: BankProfile) throws(OBCError) {
        let group = client.key.registrationGroup
        if let id = request.externalApiId, id != client.externalApiId {
            throw OBCError(
                .conflict,
                "ExternalApiId: registration group \(group) of \(profile.group) already uses client \(client.externalApiId ?? ""); a second client \(id) cannot join it."
            )
        }
        if profile.tokenEndpointAuthMethod != client.tokenEndpointAuthMethod {
            throw OBCError(
                .conflict,
                "BankProfile: \(profile.id) authenticates with \(profile.tokenEndpointAuthMethod.rawValue), but the client it would share in registration group \(group) uses \(client.tokenEndpointAuthMethod.rawValue)."
            )
        }
        if let scope = request.registrationScope, scope != client.registrationScope {
            throw OBCError(
                .conflict,
                "RegistrationScope: \(scope.name) differs from \(client.registrationScope.name), the scope of the client registration group \(group) already has."
            )
        }
        if let uris = request.redirectUris, !Set(uris).isSubset(of: client.redirectUris) {
            throw OBCError(
                .conflict,
                "RedirectUris: the shared client of registration group \(group) is registered with \(client.redirectUris), which does not include all of \(uris)."
            )
        }
    }

    /// The registration record: default redirect URIs from the request or the statement, each
    /// one of the client's.
    static func registration(
        for client: BankClient, request: BankRegistrationService.Request, profile: BankProfile, statement: SoftwareStatement, now: Date
    ) throws(OBCError) -> BankRegistration {
        let fragment = request.defaultFragmentRedirectUri ?? statement.defaultFragmentRedirectUrl
        let query = request.defaultQueryRedirectUri ?? statement.defaultQueryRedirectUrl
        for (field, uri) in [("DefaultFragmentRedirectUri", fragment), ("DefaultQueryRedirectUri", query)] where !client.redirectUris.contains(uri) {
            throw OBCError.invalid(field, "\(uri) is not one of the registration's redirect URIs \(client.redirectUris).")
        }
        return BankRegistration(
            metadata: RecordMetadata(reference: request.authorship.reference, created: now, createdBy: request.authorship.createdBy),
            client: client, bankProfile: profile.id, defaultFragmentRedirectUri: fragment, defaultQueryRedirectUri: query,
            defaultResponseMode: RegistrationDefaults.responseMode(requested: request.defaultResponseMode, profile: profile),
            useV4: RegistrationDefaults.useV4(aisp: request.aispUseV4, pisp: request.pispUseV4, vrp: request.vrpUseV4, profile: profile))
    }
}
