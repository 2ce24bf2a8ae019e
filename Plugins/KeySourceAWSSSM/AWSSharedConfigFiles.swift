import Foundation

/// The AWS CLI's shared files (`~/.aws/credentials` and `~/.aws/config`), read the way the
/// AWS SDKs read them so an operator's existing setup works unchanged: `AWS_PROFILE` picks
/// the profile (default `default`), `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`
/// move the files, and the config file names profiles `[profile NAME]` (but `[default]`).
struct AWSSharedConfigFiles: Sendable {
    let profile: String
    /// True when `AWS_PROFILE` chose the profile, so a missing profile is an error, not a skip.
    let profileWasChosen: Bool
    let credentialsPath: String
    let configPath: String
    private let credentialsSections: [String: [String: String]]?
    private let configSections: [String: [String: String]]?

    init(environment: [String: String]) {
        let chosen =
            environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["AWS_DEFAULT_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        profile = chosen ?? "default"
        profileWasChosen = chosen != nil
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        credentialsPath = Self.expand(environment["AWS_SHARED_CREDENTIALS_FILE"], home: home) ?? "\(home)/.aws/credentials"
        configPath = Self.expand(environment["AWS_CONFIG_FILE"], home: home) ?? "\(home)/.aws/config"
        credentialsSections = Self.readINI(at: credentialsPath)
        configSections = Self.readINI(at: configPath)
    }

    /// The chosen profile's section in the credentials file (`[NAME]`).
    var credentialsProfile: [String: String]? { credentialsSections?[profile] }

    /// The chosen profile's section in the config file (`[profile NAME]`, or `[default]`).
    var configProfile: [String: String]? {
        guard let configSections else { return nil }
        if profile == "default" { return configSections["default"] ?? configSections["profile default"] }
        return configSections["profile \(profile)"]
    }

    /// The region the profile names in the config file, if any.
    var region: String? { configProfile?["region"] }

    enum Lookup {
        case found(AWSCredentials)
        /// Nothing usable; the string says what was looked at, for the "tried" list.
        case absent(String)
        /// Something is there but wrong (e.g. half a key pair); stop and say so.
        case invalid(String)
    }

    /// Static keys for the profile: the credentials file wins over the config file, as in the SDKs.
    func credentials() -> Lookup {
        for (section, file) in [(credentialsProfile, Self.credentialsFile), (configProfile, Self.configFile)] {
            guard let section else { continue }
            let id = section["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
            let secret = section["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
            switch (id, secret) {
            case let (id?, secret?):
                let token = section["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
                return .found(
                    AWSCredentials(
                        accessKeyId: id, secretAccessKey: secret, sessionToken: token,
                        origin: "profile \(profile) in \(file == Self.configFile ? configPath : credentialsPath)"))
            case (.some, nil):
                return .invalid("profile \(profile) in \(file) has aws_access_key_id but no aws_secret_access_key")
            case (nil, .some):
                return .invalid("profile \(profile) in \(file) has aws_secret_access_key but no aws_access_key_id")
            case (nil, nil):
                continue
            }
        }
        let unsupported = ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file"]
        for (section, file) in [(credentialsProfile, Self.credentialsFile), (configProfile, Self.configFile)] {
            if let section, let key = unsupported.first(where: { section[$0] != nil }) {
                return .invalid(
                    "profile \(profile) in \(file) uses \(key), which this key source does not support; give it aws_access_key_id and aws_secret_access_key, or run where ECS or EC2 role credentials are available"
                )
            }
        }
        if profileWasChosen && credentialsProfile == nil && configProfile == nil {
            return .invalid("profile \(profile) named by AWS_PROFILE was not found in \(Self.credentialsFile) or \(Self.configFile)")
        }
        return .absent(
            "shared files (profile \(profile) in \(describe(Self.credentialsFile, credentialsSections)) and \(describe(Self.configFile, configSections))): no keys"
        )
    }

    /// The files by role: messages name these, since callers may see them; paths go to the log.
    static let credentialsFile = "the AWS shared credentials file"
    static let configFile = "the AWS shared config file"

    /// Where the two files are on this machine, for the log only.
    var locations: String {
        "\(describe(Self.credentialsFile, credentialsSections)) is \(credentialsPath); \(describe(Self.configFile, configSections)) is \(configPath)"
    }

    private func describe(_ file: String, _ sections: [String: [String: String]]?) -> String {
        sections == nil ? "\(file) (no such file)" : file
    }

    private static func expand(_ path: String?, home: String) -> String? {
        guard let path, !path.isEmpty else { return nil }
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// A forgiving INI reader: `[section]`, `key = value`, `#`/`;` comment lines, and indented
    /// continuation lines (used for nested settings, which are ignored here). Keys are lower-cased.
    static func readINI(at path: String) -> [String: [String: String]]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return parseINI(text)
    }

    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let first = rawLine.first, first == " " || first == "\t" { continue }  // nested value
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                let collapsed = name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                current = collapsed
                if sections[collapsed] == nil { sections[collapsed] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}
