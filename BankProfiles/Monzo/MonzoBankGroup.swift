import Foundation
import OBCPluginAPI

/// Monzo: profiles are data in `Monzo.yaml`; the registration group is code because Monzo
/// issues separate clients for account access and for payments (OBC's `MonzoRegistrationGroup`).
public struct MonzoBankGroup: BankGroupBehaviour, OBCPlugin {
    public let name = "Monzo"
    public let registrationGroupDependsOnScope = true
    public let profiles: [BankProfile]

    init(data: YAMLBankGroup) { profiles = data.profiles }

    public static func register(with registrar: inout PluginRegistrar) throws {
        let data = try YAMLBankGroup(resource: "Monzo", in: .module, configuration: registrar.configuration)
        try registrar.register(bankGroup: MonzoBankGroup(data: data))
    }

    public func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String {
        let environment = profile.bank == "Sandbox" ? "Sandbox" : "Production"
        switch scope {
        case .accountAndTransaction: return "\(environment)_Aisp"
        case .paymentInitiation: return "\(environment)_Pisp"
        default:
            throw .invalid(
                "RegistrationScope",
                "Monzo registers account access and payments as separate clients: use AccountAndTransaction or PaymentInitiation, not \(scope.name)."
            )
        }
    }
}
