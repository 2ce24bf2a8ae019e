import OBCCore
import OBCOTLP

/// Every setting under `OpenBankingConnector:` that the product reads. A name outside this list
/// gets a start-up warning naming the closest one, so a typo is seen instead of silently
/// ignored; `obc config reference` (docs/configuration.md) and `obc config example` print it.
/// Adding a setting is one line here: name, type, default, what it does.
public enum KnownSettings {
    typealias S = KnownSetting
    static let db = StoreOpening.databaseSection
    static let gcp = "OpenBankingConnector:GoogleCloudSecretManager:"
    static let pkcs11 = "OpenBankingConnector:Pkcs11:"
    static let directory = "OpenBankingConnector:Directory:"
    static let otlp = OTLPTraceSettings.self
    static let production = DirectoryClient.Endpoints.production
    static let sandbox = DirectoryClient.Endpoints.sandbox
    /// The stores this build has (`storeProviderList`), as the provider setting takes them.
    static let providers = storeProviderList.map { "`\($0.name)`" }.joined(separator: ", ")

    /// Exact names first, grouped by section; families (names ending in `:`) last.
    public static let all: [KnownSetting] = [
        S(AppSettings.databasePathKey, "file path", .commented("./obc.sqlite"), "The SQLite database file (`Provider: Sqlite`)."),
        S(DatabaseSettings.providerKey, providers, .written(DatabaseSettings.defaultProvider), "The store (ignoring case)."),
        S(DatabaseSettings.ensureMigratedKey, "true or false", .written("true"), "Migrate at start-up; false refuses to start on an old schema."),
        S(AppSettings.hostKey, "address", .written("127.0.0.1"), "The address `obc serve` listens on."),
        S(AppSettings.portKey, "integer 0–65535", .written("8080"), "The port `obc serve` listens on (0: any free port)."),
        S(AppSettings.shutdownGraceKey, "seconds, 0–3600", .written("10"), "How long a stopping server waits for requests in flight."),
        S(AppSettings.heartbeatKey, "seconds, 0.2–300", .written("3"), "Heartbeat interval; a dead server's claims are taken over after three."),
        S(AppSettings.idleTimeoutKey, "seconds > 0", .written("60"), "Close a connection on which nothing arrives for this long."),
        S(AppSettings.readTimeoutKey, "seconds > 0", .written("30"), "Read a request, head to last body byte, within this long."),
        S(AppSettings.swaggerAssetsKey, "folder path", .none("the pinned CDN copy"), "A local Swagger UI folder (pip's swagger-ui-bundle)."),
        S(AppSettings.extraTrustRootsKey, "file path (PEM)", .none("system roots only"), "Extra CA certificates for outbound TLS."),
        S(AppSettings.outboundTimeoutKey, "seconds > 0", .commented("30"), "Deadline of each outbound call (Google Secret Manager: 10 when unset)."),
        S(AppSettings.allowedOriginsKey, "origins (comma-separated)", .none("none: no CORS headers"), "Browser origins allowed to call the API."),
        S(AppSettings.logLevelKey, "trace … critical", .written("info"), "Log level: trace, debug, info, notice, warning, error, critical."),
        S(AppSettings.logFormatKey, "`text` or `json`", .written("text"), "Log format; json is one object a line."),
        S(AppSettings.accessLogProbesKey, "true or false", .written("false"), "Write access-log lines for the probes and /metrics too."),
        S(AppSettings.openProbesKey, "true or false", .written("true"), "Probes and /metrics answer without an API key."),
        S(AppSettings.networkIsProtectedKey, "true or false", .written("false"), "Allow a non-loopback address with no API keys or client CA."),
        S(AppSettings.tlsCertificateFileKey, "file path (PEM)", .none("plain HTTP"), "The listener's TLS certificate (chain)."),
        S(AppSettings.tlsKeyFileKey, "file path (PEM)", .none("plain HTTP"), "The listener's TLS private key."),
        S(AppSettings.tlsClientCaFileKey, "file path (PEM)", .none("none"), "Require client certificates from this CA (mutual TLS)."),
        S(directory + "Production:TokenUrl", "URL", .commented(production.tokenUrl), "The production Directory's token endpoint."),
        S(directory + "Production:SsaBaseUrl", "URL", .commented(production.ssaBaseUrl), "The production Directory's SSA API."),
        S(directory + "Sandbox:TokenUrl", "URL", .commented(sandbox.tokenUrl), "The sandbox Directory's token endpoint."),
        S(directory + "Sandbox:SsaBaseUrl", "URL", .commented(sandbox.ssaBaseUrl), "The sandbox Directory's SSA API."),
        S("OpenBankingConnector:Simulator:BaseUrl", "URL", .none("none"), "The simulator that `UseSimulatedBank` registrations use."),
        S(OperatorBankProfiles.directoryKey, "folder path", .none("none"), "Operator-added bank profiles: `<Group>.yaml` files."),
        S("OpenBankingConnector:AwsSsm:CacheSeconds", "seconds", .commented("300"), "How long AWS SSM values are cached."),
        S(gcp + "CacheSeconds", "seconds", .commented("300"), "How long Google Secret Manager values are cached."),
        S(gcp + "Endpoint", "URL", .commented("https://secretmanager.googleapis.com"), "The Google Secret Manager API."),
        S(gcp + "TokenUri", "URL", .none("the credentials file's `token_uri`"), "Where Google access tokens are fetched."),
        S(pkcs11 + "ModulePath", "file path", .none("none: Pkcs11 keys unusable"), "The PKCS#11 library of the `Pkcs11` key source (docs/hsm.md)."),
        S(pkcs11 + "TokenLabel", "text", .none("the first initialised token"), "The token holding the `Pkcs11` keys, by label."),
        S(pkcs11 + "Slot", "integer", .none("none"), "The token's slot number, instead of its label."),
        S(pkcs11 + "Pin", "secret text", .none("none"), "The token's user PIN (where `PinSource`/`PinName` are not set)."),
        S(pkcs11 + "PinSource", "key source", .commented("Configuration"), "The key source holding the token's PIN."),
        S(pkcs11 + "PinName", "secret name", .commented("OpenBankingConnector:Pkcs11:Pin"), "The PIN's name in that key source."),
        S(pkcs11 + "MaxSessions", "integer 1–256", .commented("4"), "Sessions kept with the token (one signature each at a time)."),
        S(pkcs11 + "SessionWaitMilliseconds", "0–60000", .commented("2000"), "Wait for a busy session this long, then answer 503."),
        S(pkcs11 + "OperationTimeoutMilliseconds", "100–120000", .commented("10000"), "A token call taking longer is a 503."),
        S(otlp.endpointKey, "URL", .none("none: export off"), "OTLP/HTTP receiver for traces (or `OTEL_EXPORTER_OTLP_ENDPOINT`)."),
        S(otlp.protocolKey, "`http/protobuf` or `http/json`", .commented("http/protobuf"), "Trace export encoding."),
        S(otlp.sampleRatioKey, "number 0–1", .commented("1"), "Share of new traces recorded (a caller's sampled flag is followed)."),
        S(otlp.serviceNameKey, "text", .commented("OpenBankingConnector"), "The traces' service name."),
        S(otlp.serviceNamespaceKey, "text", .none("none"), "The traces' service namespace."),
        S(otlp.serviceInstanceIdKey, "text", .none("none"), "The traces' service instance id."),
        S("OpenBankingConnector:Keys:", "secret text", .none("none"), "Secrets of the `Configuration` key source, any name below."),
        S("OpenBankingConnector:BankProfiles:", "per profile", .none("the profile's data"), "`{Group}:{Bank|Default}:{IssuerUrl|FinancialId|…}`."),
        S(APIKeyVerifier.section + ":", "secret description", .none("none: no API keys"), "`{Label}:{Source|Name}`: a management API key each."),
        S(AppSettings.allowedOriginsKey + ":", "origin", .none("none"), "`AllowedOrigins` as a YAML list (`AllowedOrigins:0`, …)."),
        S(db + ":ConnectionStrings:", "connection string", .none("none"), "`{Provider}`: `Host=…;Port=…;Database=…;Username=…` or a URL."),
        S(db + ":PasswordSettingNames:", "setting name", .none("none"), "`{Provider}`: the name of a setting holding the password."),
        S(db + ":PasswordSources:", "secret description", .none("none"), "`{Provider}:{Source|Name}`: the password in a key source."),
    ]

    /// Exact names.
    public static let names: [String] = all.filter { !$0.isFamily }.map(\.name)

    /// Open-ended families: any name below one of these is accepted.
    public static let prefixes: [String] = all.filter(\.isFamily).map(\.name)

    /// The root every checked name sits under.
    public static let root = "OpenBankingConnector:"

    /// Names under these prefixes hold secrets, never URL settings, so their values are not checked.
    static let secretPrefixes = ["OpenBankingConnector:Keys:"]
}
