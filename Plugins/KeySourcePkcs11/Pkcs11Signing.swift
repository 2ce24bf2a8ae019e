import CPKCS11
import Crypto
import Foundation
import OBCPluginAPI

/// One signature made by the token within a session. The message is hashed here and the
/// token signs the digest: RSA-PSS as `CKM_RSA_PKCS_PSS` with the hash, MGF1 of the same hash
/// and a salt of the hash's length (PS256: SHA-256, MGF1-SHA-256, 32 bytes); RSA PKCS#1 v1.5
/// as `CKM_RSA_PKCS` over the DigestInfo; ECDSA as `CKM_ECDSA` (raw `r ‖ s`).
struct Pkcs11Signing {
    let library: Pkcs11Library
    let session: CK_SESSION_HANDLE

    func sign(_ message: [UInt8], with algorithm: SigningAlgorithm, key: Pkcs11KeyInfo) throws(Pkcs11Failure) -> [UInt8] {
        guard algorithm.isRSA == (key.kind == .rsa) else {
            throw Pkcs11Failure(
                .invalidName, "the key cannot make a \(algorithm.rawValue) signature (it is \(key.kind == .rsa ? "RSA" : "EC P-256"))")
        }
        let digest = Self.hash(message, algorithm)
        let parameters = UnsafeMutablePointer<CK_RSA_PKCS_PSS_PARAMS>.allocate(capacity: 1)
        defer { parameters.deallocate() }
        var mechanism = CK_MECHANISM(mechanism: 0, pParameter: nil, ulParameterLen: 0)
        var input = digest
        switch algorithm {
        case .rsaPSSSHA256, .rsaPSSSHA384, .rsaPSSSHA512:
            let (hashMechanism, mgf) = Self.pssHash(algorithm)
            parameters.initialize(to: CK_RSA_PKCS_PSS_PARAMS(hashAlg: hashMechanism, mgf: mgf, sLen: CK_ULONG(algorithm.hashLength)))
            mechanism = CK_MECHANISM(
                mechanism: CK_MECHANISM_TYPE(CKM_RSA_PKCS_PSS), pParameter: UnsafeMutableRawPointer(parameters),
                ulParameterLen: CK_ULONG(MemoryLayout<CK_RSA_PKCS_PSS_PARAMS>.size))
        case .rsaPKCS1SHA256, .rsaPKCS1SHA384, .rsaPKCS1SHA512:
            input = Self.digestInfoPrefix(algorithm) + digest
            mechanism.mechanism = CK_MECHANISM_TYPE(CKM_RSA_PKCS)
        case .ecdsaP256SHA256:
            mechanism.mechanism = CK_MECHANISM_TYPE(CKM_ECDSA)
        }
        let functions = library.functions.pointee
        try Pkcs11Failure.check(functions.C_SignInit!(session, &mechanism, key.handle), "C_SignInit")
        var signature = [UInt8](repeating: 0, count: 1024)
        var length = CK_ULONG(signature.count)
        try Pkcs11Failure.check(functions.C_Sign!(session, &input, CK_ULONG(input.count), &signature, &length), "C_Sign")
        return Array(signature.prefix(Int(length)))
    }

    static func hash(_ message: [UInt8], _ algorithm: SigningAlgorithm) -> [UInt8] {
        switch algorithm.hashLength {
        case 48: Array(SHA384.hash(data: message))
        case 64: Array(SHA512.hash(data: message))
        default: Array(SHA256.hash(data: message))
        }
    }

    static func pssHash(_ algorithm: SigningAlgorithm) -> (CK_MECHANISM_TYPE, CK_RSA_PKCS_MGF_TYPE) {
        switch algorithm.hashLength {
        case 48: (CK_MECHANISM_TYPE(CKM_SHA384), CK_RSA_PKCS_MGF_TYPE(CKG_MGF1_SHA384))
        case 64: (CK_MECHANISM_TYPE(CKM_SHA512), CK_RSA_PKCS_MGF_TYPE(CKG_MGF1_SHA512))
        default: (CK_MECHANISM_TYPE(CKM_SHA256), CK_RSA_PKCS_MGF_TYPE(CKG_MGF1_SHA256))
        }
    }

    /// The DER DigestInfo header before the hash (RFC 8017, section 9.2, note 1).
    static func digestInfoPrefix(_ algorithm: SigningAlgorithm) -> [UInt8] {
        let (length, oidLast): (UInt8, UInt8) =
            switch algorithm.hashLength {
            case 48: (0x30, 0x02)
            case 64: (0x40, 0x03)
            default: (0x20, 0x01)
            }
        return [0x30, 0x11 + length, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, oidLast, 0x05, 0x00, 0x04, length]
    }
}
