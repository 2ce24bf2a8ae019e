import ArgumentParser
import Crypto
import Foundation
import OBCApp
import OBCCore
import OBCPluginAPI

extension KeysCommand {
    /// `obc keys generate`: a fresh key, and how to supply and register it under the next free
    /// `KeyN` name (one past the highest in the configuration and the database).
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a fresh random base64 256-bit key (stdout) and how to supply it (stderr).",
            discussion: "Suggests the next free name, KeyN one past the highest KeyN in the configuration and the database (if it exists).")

        static let prefix = "OpenBankingConnector:Keys:Encryption:"

        @Option(help: "Name to suggest for the key in configuration (default: the next free KeyN).")
        var name: String?

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            print(key)
            let chosen: String
            if let name { chosen = name } else { chosen = Self.nextFreeName(taken: await takenNames()) }
            let configurationName = Self.prefix + chosen
            printError(
                """
                Supply it to every obc process through the Configuration source, for example:
                  export \(configurationName.replacingOccurrences(of: ":", with: "__"))='<the key above>'
                or in the YAML config file under OpenBankingConnector: Keys: Encryption: \(chosen).
                Then register it:  obc keys add --source Configuration --name \(configurationName) --set-current
                """)
        }

        /// Key names in the configuration and, when the database already exists, in its key descriptions.
        func takenNames() async -> [String] {
            guard let settings = try? runtimeOptions.layeredSettings() else { return [] }
            var names = settings.values.keys
            if let stored = try? await runtimeOptions.withRuntime(creating: false, { try await $0.services.encryptionKeyDescriptions.list() }) {
                names += stored.map(\.key.name)
            }
            return names
        }

        /// `Key<N+1>` for the highest `Key<N>` under the encryption-key prefix (`Key1` when there is none).
        static func nextFreeName(taken: [String]) -> String {
            let numbers = taken.compactMap { name -> Int? in
                guard name.lowercased().hasPrefix(prefix.lowercased() + "key") else { return nil }
                return Int(name.dropFirst(prefix.count + 3))
            }
            return "Key\((numbers.max() ?? 0) + 1)"
        }
    }
}
