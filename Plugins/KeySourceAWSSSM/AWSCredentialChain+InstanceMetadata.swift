import Foundation
import NIOHTTP1

/// Step 4 of the chain: EC2 instance metadata (IMDSv2).
extension AWSCredentialChain {
    var metadataEndpoint: String {
        if let endpoint = value("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            return endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        }
        if value("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")?.lowercased() == "ipv6" { return "http://[fd00:ec2::254]" }
        return "http://169.254.169.254"
    }

    /// IMDSv2: a session token from `PUT /latest/api/token`, then the role name, then its keys.
    func instanceMetadataCredentials() async throws(AWSError) -> AWSCredentials {
        let base = metadataEndpoint
        let what = "EC2 instance metadata at \(base)"
        let tokenResponse = try await http.send(
            method: .PUT,
            url: "\(base)/latest/api/token",
            headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")],
            timeout: metadataTimeout,
            what: what
        )
        guard tokenResponse.status == 200 else {
            throw AWSError(.unavailable, "\(what) refused a session token (HTTP \(tokenResponse.status))")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let session: [(name: String, value: String)] = [("X-aws-ec2-metadata-token", token)]
        let roles = try await http.send(
            method: .GET,
            url: "\(base)/latest/meta-data/iam/security-credentials/",
            headers: session,
            timeout: metadataTimeout,
            what: what
        )
        guard roles.status == 200,
            let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init),
            !role.isEmpty
        else {
            throw AWSError(.unavailable, "\(what) has no IAM role attached to this instance (HTTP \(roles.status))")
        }
        let encodedRole = role.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? role
        let keys = try await http.send(
            method: .GET,
            url: "\(base)/latest/meta-data/iam/security-credentials/\(encodedRole)",
            headers: session,
            timeout: metadataTimeout,
            what: what
        )
        guard keys.status == 200 else {
            throw AWSError(.unavailable, "\(what) gave no credentials for role \(role) (HTTP \(keys.status))")
        }
        return try Self.decodeTemporaryCredentials(keys.body, origin: "\(what) (role \(role))")
    }
}
