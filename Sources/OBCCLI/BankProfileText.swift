import Foundation
import OBCCore

/// `obc bank-profiles show` as text: the profile's behaviour, then each setting with its
/// value, where it comes from and the keys that set it.
enum BankProfileText {
    static func print(_ details: BankProfileDetails) {
        let profile = details.profile
        let endpoints = [
            profile.useRegistrationGetEndpoint ? "GET" : nil, profile.useRegistrationDeleteEndpoint ? "DELETE" : nil,
        ].compactMap { $0 }
        let lines: [(String, String)] = [
            ("Profile", profile.id), ("Group", profile.group), ("Bank", profile.bank),
            ("Registration group", profile.registrationGroup ?? "decided by the group's code"),
            ("DCR", profile.useRegistrationEndpoint ? profile.dcrVersion.rawValue : "none: create the client at the bank, pass ExternalApiId"),
            ("Token auth method", profile.tokenEndpointAuthMethod.rawValue),
            ("At the bank", endpoints.isEmpty ? "no GET/DELETE /register" : endpoints.joined(separator: ", ") + " /register"),
            ("Registration access token", profile.useRegistrationAccessToken ? "used for GET/DELETE" : "not used"),
        ]
        for (label, value) in lines { Swift.print("\(label):".padding(toLength: 27, withPad: " ", startingAt: 0) + value) }
        Swift.print("\nSettings:")
        for setting in details.settings {
            let state: String
            switch setting.source {
            case .configuration(let key): state = "from configuration \(key)"
            case .profileData: state = "from the profile's data"
            case .unset: state = setting.required ? "MISSING (required)" : "not set"
            }
            Swift.print("  \(setting.name) = \(setting.value ?? "-")  (\(state))")
            Swift.print("    set by: \(setting.keys.joined(separator: " or "))")
        }
        let missing = details.missing
        Swift.print(
            missing.isEmpty
                ? "\nNothing required is missing."
                : "\nMissing before this profile can register: " + missing.map { "\($0.name) (set \($0.keys[0]))" }.joined(separator: ", "))
    }
}
