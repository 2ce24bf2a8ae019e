/// One kind of way a bank departs from the specifications, declared once: its key under a
/// profile's `quirks:` in bank-profile YAML, the specification's value, and what it changes at
/// each moment the product and a bank exchange something. The client (OBCCore through the
/// bank-group hooks' defaults), the YAML decoder (`RegistrationQuirks`) and the simulated bank
/// (OBCSimulator) all read this declaration; none names a kind except to read a value. Every
/// moment defaults to "no change", so a kind implements only the moments it touches.
///
/// Adding a kind: one file declaring it (`BankDifferences+<Name>.swift`), its line in
/// `BankDifferences.all`, and its row in ARCHITECTURE's "Bank differences" table.
public protocol BankDifference: Sendable {
    associatedtype Value: Codable & Sendable & Hashable
    /// The key under `quirks:` in bank-profile YAML (and in `GET /manage/bank-profiles`' `Quirks`).
    static var key: String { get }
    /// What a profile that does not name the key gets: the specification's behaviour.
    static var specification: Value { get }

    /// How the bank wants the DCR request: the client sends it so, the simulated bank accepts only that.
    static func shape(_ request: inout RegistrationRequestShape, _ value: Value)
    /// The bank's DCR answer: the simulated bank writes it so.
    static func bankWrites(_ answer: inout RegistrationAnswer, _ value: Value)
    /// The bank's DCR answer: the client reads it back into the specification's form.
    static func clientReads(_ answer: inout RegistrationAnswer, _ value: Value)
    /// The bank's OpenID discovery document: the simulated bank publishes it so.
    static func bankWrites(_ discovery: inout [String: JSONValue], _ value: Value)
    /// The bank's OpenID discovery document: the client corrects what the bank says.
    static func clientReads(_ discovery: inout OpenIDConfiguration, _ value: Value)
    /// The bank's client-credentials token answer: the simulated bank writes it so.
    static func bankWrites(_ answer: inout TokenAnswer, _ value: Value)
    /// The bank's client-credentials token answer: what the client accepts.
    static func clientAccepts(_ rules: inout TokenAnswerRules, _ value: Value)
    /// Which `scope` the client asks for in the client-credentials grant for `/register/{ClientId}`.
    static func clientCredentialsScope(_ rule: inout ClientCredentialsScopeRule, _ value: Value)
}

extension BankDifference {
    public static func shape(_ request: inout RegistrationRequestShape, _ value: Value) {}
    public static func bankWrites(_ answer: inout RegistrationAnswer, _ value: Value) {}
    public static func clientReads(_ answer: inout RegistrationAnswer, _ value: Value) {}
    public static func bankWrites(_ discovery: inout [String: JSONValue], _ value: Value) {}
    public static func clientReads(_ discovery: inout OpenIDConfiguration, _ value: Value) {}
    public static func bankWrites(_ answer: inout TokenAnswer, _ value: Value) {}
    public static func clientAccepts(_ rules: inout TokenAnswerRules, _ value: Value) {}
    public static func clientCredentialsScope(_ rule: inout ClientCredentialsScopeRule, _ value: Value) {}
}
