import OBCCore
import OBCOTLP

/// Every setting under `OpenBankingConnector:` that the product reads. A name outside these
/// lists gets a start-up warning naming the closest one, so a typo is seen instead of silently
/// ignored. Adding a setting is one line here.
public enum KnownSettings {
    /// Exact names.
    public static let names: [String] =
        [
            AppSettings.databasePathKey,
            DatabaseSettings.providerKey,
            DatabaseSettings.ensureMigratedKey,
            AppSettings.hostKey,
            AppSettings.portKey,
            AppSettings.shutdownGraceKey,
            AppSettings.heartbeatKey,
            AppSettings.swaggerAssetsKey,
            AppSettings.extraTrustRootsKey,
            AppSettings.outboundTimeoutKey,
            AppSettings.logLevelKey,
            AppSettings.logFormatKey,
            AppSettings.accessLogProbesKey,
            AppSettings.openProbesKey,
            AppSettings.networkIsProtectedKey,
            AppSettings.tlsCertificateFileKey,
            AppSettings.tlsKeyFileKey,
            AppSettings.tlsClientCaFileKey,
            AppSettings.idleTimeoutKey,
            AppSettings.readTimeoutKey,
            AppSettings.allowedOriginsKey,
            "OpenBankingConnector:Simulator:BaseUrl",
            "OpenBankingConnector:BankProfiles:Directory",
            "OpenBankingConnector:AwsSsm:CacheSeconds",
            "OpenBankingConnector:GoogleCloudSecretManager:CacheSeconds",
            "OpenBankingConnector:GoogleCloudSecretManager:Endpoint",
            "OpenBankingConnector:GoogleCloudSecretManager:TokenUri",
            "OpenBankingConnector:Directory:Sandbox:TokenUrl",
            "OpenBankingConnector:Directory:Sandbox:SsaBaseUrl",
            "OpenBankingConnector:Directory:Production:TokenUrl",
            "OpenBankingConnector:Directory:Production:SsaBaseUrl",
        ] + OTLPTraceSettings.keys

    /// Open-ended families: any name below one of these is accepted.
    public static let prefixes: [String] = [
        "OpenBankingConnector:Keys:",
        "OpenBankingConnector:BankProfiles:",
        APIKeyVerifier.section + ":",
        AppSettings.allowedOriginsKey + ":",
        "OpenBankingConnector:Database:ConnectionStrings:",
        "OpenBankingConnector:Database:PasswordSettingNames:",
        "OpenBankingConnector:Database:PasswordSources:",
    ]

    /// The root every checked name sits under.
    public static let root = "OpenBankingConnector:"

    /// Names under these prefixes hold secrets, never URL settings, so their values are not checked.
    static let secretPrefixes = ["OpenBankingConnector:Keys:"]
}
