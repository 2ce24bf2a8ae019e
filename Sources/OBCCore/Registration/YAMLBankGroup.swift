import Foundation
import Yams

/// A bank group described entirely by a YAML file: its profiles, with group-wide defaults,
/// and deployment values overridable by configuration
/// (`OpenBankingConnector:BankProfiles:{Group}:{Bank|Default}:{IssuerUrl|FinancialId|OpenIdConfigurationUrl|DefaultClientRegistrationApiVersion}`).
public struct YAMLBankGroup: BankGroupBehaviour {
    public let name: String
    public let profiles: [BankProfile]

    struct File: Decodable {
        var group: String
        var profiles: [BankProfile]
    }

    public init(yaml: String, configuration: ConfigurationValues) throws {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw OBCError(.misconfigured, "A bank-profile YAML file does not match the profile schema: \(error)")
        }
        self.name = file.group
        self.profiles = file.profiles.map { profile in
            var profile = profile
            func configured(_ key: String) -> String? {
                let base = "OpenBankingConnector:BankProfiles:\(file.group)"
                return configuration["\(base):\(profile.bank):\(key)"] ?? configuration["\(base):Default:\(key)"]
            }
            profile.issuerUrl = configured("IssuerUrl") ?? profile.issuerUrl
            profile.financialId = configured("FinancialId") ?? profile.financialId
            profile.openIdConfigurationUrl = configured("OpenIdConfigurationUrl") ?? profile.openIdConfigurationUrl
            if let version = configured("DefaultClientRegistrationApiVersion") { profile.dcrVersion = DCRVersion(rawValue: version) }
            return profile
        }
    }

    /// Loads `<name>.yaml` from a plugin's resource bundle.
    public init(resource name: String, in bundle: Bundle, configuration: ConfigurationValues) throws {
        guard let url = bundle.url(forResource: name, withExtension: "yaml"), let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw OBCError(.misconfigured, "The bank-profile resource \(name).yaml is missing from its plugin.")
        }
        try self.init(yaml: text, configuration: configuration)
    }

    public func registrationGroup(for profile: BankProfile, scope: RegistrationScope) throws(OBCError) -> String {
        profile.registrationGroup ?? profile.bank
    }
}
