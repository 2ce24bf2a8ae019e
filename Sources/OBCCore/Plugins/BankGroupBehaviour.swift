/// A bank group (NatWest, Lloyds, …): its profiles as data, plus the behaviour data cannot
/// express, such as which profiles may share one OAuth2 client.
public protocol BankGroupBehaviour: Sendable {
    /// OBC's `BankGroup` name.
    var name: String { get }
    var profiles: [BankProfile] { get }
    /// Profiles whose registrations return the same group share one client at the bank.
    func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String
    /// True when the group depends on the registration scope (Monzo), so it can only be
    /// known once the scope is.
    var registrationGroupDependsOnScope: Bool { get }
}

extension BankGroupBehaviour {
    /// The rule data can say: the profile's own `registrationGroup`, else one client per bank.
    public func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String {
        profile.registrationGroup ?? profile.bank
    }

    public var registrationGroupDependsOnScope: Bool { false }
}
