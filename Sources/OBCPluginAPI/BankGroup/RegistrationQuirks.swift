import Foundation

/// A profile's value of every declared bank difference (`BankDifferences.all`): how the bank
/// departs from the DCR and OAuth2 specifications, so the flow stays bank-agnostic. A kind the
/// profile does not name takes the specification's value. Read one with
/// `quirks[BankDifferences.AudClaim.self]`; the moments (`requestShape`, `bankWrites`, …, in
/// `RegistrationQuirks+Moments.swift`) fold every kind in `BankDifferences.all` order.
public struct RegistrationQuirks: Sendable, Hashable, Codable {
    /// Values that differ from the specification, by key.
    private var values: [String: Value] = [:]

    public init() {}

    public subscript<Kind: BankDifference>(_ kind: Kind.Type) -> Kind.Value {
        get { values[Kind.key].flatMap { $0.value as? Kind.Value } ?? Kind.specification }
        set { values[Kind.key] = newValue == Kind.specification ? nil : Value(newValue) }
    }

    /// A copy with `kind` set to `value`.
    public func with<Kind: BankDifference>(_ kind: Kind.Type, _ value: Kind.Value) -> RegistrationQuirks {
        var copy = self
        copy[kind] = value
        return copy
    }

    // MARK: YAML and JSON

    /// Absent keys take the specification's values; `YAMLBankGroup` refuses unknown ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for kind in BankDifferences.all { try decode(kind, from: container) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for kind in BankDifferences.all { try encode(kind, to: &container) }
    }

    private mutating func decode<Kind: BankDifference>(_ kind: Kind.Type, from container: KeyedDecodingContainer<Key>) throws {
        if let value = try container.decodeIfPresent(Kind.Value.self, forKey: Key(Kind.key)) { self[kind] = value }
    }

    /// Every kind's value, the specification's included; a nil value is left out.
    private func encode<Kind: BankDifference>(_ kind: Kind.Type, to container: inout KeyedEncodingContainer<Key>) throws {
        let value = self[kind]
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional, mirror.children.isEmpty { return }
        try container.encode(value, forKey: Key(Kind.key))
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// One kind's value, compared and hashed as itself.
    struct Value: Sendable, Hashable {
        let value: any Hashable & Sendable
        init(_ value: any Hashable & Sendable) { self.value = value }
        static func == (lhs: Value, rhs: Value) -> Bool { AnyHashable(lhs.value) == AnyHashable(rhs.value) }
        func hash(into hasher: inout Hasher) { AnyHashable(value).hash(into: &hasher) }
    }
}
