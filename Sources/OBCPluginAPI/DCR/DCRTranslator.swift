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
