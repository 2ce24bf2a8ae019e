import Foundation
import OBCPluginAPI
import OBCPluginHTTP

/// Finds Google credentials the way Google's client libraries do (application default
/// credentials), so the connector runs unchanged on a laptop, on GCE, Cloud Run or GKE:
/// 1. `GOOGLE_APPLICATION_CREDENTIALS`: a service-account key file (or authorized-user file);
/// 2. the user's application-default credentials file,
///    `$CLOUDSDK_CONFIG/application_default_credentials.json` or
///    `~/.config/gcloud/application_default_credentials.json`;
/// 3. the metadata server (`GCE_METADATA_HOST`, default `169.254.169.254`).
///
/// Access tokens are cached and fetched again `refreshMargin` before they expire; concurrent
/// callers share one fetch. The environment is passed in so tests can inject it.
public actor GCPCredentialChain {
    let environment: [String: String]
    let http: PluginHTTP
    let tokenURIOverride: String?
    let timeout: Duration
    let metadataTimeout: Duration
    let now: @Sendable () -> Date
    /// How long before expiry a token is replaced.
    public let refreshMargin: TimeInterval

    private let cache: RefreshedCredential<GCPAccessToken>

    init(
        environment: [String: String],
        http: PluginHTTP,
        tokenURIOverride: String? = nil,
        timeout: Duration = .seconds(10),
        metadataTimeout: Duration = .seconds(2),
        refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.http = http
        self.tokenURIOverride = tokenURIOverride
        self.timeout = timeout
        self.metadataTimeout = metadataTimeout
        self.refreshMargin = refreshMargin
        self.now = now
        self.cache = RefreshedCredential(refreshMargin: refreshMargin, now: now)
    }

    /// A current access token, fetching a new one when none is cached or it is about to expire.
    public func token() async throws(GCPError) -> GCPAccessToken {
        try await cache.current { await self.fetch() }
    }

    /// Forgets the cached token, e.g. after the API answered UNAUTHENTICATED.
    public func invalidate() async {
        await cache.invalidate()
    }

    private func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The user's application-default credentials file, as gcloud writes it.
    var wellKnownFile: String? {
        if let directory = value("CLOUDSDK_CONFIG") { return directory + "/application_default_credentials.json" }
        guard let home = value("HOME") else { return nil }
        return home + "/.config/gcloud/application_default_credentials.json"
    }

    var metadataBase: String { "http://\(value("GCE_METADATA_HOST") ?? "169.254.169.254")" }

    private func fetch() async -> Result<GCPAccessToken, GCPError> {
        do {
            if let path = value("GOOGLE_APPLICATION_CREDENTIALS") {
                return .success(try await fetch(from: try GCPCredentialsFile.load(path: path, what: "GOOGLE_APPLICATION_CREDENTIALS")))
            }
            if let path = wellKnownFile, FileManager.default.fileExists(atPath: path) {
                return .success(try await fetch(from: try GCPCredentialsFile.load(path: path, what: "the application-default credentials file")))
            }
        } catch {
            return .failure(error)
        }
        do {
            return .success(try await metadataToken())
        } catch {
            return .failure(
                GCPError(
                    .invalidCredentials,
                    code: "NoCredentials",
                    "no Google credentials were found; tried GOOGLE_APPLICATION_CREDENTIALS (not set), the application-default credentials file "
                        + "\(wellKnownFile ?? "(no HOME)") (absent) and the metadata server (\(error.message))"
                ))
        }
    }

    private func fetch(from file: GCPCredentialsFile) async throws(GCPError) -> GCPAccessToken {
        switch file {
        case .serviceAccount(let key):
            try await key.fetchToken(http: http, tokenURIOverride: tokenURIOverride, timeout: timeout, now: now())
        case .authorizedUser(let user):
            try await user.fetchToken(http: http, tokenURIOverride: tokenURIOverride, timeout: timeout, now: now())
        }
    }

    /// The default service account's token from the metadata server of GCE, Cloud Run or GKE.
    private func metadataToken() async throws(GCPError) -> GCPAccessToken {
        let url = "\(metadataBase)/computeMetadata/v1/instance/service-accounts/default/token"
        let what = "the metadata server at \(metadataBase)"
        let response = try await http.send(method: .GET, url: url, headers: [("Metadata-Flavor", "Google")], timeout: metadataTimeout, what: what)
        guard response.headers.first(name: "Metadata-Flavor") == "Google" else {
            throw GCPError(.unavailable, code: "NotMetadataServer", "\(what) is not a Google metadata server (no Metadata-Flavor: Google header)")
        }
        return try GCPAccessToken.fromTokenResponse(response, what: "the default service account of \(what)", now: now())
    }
}
