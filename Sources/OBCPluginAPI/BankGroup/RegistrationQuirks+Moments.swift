/// Each moment folds every declared kind (`BankDifferences.all`, in order) over the
/// specification's form, with this profile's value of each.
extension RegistrationQuirks {
    public var requestShape: RegistrationRequestShape {
        var shape = RegistrationRequestShape()
        for kind in BankDifferences.all { fold(kind, &shape) }
        return shape
    }

    public var clientCredentialsScopeRule: ClientCredentialsScopeRule {
        var rule = ClientCredentialsScopeRule.none
        for kind in BankDifferences.all { fold(kind, &rule) }
        return rule
    }

    public var tokenAnswerRules: TokenAnswerRules {
        var rules = TokenAnswerRules()
        for kind in BankDifferences.all { fold(kind, &rules) }
        return rules
    }

    public func bankWrites(_ answer: inout RegistrationAnswer) {
        for kind in BankDifferences.all { bankWrites(kind, &answer) }
    }

    public func clientReads(_ answer: inout RegistrationAnswer) {
        for kind in BankDifferences.all { clientReads(kind, &answer) }
    }

    public func bankWrites(_ discovery: inout [String: JSONValue]) {
        for kind in BankDifferences.all { bankWrites(kind, &discovery) }
    }

    public func clientReads(_ discovery: inout OpenIDConfiguration) {
        for kind in BankDifferences.all { clientReads(kind, &discovery) }
    }

    public func bankWrites(_ answer: inout TokenAnswer) {
        for kind in BankDifferences.all { bankWrites(kind, &answer) }
    }

    // One generic step per moment, so each kind's existential opens to its own `Value`.
    private func fold<Kind: BankDifference>(_ kind: Kind.Type, _ shape: inout RegistrationRequestShape) { Kind.shape(&shape, self[kind]) }
    private func fold<Kind: BankDifference>(_ kind: Kind.Type, _ rule: inout ClientCredentialsScopeRule) {
        Kind.clientCredentialsScope(&rule, self[kind])
    }
    private func fold<Kind: BankDifference>(_ kind: Kind.Type, _ rules: inout TokenAnswerRules) { Kind.clientAccepts(&rules, self[kind]) }
    private func bankWrites<Kind: BankDifference>(_ kind: Kind.Type, _ answer: inout RegistrationAnswer) { Kind.bankWrites(&answer, self[kind]) }
    private func clientReads<Kind: BankDifference>(_ kind: Kind.Type, _ answer: inout RegistrationAnswer) { Kind.clientReads(&answer, self[kind]) }
    private func bankWrites<Kind: BankDifference>(_ kind: Kind.Type, _ discovery: inout [String: JSONValue]) {
        Kind.bankWrites(&discovery, self[kind])
    }
    private func clientReads<Kind: BankDifference>(_ kind: Kind.Type, _ discovery: inout OpenIDConfiguration) {
        Kind.clientReads(&discovery, self[kind])
    }
    private func bankWrites<Kind: BankDifference>(_ kind: Kind.Type, _ answer: inout TokenAnswer) { Kind.bankWrites(&answer, self[kind]) }
}
