import OBCPluginAPI

/// The `OpenBankingConnector:Pkcs11:*` settings: which library, which token, and its PIN (read
/// through a key source, `Configuration` by default). Read when a key is first used, so a
/// deployment without a token never needs them.
struct Pkcs11Settings: Sendable, Hashable {
    static let prefix = "OpenBankingConnector:Pkcs11"

    var modulePath: String
    var tokenLabel: String?
    var slot: UInt?
    var pinSource: SecretSource
    var pinName: String
    var maxSessions: Int
    var sessionWait: Duration
    var operationTimeout: Duration

    /// The token this names, for messages (never the PIN).
    var tokenDescription: String { tokenLabel.map { "token \($0)" } ?? slot.map { "the token in slot \($0)" } ?? "the first token" }

    init(configuration: ConfigurationValues) throws(KeySourceError) {
        func value(_ key: String) -> String? {
            configuration["\(Self.prefix):\(key)"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func number(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws(KeySourceError) -> Int {
            guard let text = value(key) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw KeySourceError(.invalidName, "\(Self.prefix):\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return number
        }
        guard let modulePath = value("ModulePath") else {
            // Not set up in this deployment: the request naming the source is at fault (400), as for an unknown source.
            throw KeySourceError(.invalidName, "the Pkcs11 source is not set up in this deployment (no \(Self.prefix):ModulePath).")
        }
        self.modulePath = modulePath
        tokenLabel = value("TokenLabel")
        if let text = value("Slot") {
            guard let slot = UInt(text) else { throw KeySourceError(.invalidName, "\(Self.prefix):Slot must be a slot number.") }
            self.slot = slot
        }
        pinSource = value("PinSource").map { SecretSource($0) } ?? .configuration
        pinName = value("PinName") ?? "\(Self.prefix):Pin"
        maxSessions = try number("MaxSessions", default: 4, range: 1...256)
        sessionWait = .milliseconds(try number("SessionWaitMilliseconds", default: 2000, range: 0...60000))
        operationTimeout = .milliseconds(try number("OperationTimeoutMilliseconds", default: 10000, range: 100...120_000))
    }
}
