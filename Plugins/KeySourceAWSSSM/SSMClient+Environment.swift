import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OBCPluginAPI

/// The region and endpoint SSM is reached at, from AWS's usual environment variables.
extension SSMClient {
    /// Region from `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region` in the config file.
    public static func region(environment: [String: String]) throws(AWSError) -> String {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let region = environment[name], !region.isEmpty { return region }
        }
        let files = AWSSharedConfigFiles(environment: environment)
        if let region = files.region, !region.isEmpty { return region }
        throw AWSError(
            .unavailable,
            code: "NoRegion",
            "no AWS region is configured (set AWS_REGION or AWS_DEFAULT_REGION, or region in profile \(files.profile) of \(AWSSharedConfigFiles.configFile))"
        ).logging(files.locations)
    }

    /// `AWS_ENDPOINT_URL_SSM`, then `AWS_ENDPOINT_URL` (for moto, LocalStack or VPC
    /// endpoints), else the public regional endpoint.
    public static func endpoint(region: String, environment: [String: String]) throws(AWSError) -> URL {
        for name in ["AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL"] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                throw AWSError(.unavailable, code: "InvalidEndpoint", "\(name) is not an http(s) URL")
            }
            return url
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        guard let url = URL(string: "https://ssm.\(region).\(suffix)") else {
            throw AWSError(.unavailable, code: "InvalidEndpoint", "AWS region \(region) does not make a valid endpoint host name")
        }
        return url
    }

    /// A client configured from the environment the way the AWS SDKs configure theirs.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient? = nil,
        timeout: Duration = .seconds(10)
    ) throws(AWSError) -> SSMClient {
        let region = try region(environment: environment)
        return SSMClient(
            region: region,
            endpoint: try endpoint(region: region, environment: environment),
            credentials: AWSCredentialChain(environment: environment, httpClient: httpClient),
            httpClient: httpClient,
            timeout: timeout
        )
    }
}
