import OBCApp
import OBCCore
import OBCPluginAPI

/// What `keys set-current` and `keys add --set-current` do before a key becomes current: ask
/// the running servers' heartbeats whether each can resolve it, and refuse (naming each one that
/// cannot) unless `--force`.
struct KeySwitchGuard {
    let force: Bool

    /// Throws a configuration error naming every live instance that cannot resolve `key`;
    /// with `force`, prints them as a warning instead.
    func check(_ key: EncryptionKeyDescription, runtime: OBCRuntime) async throws {
        let lacking = try await runtime.services.keySwitchCheck.instancesLacking(key.id)
        guard !lacking.isEmpty else { return }
        let named = "\(key.id.lowercasedText) (Source \(key.key.source), Name \(key.key.name))"
        let lines = lacking.map { "  \($0.instance.label): " + ($0.notReported ? "has not reported on this key yet" : "cannot resolve it") }
        let summary =
            "\(lacking.count) running instance\(lacking.count == 1 ? "" : "s") cannot resolve the key \(named):\n"
            + lines.joined(separator: "\n")
        if force {
            printError(
                "warning: --force: making the key current although \(summary)\n  Those instances answer 503 to registrations until they resolve it.")
            return
        }
        throw OBCError(
            .misconfigured,
            "refused: \(summary)\n  Supply the key to each instance's key source (then send it SIGHUP), or pass --force to make it current anyway.")
    }
}
