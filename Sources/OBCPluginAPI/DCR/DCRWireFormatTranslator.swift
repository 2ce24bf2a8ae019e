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
