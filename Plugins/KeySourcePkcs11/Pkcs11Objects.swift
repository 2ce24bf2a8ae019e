import CPKCS11
import Crypto
import Foundation
import _CryptoExtras

/// A private key found in the token: its handle, its kind and its public half (DER
/// SubjectPublicKeyInfo), read from the token (the private key's own modulus and exponent for
/// RSA, the matching public-key object's point for EC). The private value is never read.
struct Pkcs11KeyInfo: Sendable {
    enum Kind: Sendable { case rsa, p256 }
    var handle: CK_OBJECT_HANDLE
    var kind: Kind
    var publicKeyDER: [UInt8]
}

/// Object searches and attribute reads within one session.
struct Pkcs11Objects {
    let library: Pkcs11Library
    let session: CK_SESSION_HANDLE

    /// The one private key `selector` names, with its public half.
    func privateKey(_ selector: Pkcs11KeySelector) throws(Pkcs11Failure) -> Pkcs11KeyInfo {
        let handles = try find(CK_OBJECT_CLASS(CKO_PRIVATE_KEY), selector)
        guard let handle = handles.first else { throw Pkcs11Failure(.notFound, "the token holds no private key with \(selector)") }
        guard handles.count == 1 else {
            throw Pkcs11Failure(.invalidName, "the token holds more than one private key with \(selector); name one by id:<hex>")
        }
        let keyType = try ulong(handle, CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE))
        switch keyType {
        case CK_KEY_TYPE(CKK_RSA):
            let modulus = try attribute(handle, CK_ATTRIBUTE_TYPE(CKA_MODULUS))
            let exponent = try attribute(handle, CK_ATTRIBUTE_TYPE(CKA_PUBLIC_EXPONENT))
            do {
                let key = try _RSA.Signing.PublicKey(n: modulus, e: exponent)
                return Pkcs11KeyInfo(handle: handle, kind: .rsa, publicKeyDER: Array(key.derRepresentation))
            } catch {
                throw Pkcs11Failure(.invalidName, "the RSA key with \(selector) is not usable (2048 bits or more): \(error)")
            }
        case CK_KEY_TYPE(CKK_EC):
            guard let publicHandle = try find(CK_OBJECT_CLASS(CKO_PUBLIC_KEY), selector).first else {
                throw Pkcs11Failure(.notFound, "the token holds no public key with \(selector) beside the EC private key")
            }
            let point = try attribute(publicHandle, CK_ATTRIBUTE_TYPE(CKA_EC_POINT))
            // CKA_EC_POINT is a DER OCTET STRING around the X9.63 point (65 bytes for P-256).
            let raw = point.count == 67 && point[0] == 0x04 && point[1] == 65 ? Array(point.dropFirst(2)) : point
            guard let key = try? P256.Signing.PublicKey(x963Representation: raw) else {
                throw Pkcs11Failure(.invalidName, "the EC key with \(selector) is not a P-256 key")
            }
            return Pkcs11KeyInfo(handle: handle, kind: .p256, publicKeyDER: Array(key.derRepresentation))
        default:
            throw Pkcs11Failure(.invalidName, "the key with \(selector) is neither RSA nor EC (CKA_KEY_TYPE \(keyType))")
        }
    }

    func find(_ objectClass: CK_OBJECT_CLASS, _ selector: Pkcs11KeySelector) throws(Pkcs11Failure) -> [CK_OBJECT_HANDLE] {
        let classValue = UnsafeMutablePointer<CK_OBJECT_CLASS>.allocate(capacity: 1)
        classValue.initialize(to: objectClass)
        let match = UnsafeMutablePointer<UInt8>.allocate(capacity: selector.value.count)
        match.initialize(from: selector.value, count: selector.value.count)
        let template = UnsafeMutablePointer<CK_ATTRIBUTE>.allocate(capacity: 2)
        template[0] = CK_ATTRIBUTE(
            type: CK_ATTRIBUTE_TYPE(CKA_CLASS), pValue: UnsafeMutableRawPointer(classValue), ulValueLen: CK_ULONG(MemoryLayout<CK_OBJECT_CLASS>.size))
        template[1] = CK_ATTRIBUTE(type: selector.attribute, pValue: UnsafeMutableRawPointer(match), ulValueLen: CK_ULONG(selector.value.count))
        defer {
            classValue.deallocate()
            match.deallocate()
            template.deallocate()
        }
        let functions = library.functions.pointee
        try Pkcs11Failure.check(functions.C_FindObjectsInit!(session, template, 2), "C_FindObjectsInit")
        defer { _ = functions.C_FindObjectsFinal!(session) }
        var handles = [CK_OBJECT_HANDLE](repeating: 0, count: 4)
        var count: CK_ULONG = 0
        try Pkcs11Failure.check(functions.C_FindObjects!(session, &handles, CK_ULONG(handles.count), &count), "C_FindObjects")
        return Array(handles.prefix(Int(count)))
    }

    /// One attribute's bytes (asked for its length first).
    func attribute(_ handle: CK_OBJECT_HANDLE, _ type: CK_ATTRIBUTE_TYPE) throws(Pkcs11Failure) -> [UInt8] {
        let getAttributeValue = library.functions.pointee.C_GetAttributeValue!
        var probe = CK_ATTRIBUTE(type: type, pValue: nil, ulValueLen: 0)
        try Pkcs11Failure.check(getAttributeValue(session, handle, &probe, 1), "C_GetAttributeValue")
        guard probe.ulValueLen != CK_ULONG.max else {
            throw Pkcs11Failure(.invalidName, "the token will not show attribute 0x\(String(type, radix: 16)) of the key")
        }
        let length = Int(probe.ulValueLen)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(length, 1), alignment: 8)
        defer { buffer.deallocate() }
        var read = CK_ATTRIBUTE(type: type, pValue: buffer, ulValueLen: CK_ULONG(length))
        try Pkcs11Failure.check(getAttributeValue(session, handle, &read, 1), "C_GetAttributeValue")
        return Array(UnsafeRawBufferPointer(start: buffer, count: Int(read.ulValueLen)))
    }

    func ulong(_ handle: CK_OBJECT_HANDLE, _ type: CK_ATTRIBUTE_TYPE) throws(Pkcs11Failure) -> CK_ULONG {
        let bytes = try attribute(handle, type)
        guard bytes.count == MemoryLayout<CK_ULONG>.size else { return CK_ULONG.max }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: CK_ULONG.self) }
    }
}
