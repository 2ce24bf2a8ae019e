/// A version of the OB Dynamic Client Registration specification.
public struct DCRVersion: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let v3p1 = DCRVersion(rawValue: "Version3p1")
    public static let v3p2 = DCRVersion(rawValue: "Version3p2")
    public static let v3p3 = DCRVersion(rawValue: "Version3p3")
}
