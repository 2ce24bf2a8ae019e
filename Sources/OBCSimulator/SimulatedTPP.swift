import Foundation

/// The one third-party provider the simulated OB Directory knows: its organisation, its
/// software statement and the OBSeal key id under which its signing key is published, so the
/// directory can issue its SSA and banks can check its registrations.
public struct SimulatedTPP: Sendable, Hashable, Codable {
    /// OB organisation id (18 characters, Base62), the OBWAC's `OU`.
    public var organisationId: String
    /// OB software statement id (18 characters, Base62), the OBWAC's `CN` and DCR `iss`.
    public var softwareId: String
    /// `kid` of the OBSeal key in the software JWKS.
    public var obSealKeyId: String
    public var redirectURIs: [String]
    /// Some of `AISP`, `PISP`, `CBPII`.
    public var roles: [String]
    public var clientName: String
    public var organisationName: String

    public init(
        organisationId: String, softwareId: String, obSealKeyId: String,
        redirectURIs: [String] = ["https://tpp.example.com/auth/fragment-redirect", "https://tpp.example.com/auth/query-redirect"],
        roles: [String] = ["AISP", "PISP", "CBPII"], clientName: String = "Simulated TPP software", organisationName: String = "Simulated TPP Ltd"
    ) {
        self.organisationId = organisationId
        self.softwareId = softwareId
        self.obSealKeyId = obSealKeyId
        self.redirectURIs = redirectURIs
        self.roles = roles
        self.clientName = clientName
        self.organisationName = organisationName
    }
}
