import Foundation
import OBCCore
import OBCHTTP
import OBCPluginAPI

/// The inbound HTTP settings: how long the server waits on clients, and which web origins
/// may call it from a browser.
extension AppSettings {
    public static let idleTimeoutKey = "OpenBankingConnector:Server:IdleTimeoutSeconds"
    public static let readTimeoutKey = "OpenBankingConnector:Server:ReadTimeoutSeconds"
    public static let allowedOriginsKey = "OpenBankingConnector:Http:Cors:AllowedOrigins"

    /// Idle timeout (default 60 s) and request read timeout (default 30 s).
    public func serverLimits() throws(OBCError) -> HTTPServerLimits {
        HTTPServerLimits(
            idleTimeout: try seconds(Self.idleTimeoutKey) ?? HTTPServerLimits.defaultIdleTimeout,
            readTimeout: try seconds(Self.readTimeoutKey) ?? HTTPServerLimits.defaultReadTimeout
        )
    }

    /// The CORS origins: a comma-separated value or a YAML list (`AllowedOrigins:0`, …);
    /// each is `http(s)://host[:port]`. None means no CORS headers at all.
    public func allowedOrigins() throws(OBCError) -> [String] {
        let listed = values.children(of: Self.allowedOriginsKey).sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }.map(\.value)
        let entries = ([values[Self.allowedOriginsKey]].compactMap { $0 } + listed)
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for origin in entries {
            guard let url = URL(string: origin), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                url.path.isEmpty || url.path == "/", url.query == nil
            else {
                throw OBCError(
                    .misconfigured,
                    "\(Self.allowedOriginsKey): '\(origin)' is not a web origin; give each as scheme://host[:port], for example https://ops.example.com."
                )
            }
        }
        return entries
    }

    private func seconds(_ key: String) throws(OBCError) -> Duration? {
        guard let text = values[key] else { return nil }
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds > 0, seconds.isFinite else {
            throw OBCError(.misconfigured, "\(key) '\(text)' is not a positive number of seconds.")
        }
        return .milliseconds(Int(seconds * 1000))
    }
}
