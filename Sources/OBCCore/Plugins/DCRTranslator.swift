/// A version of the OB Dynamic Client Registration specification.
public struct DCRVersion: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let v3p1 = DCRVersion(rawValue: "Version3p1")
    public static let v3p2 = DCRVersion(rawValue: "Version3p2")
    public static let v3p3 = DCRVersion(rawValue: "Version3p3")
}

/// Turns the canonical registration claims into one DCR version's wire claims and reads that
/// version's response back, so the DCR flow is written once and versions are plugins.
public protocol DCRTranslator: Sendable {
    var version: DCRVersion { get }
    /// The JWT claims set to sign, in this version's names and types.
    func wireClaims(for claims: RegistrationClaims, quirks: RegistrationQuirks) -> JSONValue
    /// The bank's registration response, read in this version's shape with the bank's quirks.
    func readResponse(_ body: JSONValue, requestedMethod: TokenEndpointAuthMethod, quirks: RegistrationQuirks) throws(OBCError)
        -> RegistrationResponse
}

/// A translator that is fully described by its wire format (true of v3.1–v3.3).
public protocol DCRWireFormatTranslator: DCRTranslator {
    var format: DCRWireFormat { get }
}

extension DCRWireFormatTranslator {
    public func wireClaims(for claims: RegistrationClaims, quirks: RegistrationQuirks) -> JSONValue {
        format.claims(claims, quirks: quirks)
    }

    public func readResponse(_ body: JSONValue, requestedMethod: TokenEndpointAuthMethod, quirks: RegistrationQuirks) throws(OBCError)
        -> RegistrationResponse
    {
        try format.response(body, requestedMethod: requestedMethod, quirks: quirks)
    }
}
