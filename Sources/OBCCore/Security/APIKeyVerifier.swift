import Crypto
import Foundation
import OBCPluginAPI

/// Checks management API keys. The keys come from key sources (so AWS SSM works as well as
/// configuration); only their SHA-256 digests are kept, and a presented key is compared with
/// every digest in constant time, so neither timing nor memory reveals a key.
public struct APIKeyVerifier: Sendable {
    /// The configuration section listing the keys: `<Section>:<Label>:Source` and `:Name`.
    public static let section = "OpenBankingConnector:Security:ApiKeys"
    let digests: [SHA256.Digest]

    /// True when no key is configured (authentication by key is off).
    public var isEmpty: Bool { digests.isEmpty }

    /// Resolves every key the configuration lists; a key that cannot be obtained stops start-up.
    public static func load(configuration: ConfigurationValues, secrets: SecretResolver) async throws(OBCError) -> APIKeyVerifier {
        var descriptions: [String: SecretDescription] = [:]
        for (path, value) in configuration.children(of: section) {
            let parts = path.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            var description = descriptions[parts[0]] ?? SecretDescription(name: "")
            switch parts[1] {
            case "name": description.name = value
            case "source": description.source = SecretSource(value)
            default: continue
            }
            descriptions[parts[0]] = description
        }
        var digests: [SHA256.Digest] = []
        for (label, description) in descriptions.sorted(by: { $0.key < $1.key }) {
            let field = "\(section):\(label)"
            let value = try await secrets.resolve(description, field: field).revealed
            guard value.utf8.count >= 16 else {
                throw OBCError(.misconfigured, "\(field): an API key must be at least 16 characters long.")
            }
            digests.append(SHA256.hash(data: Data(value.utf8)))
        }
        return APIKeyVerifier(digests: digests)
    }

    public init(keys: [String] = []) {
        self.digests = keys.map { SHA256.hash(data: Data($0.utf8)) }
    }

    init(digests: [SHA256.Digest]) { self.digests = digests }

    /// Whether `presented` is one of the keys; takes the same time whichever key (if any) matches.
    public func accepts(_ presented: String) -> Bool {
        let candidate = Array(SHA256.hash(data: Data(presented.utf8)))
        var matched: UInt8 = 0
        for digest in digests {
            var difference: UInt8 = 0
            for (left, right) in zip(candidate, Array(digest)) { difference |= left ^ right }
            matched |= difference == 0 ? 1 : 0
        }
        return matched == 1
    }
}
