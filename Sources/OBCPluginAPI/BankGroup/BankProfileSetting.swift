/// A deployment value of a bank profile that configuration may set, named as OBC names it:
/// `OpenBankingConnector:BankProfiles:{Group}:{Bank|Default}:{Setting}`. The bank's own key
/// wins over the group's `Default`. A profile may read a setting under another bank's key, as
/// OBC's Lloyds profiles read `FinancialId` from the brand keys (`Lloyds:LloydsPersonal`, …).
public enum BankProfileSetting: String, Sendable, CaseIterable {
    case issuerUrl = "IssuerUrl"
    case financialId = "FinancialId"
    case openIdConfigurationUrl = "OpenIdConfigurationUrl"
    case dcrVersion = "DefaultClientRegistrationApiVersion"
    /// `true` or `false`: whether the bank supports `PUT /register/{ClientId}`.
    case useRegistrationPutEndpoint = "UseRegistrationPutEndpoint"

    static let prefix = "OpenBankingConnector:BankProfiles"

    /// The keys read for this setting, in the order they are tried.
    public func keys(for profile: BankProfile) -> [String] {
        let bank = profile.settingKeyBanks?[rawValue] ?? profile.bank
        return ["\(Self.prefix):\(profile.group):\(bank):\(rawValue)", "\(Self.prefix):\(profile.group):Default:\(rawValue)"]
    }

    /// The configured value and the key it came from, if configuration sets one.
    public func configured(for profile: BankProfile, in configuration: ConfigurationValues) -> (value: String, key: String)? {
        for key in keys(for: profile) {
            if let value = configuration[key] { return (value, key) }
        }
        return nil
    }

    /// The profile's value of this setting (after configuration, when applied).
    public func value(of profile: BankProfile) -> String? {
        switch self {
        case .issuerUrl: profile.issuerUrl
        case .financialId: profile.financialId
        case .openIdConfigurationUrl: profile.openIdConfigurationUrl
        case .dcrVersion: profile.dcrVersion.rawValue
        case .useRegistrationPutEndpoint: profile.useRegistrationPutEndpoint.map { $0 ? "true" : "false" }
        }
    }

    /// True when the profile cannot register without a value: the issuer always, the
    /// financial id when it is the DCR `aud`.
    public func isRequired(by profile: BankProfile) -> Bool {
        switch self {
        case .issuerUrl: true
        case .financialId: profile.useRegistrationEndpoint && profile.quirks.requestShape.audience == .financialId
        case .openIdConfigurationUrl, .dcrVersion, .useRegistrationPutEndpoint: false
        }
    }

    /// `profile` with every configured setting laid over its data; a value a setting cannot take
    /// is a misconfiguration naming its key.
    public static func applying(_ configuration: ConfigurationValues, to profile: BankProfile) throws(OBCError) -> BankProfile {
        var profile = profile
        let original = profile
        for setting in allCases {
            guard let (value, key) = setting.configured(for: original, in: configuration) else { continue }
            switch setting {
            case .issuerUrl: profile.issuerUrl = value
            case .financialId: profile.financialId = value
            case .openIdConfigurationUrl: profile.openIdConfigurationUrl = value
            case .dcrVersion: profile.dcrVersion = DCRVersion(rawValue: value)
            case .useRegistrationPutEndpoint:
                guard let flag = ["true": true, "false": false][value.lowercased()] else {
                    throw OBCError(.misconfigured, "\(key) must be true or false, not '\(value)'.")
                }
                profile.useRegistrationPutEndpoint = flag
            }
        }
        return profile
    }
}
