import OBCPluginAPI

/// How often `obc serve` records its heartbeat (which keys it resolves) in the database.
extension AppSettings {
    public static let heartbeatKey = "OpenBankingConnector:Server:HeartbeatSeconds"

    /// The beat interval (default 3 s, from 0.2 to 300); an instance silent for three intervals
    /// no longer counts as running, so a killed server's registration-group claims are free within 9 s.
    public func heartbeatInterval() throws(OBCError) -> Duration {
        guard let text = values[Self.heartbeatKey] else { return .seconds(3) }
        guard let seconds = Double(text), seconds >= 0.2, seconds <= 300 else {
            throw OBCError(.misconfigured, "\(Self.heartbeatKey) '\(text)' is not a number of seconds from 0.2 to 300.")
        }
        return .milliseconds(Int(seconds * 1000))
    }
}
