/// A bank group (NatWest, Lloyds, …): its profiles as data, plus the behaviour data cannot
/// express, such as which profiles may share one OAuth2 client.
public protocol BankGroupBehaviour: Sendable {
    /// OBC's `BankGroup` name.
    var name: String { get }
    var profiles: [BankProfile] { get }
    /// Profiles whose registrations return the same group share one client at the bank.
    func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String
}

extension BankGroupBehaviour {
    /// The rule data can say: the profile's own `registrationGroup`, else one client per bank.
    public func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String {
        profile.registrationGroup ?? profile.bank
    }
}
