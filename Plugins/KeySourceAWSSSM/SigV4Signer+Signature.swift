import Crypto

/// Stages 2 and 3 of SigV4: the string to sign, the derived signing key and the signature.
extension SigV4Signer {
    /// `AWS4-HMAC-SHA256\n<dateTime>\n<scope>\n<hex SHA-256 of the canonical request>`.
    public static func stringToSign(canonicalRequest: String, dateTime: String, credentialScope: String) -> String {
        String(
            decoding: stringToSignBytes(canonicalRequest: Array(canonicalRequest.utf8), dateTime: dateTime, credentialScope: credentialScope),
            as: UTF8.self)
    }

    static func stringToSignBytes(canonicalRequest: [UInt8], dateTime: String, credentialScope: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(18 + dateTime.utf8.count + credentialScope.utf8.count + 66)
        output.append(contentsOf: algorithm.utf8)
        output.append(0x0A)
        output.append(contentsOf: dateTime.utf8)
        output.append(0x0A)
        output.append(contentsOf: credentialScope.utf8)
        output.append(0x0A)
        output.append(contentsOf: sha256Hex(canonicalRequest))
        return output
    }

    // MARK: Stage 3: signing key and signature

    /// HMAC chain `"AWS4"+secret → date → region → service → "aws4_request"`. The key is
    /// valid for one day, region and service, so the signer caches it.
    public static func signingKey(secretAccessKey: String, date: String, region: String, service: String) -> SymmetricKey {
        SymmetricKey(data: signingKeyBytes(secretAccessKey: secretAccessKey, date: date, region: region, service: service))
    }

    static func signingKeyBytes(secretAccessKey: String, date: String, region: String, service: String) -> [UInt8] {
        func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
            PreparedHMAC(keyBytes: key).mac(Array(message.utf8)).withUnsafeBytes { Array($0) }
        }
        let kDate = hmac(Array(("AWS4" + secretAccessKey).utf8), date)
        let kRegion = hmac(kDate, region)
        let kService = hmac(kRegion, service)
        return hmac(kService, "aws4_request")
    }

    /// Hex HMAC-SHA256 of the string to sign under the derived key.
    public static func signature(signingKey: SymmetricKey, stringToSign: String) -> String {
        String(decoding: PreparedHMAC(key: signingKey).hexMAC(Array(stringToSign.utf8)), as: UTF8.self)
    }
}
