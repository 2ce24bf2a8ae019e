import OBCPluginAPI

/// The simulator standing in for a bank (`UseSimulatedBank`): issuer
/// `{OpenBankingConnector:Simulator:BaseUrl}/banks/{ProfileId}`, discovery under that issuer
/// whatever URL the real bank uses, and clients kept apart from the real bank's.
struct SimulatorBankLocator: BankLocator {
    static let baseURLKey = "OpenBankingConnector:Simulator:BaseUrl"
    let configuration: ConfigurationValues

    var registrationGroupPrefix: String { "Simulated:" }

    func issuer(for profile: BankProfile) throws(OBCError) -> String {
        guard let base = configuration[Self.baseURLKey] else {
            throw OBCError.invalid(
                "UseSimulatedBank", "no simulator is configured: set \(Self.baseURLKey) (obc simulate --write-config writes it).")
        }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/banks/\(profile.id)"
    }

    func discoveryURL(for profile: BankProfile, issuer: String, group: any BankGroupBehaviour) -> String {
        BankProfile.wellKnownURL(issuer: issuer)
    }

    /// The simulator publishes discovery for every profile, hand-written ones included.
    func manualOpenIDConfiguration(for profile: BankProfile, issuer: String, group: any BankGroupBehaviour) -> JSONValue? { nil }
}
