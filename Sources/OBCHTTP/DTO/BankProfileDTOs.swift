import Hummingbird
import OBCCore
import OBCPluginAPI

/// One bank profile as `GET /manage/bank-profiles[/{bankProfile}]` and `obc bank-profiles
/// … --json` show it: effective values after configuration, and for each deployment setting
/// where its value comes from and the configuration keys that set it. Profiles hold no secrets.
public struct BankProfileResponse: ResponseEncodable, Equatable {
    public var bankProfile: String
    public var bankGroup: String
    public var bank: String
    public var registrationGroup: String?
    public var issuerUrl: String?
    public var financialId: String?
    public var openIdConfigurationUrl: String?
    public var dynamicClientRegistrationApiVersion: String
    public var useRegistrationEndpoint: Bool
    public var useRegistrationGetEndpoint: Bool
    public var useRegistrationDeleteEndpoint: Bool
    public var useRegistrationAccessToken: Bool
    public var tokenEndpointAuthMethod: String
    public var quirks: RegistrationQuirks
    public var settings: [BankProfileSettingResponse]
    /// Names of required settings without a value; the profile cannot register until they are set.
    public var missingSettings: [String]

    public init(_ details: BankProfileDetails) {
        let profile = details.profile
        bankProfile = profile.id
        bankGroup = profile.group
        bank = profile.bank
        registrationGroup = profile.registrationGroup
        issuerUrl = profile.issuerUrl
        financialId = profile.financialId
        openIdConfigurationUrl = profile.openIdConfigurationUrl
        dynamicClientRegistrationApiVersion = profile.dcrVersion.rawValue
        useRegistrationEndpoint = profile.useRegistrationEndpoint
        useRegistrationGetEndpoint = profile.useRegistrationGetEndpoint
        useRegistrationDeleteEndpoint = profile.useRegistrationDeleteEndpoint
        useRegistrationAccessToken = profile.useRegistrationAccessToken
        tokenEndpointAuthMethod = profile.tokenEndpointAuthMethod.obcName
        quirks = profile.quirks
        settings = details.settings.map(BankProfileSettingResponse.init)
        missingSettings = details.missing.map(\.name)
    }
}

/// A deployment setting of a profile (`IssuerUrl`, `FinancialId`, …).
public struct BankProfileSettingResponse: Codable, Sendable, Equatable {
    public var name: String
    public var value: String?
    /// `Configuration`, `ProfileData` or `Unset`.
    public var source: String
    /// The key the value was read from, when `source` is `Configuration`.
    public var configurationKey: String?
    /// The keys that set it, the one read first first.
    public var configurationKeys: [String]
    public var required: Bool
    public var missing: Bool

    init(_ setting: BankProfileDetails.Setting) {
        name = setting.name
        value = setting.value
        switch setting.source {
        case .configuration(let key):
            source = "Configuration"
            configurationKey = key
        case .profileData: source = "ProfileData"
        case .unset: source = "Unset"
        }
        configurationKeys = setting.keys
        required = setting.required
        missing = setting.isMissing
    }
}

public struct BankProfilesResponse: ResponseEncodable, Equatable {
    public var data: [BankProfileResponse]

    public init(_ list: [BankProfileDetails]) { data = list.map(BankProfileResponse.init) }
}
