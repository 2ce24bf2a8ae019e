import Foundation

/// Step 3 of the chain: the ECS (or EKS Pod Identity) container credentials endpoint.
extension AWSCredentialChain {
    struct ContainerEndpoint {
        var url: String
        var authorization: Result<String?, AWSError>
    }

    func containerEndpoint() -> ContainerEndpoint? {
        let url: String
        if let relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            url = full
        } else {
            return nil
        }
        // The token file (EKS Pod Identity) wins over the literal token, as in the SDKs.
        let authorization: Result<String?, AWSError>
        if let path = value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            if let token = try? String(contentsOfFile: path, encoding: .utf8) {
                authorization = .success(token.trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                authorization = .failure(
                    AWSError(.invalidCredentials, code: "InvalidCredentials", "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path)")
                )
            }
        } else {
            authorization = .success(value("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
        }
        return ContainerEndpoint(url: url, authorization: authorization)
    }

    /// Plain HTTP is only allowed to addresses that cannot leave the host or task (loopback
    /// and the ECS/EKS link-local agents): credentials must not cross a network in clear.
    static func isAllowedContainerURL(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return false }
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return bare == "localhost" || bare.hasPrefix("127.") || bare == "::1"
            || bare == "169.254.170.2" || bare == "169.254.170.23" || bare == "fd00:ec2::23"
    }

    func containerCredentials(_ endpoint: ContainerEndpoint) async throws(AWSError) -> AWSCredentials {
        let what = "the ECS container credentials endpoint \(endpoint.url)"
        guard let url = URL(string: endpoint.url), Self.isAllowedContainerURL(url) else {
            throw AWSError(
                .invalidCredentials,
                code: "InvalidCredentials",
                "\(what) is not allowed: plain http only to loopback or the ECS/EKS agent addresses, otherwise https"
            )
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token = try endpoint.authorization.get() { headers.append(("Authorization", token)) }
        var lastError = AWSError(.unavailable, "\(what) was not tried")
        for attempt in 1...3 {
            do {
                let response = try await http.send(method: .GET, url: endpoint.url, headers: headers, timeout: containerTimeout, what: what)
                guard response.status == 200 else {
                    lastError = AWSError(
                        response.status == 401 || response.status == 403 ? .invalidCredentials : .unavailable,
                        code: "InvalidCredentials",
                        "\(what) answered HTTP \(response.status)"
                    )
                    if response.status < 500 { break }
                    continue
                }
                return try Self.decodeTemporaryCredentials(response.body, origin: what)
            } catch {
                lastError = error
                if error.reason == .invalidCredentials { break }
                if attempt < 3 { try? await Task.sleep(for: .milliseconds(100 * attempt)) }
            }
        }
        throw lastError
    }
}
