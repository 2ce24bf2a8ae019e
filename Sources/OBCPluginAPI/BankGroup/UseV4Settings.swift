/// Whether the v4 Open Banking APIs are used for account information (AISP), new payment
/// consents (PISP) and new variable recurring payment consents (VRP). A bank profile gives
/// the defaults (OBC's `AispUseV4ByDefault`, …); a registration stores its own values.
public struct UseV4Settings: Sendable, Hashable, Codable {
    public var aisp: Bool
    public var pisp: Bool
    public var vrp: Bool

    public init(aisp: Bool = false, pisp: Bool = false, vrp: Bool = false) {
        self.aisp = aisp
        self.pisp = pisp
        self.vrp = vrp
    }
}
