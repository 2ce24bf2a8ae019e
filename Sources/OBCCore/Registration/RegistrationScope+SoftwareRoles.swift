import OBCPluginAPI

extension RegistrationScope {
    /// The scope an SSA grants from its `software_roles` (AISP, PISP, CBPII).
    public init(softwareRoles: [String]) {
        var scope: RegistrationScope = []
        for role in softwareRoles {
            switch role.uppercased() {
            case "AISP": scope.insert(.accountAndTransaction)
            case "PISP": scope.insert(.paymentInitiation)
            case "CBPII": scope.insert(.fundsConfirmation)
            default: continue
            }
        }
        self = scope
    }
}
