import Foundation
import Yams

/// A bank group described entirely by a YAML file: `group:`, a `defaults:` block every
/// profile starts from, and `profiles:` that each list only what differs (a `quirks:`
/// mapping is merged key by key). Deployment values are overridable by configuration
/// (`OpenBankingConnector:BankProfiles:{Group}:{Bank|Default}:{IssuerUrl|FinancialId|OpenIdConfigurationUrl|DefaultClientRegistrationApiVersion|UseRegistrationPutEndpoint}`).
public struct YAMLBankGroup: BankGroupBehaviour {
    public let name: String
    public let profiles: [BankProfile]

    static let profileKeys: Set<String> = [
        "id", "group", "bank", "registrationGroup", "issuerUrl", "financialId", "openIdConfigurationUrl", "openIdConfiguration", "dcrVersion",
        "useRegistrationEndpoint", "useRegistrationGetEndpoint", "useRegistrationDeleteEndpoint", "useRegistrationPutEndpoint",
        "useRegistrationAccessToken",
        "tokenEndpointAuthMethod", "defaultResponseMode", "defaultResponseType", "useV4ByDefault", "quirks", "settingKeyBanks",
    ]
    static let quirkKeys = BankDifferences.keys

    public init(yaml: String, configuration: ConfigurationValues, source: String = "bank-profile YAML") throws {
        let data = try Self.profileNodes(yaml: yaml, source: source)
        self.name = data.group
        self.profiles = try data.profiles.enumerated().map { index, node in
            try BankProfileSetting.applying(configuration, to: try Self.decode(node, index: index, group: data.group, source: source))
        }
    }

    /// Loads `<name>.yaml` from a plugin's resource bundle.
    public init(resource name: String, in bundle: Bundle, configuration: ConfigurationValues) throws {
        guard let url = bundle.url(forResource: name, withExtension: "yaml"), let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw OBCError(.misconfigured, "The bank-profile resource \(name).yaml is missing from its plugin.")
        }
        try self.init(yaml: text, configuration: configuration, source: "\(name).yaml")
    }

    /// The group's name and each profile's mapping with the defaults merged under it.
    static func profileNodes(yaml: String, source: String) throws -> (group: String, profiles: [Node]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw OBCError(.misconfigured, "\(source) is not valid YAML: \(error)")
        }
        guard let file = root?.mapping else { throw OBCError(.misconfigured, "\(source) must be a mapping with group, defaults and profiles.") }
        for key in file.keys.compactMap(\.string) where !["group", "defaults", "profiles"].contains(key) {
            throw OBCError(.misconfigured, "\(source): unknown top-level key '\(key)' (expected group, defaults, profiles).")
        }
        guard let group = file["group"]?.string, !group.isEmpty else { throw OBCError(.misconfigured, "\(source): 'group' is missing.") }
        let defaults = file["defaults"]?.mapping ?? Node.Mapping([])
        try requireKnownKeys(defaults, where: "\(source) defaults")
        guard let profiles = file["profiles"]?.sequence else { throw OBCError(.misconfigured, "\(source): 'profiles' must be a list.") }
        let merged = try profiles.enumerated().map { index, node in
            guard let profile = node.mapping else { throw OBCError(.misconfigured, "\(source): profile #\(index + 1) is not a mapping.") }
            try requireKnownKeys(profile, where: "\(source) profile #\(index + 1) (\(profile["id"]?.string ?? "no id"))")
            var result = defaults
            for (key, value) in profile {
                if key.string == "quirks", var quirks = defaults["quirks"]?.mapping, let own = value.mapping {
                    for (quirkKey, quirkValue) in own { quirks[quirkKey] = quirkValue }
                    result[key] = .mapping(quirks)
                } else {
                    result[key] = value
                }
            }
            if result["group"] == nil { result["group"] = Node(group) }
            if result["quirks"] == nil { result["quirks"] = .mapping(Node.Mapping([])) }
            return Node.mapping(result)
        }
        return (group, merged)
    }

    static func requireKnownKeys(_ mapping: Node.Mapping, where place: String) throws {
        for key in mapping.keys where !profileKeys.contains(key.string ?? "") {
            throw OBCError(.misconfigured, "\(place)\(line(of: key)): unknown field '\(key.string ?? "")'.")
        }
        for key in Array(mapping["quirks"]?.mapping?.keys ?? Node.Mapping([]).keys) where !quirkKeys.contains(key.string ?? "") {
            throw OBCError(.misconfigured, "\(place)\(line(of: key)): unknown quirk '\(key.string ?? "")'.")
        }
    }

    /// `, line N` for a node read from text.
    static func line(of node: Node?) -> String {
        node?.mark.map { ", line \($0.line)" } ?? ""
    }

    static func decode(_ node: Node, index: Int, group: String, source: String) throws -> BankProfile {
        let id = node.mapping?["id"]?.string ?? "profile #\(index + 1)"
        do {
            return try YAMLDecoder().decode(BankProfile.self, from: node)
        } catch let error as DecodingError {
            // The line of the field at fault when the file has it, else of the profile.
            let field = context(of: error)?.codingPath.first.flatMap { node.mapping?[$0.stringValue] } ?? node
            throw OBCError(.misconfigured, "\(source)\(line(of: field)): bank profile \(id) of group \(group): \(describe(error))")
        } catch {
            throw OBCError(.misconfigured, "\(source): bank profile \(id) of group \(group): \(error)")
        }
    }

    static func context(of error: DecodingError) -> DecodingError.Context? {
        switch error {
        case .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context
        @unknown default: return nil
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String { context.codingPath.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "required field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)' is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "field '\(path(context))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
