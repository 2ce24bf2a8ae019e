import OBCPluginAPI

/// Finding bank profiles: the list, one profile's effective values with where each comes
/// from, and the closest ids when a caller names one that does not exist. Shared by the
/// HTTP and CLI fronts; it holds no secrets, since profiles have none.
public struct BankProfileCatalog: Sendable {
    let profiles: [String: BankProfile]
    let configuration: ConfigurationValues

    public init(registry: PluginRegistry, configuration: ConfigurationValues) {
        self.profiles = registry.bankProfiles
        self.configuration = configuration
    }

    /// Every profile with its settings explained, ordered by id; only group `group` when
    /// given (case-insensitive).
    public func list(group: String? = nil) throws(OBCError) -> [BankProfileDetails] {
        let all = profiles.values.sorted { $0.id < $1.id }
        guard let group else { return all.map(details) }
        let selected = all.filter { $0.group.caseInsensitiveCompare(group) == .orderedSame }
        guard !selected.isEmpty else {
            let groups = Set(all.map(\.group)).sorted().joined(separator: ", ")
            throw OBCError.invalid("group", "'\(group)' is not a bank group of this build (bank groups: \(groups)).")
        }
        return selected.map(details)
    }

    /// The profile with id `id`; otherwise a 400 naming `field` when the id came in a request
    /// body, or a 404 when `field` is nil (the id was the resource), either listing the closest ids.
    public func profile(_ id: String, field: String? = "BankProfile") throws(OBCError) -> BankProfile {
        guard let profile = profiles[id] else { throw unknownProfile(id, field: field) }
        return profile
    }

    /// The profile's deployment settings: effective value, where it comes from, the keys that set it.
    public func details(of id: String) throws(OBCError) -> BankProfileDetails {
        details(try profile(id, field: nil))
    }

    func details(_ profile: BankProfile) -> BankProfileDetails {
        let settings = BankProfileSetting.allCases.map { setting in
            let configured = setting.configured(for: profile, in: configuration)
            return BankProfileDetails.Setting(
                name: setting.rawValue, value: setting.value(of: profile),
                source: configured.map { .configuration(key: $0.key) } ?? (setting.value(of: profile) == nil ? .unset : .profileData),
                keys: setting.keys(for: profile), required: setting.isRequired(by: profile))
        }
        return BankProfileDetails(profile: profile, settings: settings)
    }

    /// `'X' is not a bank profile`, with the ids a typo most likely meant.
    public func unknownProfile(_ id: String, field: String? = "BankProfile") -> OBCError {
        let suggestions = Self.closest(to: id, among: Array(profiles.keys))
        let hint = suggestions.isEmpty ? "" : " Closest: \(suggestions.joined(separator: ", "))."
        let detail = "'\(id)' is not a bank profile of this build.\(hint) `obc bank-profiles list` and GET /manage/bank-profiles list them all."
        guard let field else { return OBCError(.notFound, detail) }
        return OBCError.invalid(field, detail)
    }

    /// Up to `limit` ids nearest to `id` by edit distance (case-insensitive), nearest first;
    /// ids containing what was typed count as near.
    public static func closest(to id: String, among ids: [String], limit: Int = 3) -> [String] {
        let typed = id.lowercased()
        let scored = ids.map { candidate -> (String, Int) in
            let lower = candidate.lowercased()
            let distance = EditDistance.between(Array(typed), Array(lower))
            let contains = !typed.isEmpty && (lower.contains(typed) || typed.contains(lower))
            return (candidate, contains ? min(distance, 1) : distance)
        }
        let cutoff = max(3, typed.count / 2)
        return scored.filter { $0.1 <= cutoff }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }
}

/// One profile with its deployment settings explained.
public struct BankProfileDetails: Sendable {
    public struct Setting: Sendable, Equatable {
        public enum Source: Sendable, Equatable {
            case configuration(key: String)
            case profileData
            case unset
        }
        /// OBC's setting name (`IssuerUrl`, `FinancialId`, …).
        public var name: String
        public var value: String?
        public var source: Source
        /// The configuration keys that set it, the one read first first.
        public var keys: [String]
        public var required: Bool

        public var isMissing: Bool { required && value == nil }
    }

    public var profile: BankProfile
    public var settings: [Setting]

    /// Required settings without a value: the profile cannot register until they are configured.
    public var missing: [Setting] { settings.filter(\.isMissing) }
}
