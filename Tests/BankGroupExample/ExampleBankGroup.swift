import Foundation
import OBCPluginAPI

/// A test-only group whose bank needs code: it registers without `refresh_token`, a claim
/// adjustment its data cannot express, by overriding one hook. Everything else is defaults.
public struct ExampleBankGroup: BankGroupBehaviour, OBCPlugin {
    public let name = "Example"
    public let profiles: [BankProfile]

    public static func register(with registrar: inout PluginRegistrar) throws {
        let data = try YAMLBankGroup(resource: "Example", in: .module, configuration: registrar.configuration)
        try registrar.register(bankGroup: ExampleBankGroup(profiles: data.profiles))
    }

    public func adjust(_ claims: inout RegistrationClaims, for profile: BankProfile) {
        claims.grantTypes.removeAll { $0 == "refresh_token" }
    }
}
