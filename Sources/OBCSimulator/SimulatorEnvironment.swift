import Crypto
import Foundation
import OBCCore
import OBCPluginAPI
import X509

/// What every simulated endpoint shares: the parsed PKI material, the TPP, the bank profiles
/// and the mutable state. Built once per ``SimulatedOpenBanking``.
struct SimulatorEnvironment: Sendable {
    let tpp: SimulatedTPP
    let obWacCertificate: Certificate
    let obSealCertificate: Certificate
    let directoryKey: SigningKey
    let directoryKeyId: String
    let profiles: [String: BankProfile]
    let state: SimulatorState

    init(pki: SimulatorPKI, tpp: SimulatedTPP, profiles: [BankProfile], state: SimulatorState) throws {
        self.tpp = tpp
        self.obWacCertificate = try pki.obWacCertificate()
        self.obSealCertificate = try pki.obSealCertificate()
        self.directoryKey = try pki.directorySigningKey()
        self.directoryKeyId = SimulatorPKI.keyId(for: directoryKey.publicKey)
        var byId: [String: BankProfile] = [:]
        for profile in profiles { byId[profile.id] = profile }
        self.profiles = byId
        self.state = state
    }

    /// Whether `certificate` (already verified up to the CA by TLS) is the TPP's OBWAC, or one
    /// issued to it again for the same subject and key (a renewal, as the OB Directory issues one).
    func isTPPObWac(_ certificate: Certificate) -> Bool {
        certificate == obWacCertificate || (certificate.subject == obWacCertificate.subject && certificate.publicKey == obWacCertificate.publicKey)
    }

    var baseURL: String { state.baseURL }
    var directoryTokenURL: String { baseURL + "/directory/as/token.oauth2" }
    var directorySSABaseURL: String { baseURL + "/directory" }
    var directoryJWKSURL: String { baseURL + "/directory/jwks" }
    func softwareJWKSURL(organisationId: String, softwareId: String) -> String {
        "\(baseURL)/directory/tpp/\(organisationId)/\(softwareId)/jwks"
    }
    var tppJWKSURL: String { softwareJWKSURL(organisationId: tpp.organisationId, softwareId: tpp.softwareId) }
    func issuerURL(for profileId: String) -> String { "\(baseURL)/banks/\(profileId)" }

    /// The profile's financial id, or a stable 18-character OB-style id derived from the profile
    /// id; profiles that read it under another bank's key (Lloyds brands) share that bank's.
    static func financialId(for profile: BankProfile) -> String {
        if let id = profile.financialId { return id }
        let keyBank = profile.settingKeyBanks?[BankProfileSetting.financialId.rawValue]
        let seed = keyBank.map { "\(profile.group)_\($0)" } ?? profile.id
        let digest = SHA256.hash(data: Data(seed.utf8)).map { String(format: "%02X", $0) }.joined()
        return "0015800SIM" + digest.prefix(8)
    }

    /// The TPP's JWKS as the Directory publishes it: OBSeal (`sig`) and OBWAC (`tls`).
    var tppJWKS: JSONValue {
        var keys: [JSONValue] = []
        if let seal = JWK.rsa(obSealCertificate.publicKey, keyId: tpp.obSealKeyId, use: "sig", x5c: JWK.x5c(obSealCertificate).map { [$0] }) {
            keys.append(seal)
        }
        if let wac = JWK.rsa(
            obWacCertificate.publicKey, keyId: SimulatorPKI.keyId(for: obWacCertificate.publicKey), use: "tls", algorithm: nil,
            x5c: JWK.x5c(obWacCertificate).map { [$0] })
        {
            keys.append(wac)
        }
        return .object(["keys": .array(keys)])
    }

    /// The TPP signing key for `kid`, found the way a bank does: through the JWKS at `jwksURL`
    /// (which must be one this simulated Directory serves).
    func tppSigningKey(jwksURL: String, keyId: String?) -> Certificate.PublicKey? {
        guard jwksURL == tppJWKSURL, let keys = tppJWKS["keys"]?.arrayValue else { return nil }
        let signing = keys.filter { $0["use"]?.stringValue == "sig" }
        let match = keyId.map { kid in signing.first { $0["kid"]?.stringValue == kid } } ?? signing.first
        return match.flatMap { $0 }.flatMap(JWK.publicKey)
    }
}
