import Foundation

/// Reading the temporary credentials the ECS endpoint and IMDS return.
extension AWSCredentialChain {
    private struct TemporaryCredentialsBody: Decodable {
        var Code: String?
        var Message: String?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
    }

    /// The JSON both ECS and IMDS return: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`.
    static func decodeTemporaryCredentials(_ body: [UInt8], origin: String) throws(AWSError) -> AWSCredentials {
        guard let decoded = try? JSONDecoder().decode(TemporaryCredentialsBody.self, from: Data(body)) else {
            throw AWSError(.unavailable, code: "InvalidResponse", "\(origin) did not return credentials JSON")
        }
        if let code = decoded.Code, code != "Success" {
            throw AWSError(.invalidCredentials, code: code, "\(origin) answered \(code)")
        }
        guard let id = decoded.AccessKeyId, !id.isEmpty, let secret = decoded.SecretAccessKey, !secret.isEmpty else {
            throw AWSError(.unavailable, code: "InvalidResponse", "\(origin) returned JSON without AccessKeyId and SecretAccessKey")
        }
        let expiration = decoded.Expiration.flatMap(parseTimestamp)
        if decoded.Expiration != nil && expiration == nil {
            throw AWSError(.unavailable, code: "InvalidResponse", "\(origin) returned an Expiration that is not an ISO 8601 time")
        }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: decoded.Token, expiration: expiration, origin: origin)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
