/// A value written as JSON `null` when absent rather than omitted: for the few members OBC's
/// document marks both required and nullable (`RegistrationEndpoint`).
struct ExplicitNull<Wrapped: Encodable & Sendable>: Encodable, Sendable {
    var value: Wrapped?

    init(_ value: Wrapped?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
