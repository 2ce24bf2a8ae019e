import Foundation
import OBCPluginAPI

/// An AWS access key pair, optionally temporary. It never prints its secret parts, so it can
/// appear in logs and error messages (as where it came from) without leaking anything.
public struct AWSCredentials: ExpiringCredential, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessKeyId: String
    public let secretAccessKey: String
    /// Present for temporary credentials (ECS, EC2, assumed roles); sent as `X-Amz-Security-Token`.
    public let sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public let expiration: Date?
    /// Where the credentials came from, for messages: e.g. `environment variables`.
    public let origin: String

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil, origin: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.origin = origin
    }

    public var expiry: Date? { expiration }

    public var description: String { "AWS credentials from \(origin)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["origin": origin], displayStyle: .struct) }
}

/// Why AWS could not be reached or refused a call; `code` is the AWS error code when there is one.
public typealias AWSError = SecretServiceError
