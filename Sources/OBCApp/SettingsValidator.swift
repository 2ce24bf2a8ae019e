import Foundation
import OBCCore
import OBCPluginAPI

/// Start-up checks on the configuration: unknown names under `OpenBankingConnector:` are
/// warned about with the closest known name, and a setting whose name ends in `Url` must be an
/// absolute http(s) URL (refused otherwise, before anything runs).
public enum SettingsValidator {
    /// Passes each warning to `warn` (all of them, even when a later value is refused); throws
    /// for the first value that cannot work.
    public static func check(_ values: ConfigurationValues, warn: (String) -> Void) throws(OBCError) {
        var refusal: OBCError?
        let root = KnownSettings.root.lowercased()
        for name in values.keys.sorted() where name.lowercased().hasPrefix(root) {
            let lowered = name.lowercased()
            if !isKnown(lowered) {
                warn("Unknown setting \(name) is ignored; did you mean \(closestKnown(to: lowered))?")
            }
            if lowered.hasSuffix("url"), !KnownSettings.secretPrefixes.contains(where: { lowered.hasPrefix($0.lowercased()) }),
                let value = values[name], !isHTTPURL(value)
            {
                refusal = refusal ?? OBCError(.misconfigured, "The setting \(name) is '\(value)', which is not an absolute http:// or https:// URL.")
            }
        }
        if let refusal { throw refusal }
    }

    static func isKnown(_ lowered: String) -> Bool {
        KnownSettings.names.contains { $0.lowercased() == lowered }
            || KnownSettings.prefixes.contains { lowered.hasPrefix($0.lowercased()) && lowered.count > $0.count }
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// The known name (or prefix, shown with `…`) nearest by edit distance, ignoring case.
    static func closestKnown(to lowered: String) -> String {
        let candidates = KnownSettings.names + KnownSettings.prefixes.map { $0 + "…" }
        return candidates.min { distance($0, lowered) < distance($1, lowered) } ?? KnownSettings.root
    }

    /// Edit distance to `name`; a prefix candidate is compared with as much of `name` as it covers.
    private static func distance(_ candidate: String, _ name: String) -> Int {
        if candidate.hasSuffix("…") {
            let prefix = Array(candidate.dropLast().lowercased())
            return EditDistance.between(prefix, Array(name.prefix(prefix.count)))
        }
        return EditDistance.between(Array(candidate.lowercased()), Array(name))
    }
}
