import OBCPluginAPI

/// Where a registration's bank is reached: its issuer, where it publishes discovery, and how
/// its clients are kept apart from another locator's clients in the same registration group.
protocol BankLocator: Sendable {
    /// Prefixed to the registration group, so clients at different locations never mix.
    var registrationGroupPrefix: String { get }
    func issuer(for profile: BankProfile) throws(OBCError) -> String
    func discoveryURL(for profile: BankProfile, issuer: String, group: any BankGroupBehaviour) -> String
    /// A hand-written OpenID configuration that replaces discovery; nil to fetch it.
    func manualOpenIDConfiguration(for profile: BankProfile, issuer: String, group: any BankGroupBehaviour) -> JSONValue?
}

/// The real bank, as its profile (after configuration) and its group's hooks say.
struct ProfileBankLocator: BankLocator {
    var registrationGroupPrefix: String { "" }

    func issuer(for profile: BankProfile) throws(OBCError) -> String {
        guard let issuer = profile.issuerUrl else {
            throw OBCError(
                .misconfigured,
                "BankProfile \(profile.id) needs its IssuerUrl: set OpenBankingConnector:BankProfiles:\(profile.group):\(profile.bank):IssuerUrl.")
        }
        return issuer
    }

    func discoveryURL(for profile: BankProfile, issuer: String, group: any BankGroupBehaviour) -> String {
        group.discoveryURL(for: profile, issuer: issuer)
    }

    func manualOpenIDConfiguration(for profile: BankProfile, issuer: String, group: any BankGroupBehaviour) -> JSONValue? {
        group.manualOpenIDConfiguration(for: profile, issuer: issuer)
    }
}
