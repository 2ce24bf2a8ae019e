import Foundation
import NIOSSL
import OBCCore
import OBCPluginAPI

/// Who may reach the management listener: refuses a non-loopback address with neither API
/// keys nor mutual TLS unless the operator says the network protects it, and builds the
/// listener's TLS (with client certificates required when a client CA is given).
enum ListenerSecurity {
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    static func check(settings: AppSettings, apiKeys: APIKeyVerifier, mutualTLS: Bool) throws(OBCError) {
        let host = settings.host
        guard !isLoopback(host), apiKeys.isEmpty, !mutualTLS else { return }
        guard try settings.flag(AppSettings.networkIsProtectedKey) else {
            throw OBCError(
                .misconfigured,
                "Refusing to listen on \(host) with no authentication. Configure API keys (\(APIKeyVerifier.section):<Label>:Name) "
                    + "or mutual TLS (\(AppSettings.tlsClientCaFileKey)), or, if the network already protects this port, set "
                    + "\(AppSettings.networkIsProtectedKey)=true.")
        }
    }

    /// The listener's TLS configuration, or nil for plain HTTP.
    static func tlsConfiguration(settings: AppSettings) throws(OBCError) -> TLSConfiguration? {
        let values = settings.values
        let clientCA = values[AppSettings.tlsClientCaFileKey]
        guard let certificateFile = values[AppSettings.tlsCertificateFileKey], let keyFile = values[AppSettings.tlsKeyFileKey] else {
            if clientCA != nil {
                throw OBCError(
                    .misconfigured,
                    "\(AppSettings.tlsClientCaFileKey) needs the listener's own certificate and key: set \(AppSettings.tlsCertificateFileKey) and \(AppSettings.tlsKeyFileKey)."
                )
            }
            return nil
        }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem)))
            if let clientCA {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
                tls.certificateVerification = .noHostnameVerification
            }
            return tls
        } catch {
            throw OBCError(
                .misconfigured,
                "The listener's TLS files cannot be read (\(AppSettings.tlsCertificateFileKey), \(AppSettings.tlsKeyFileKey), \(AppSettings.tlsClientCaFileKey)): \(error)"
            )
        }
    }
}
