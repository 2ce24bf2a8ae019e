import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import OBCPluginAPI
import PostgresNIO

/// Why PostgreSQL cannot be used at start-up, in words: what is wrong and which setting fixes
/// it, as one line with no driver dump and no secret (the password is never part of it).
struct PostgresStartupFailure: Sendable {
    let connection: PostgresConnectionSettings
    /// The configuration key of the connection string (`…:ConnectionStrings:PostgreSql`).
    let connectionSetting: String
    /// Where the password came from, for example "the setting X (named by …)"; nil when none is configured.
    let passwordOrigin: String?
    /// The two keys that can configure a password.
    let passwordSettings: (names: String, sources: String)

    var server: String { "PostgreSQL at \(connection.host):\(connection.port)" }
    var user: String { "user \(connection.username)" }

    /// A misconfiguration naming the fault and the setting for `error`.
    func error(for error: any Error) -> OBCError {
        OBCError(.misconfigured, words(for: error))
    }

    func words(for error: any Error) -> String {
        if let reason = Self.unreachable(error) {
            return "\(server) cannot be reached: \(reason). Check Host and Port in \(connectionSetting), and that the server is running."
        }
        if let tls = tlsWords(for: error) { return tls }
        guard let error = error as? PSQLError else { return "Cannot use \(server): \(Self.brief(error))." }
        if let state = error.serverInfo?[.sqlState] { return serverWords(state: state, message: error.serverInfo?[.message] ?? "") }
        switch error.code {
        case .authMechanismRequiresPassword:
            return """
                \(server) asks \(user) for a password, and no password is configured: set \(passwordSettings.names) to the name of \
                a setting that holds it, or \(passwordSettings.sources) to a secret in a key source.
                """
        case .unsupportedAuthMechanism:
            return "\(server) asks \(user) to authenticate in a way this client does not support; use scram-sha-256 or md5 in pg_hba.conf."
        case .saslError:
            return authenticationFailed
        default:
            return "Cannot use \(server): the connection failed (\(error.code))."
        }
    }

    var authenticationFailed: String {
        let password = passwordOrigin.map { "the password in \($0)" } ?? "the password"
        return "\(server) refused \(user): authentication failed. Check \(password) and Username in \(connectionSetting)."
    }

    func serverWords(state: String, message: String) -> String {
        switch state {
        case "28P01":
            return authenticationFailed
        case "3D000":
            return "\(server) has no database \(connection.database ?? connection.username): create it, or correct Database in \(connectionSetting)."
        case "28000":
            return
                "\(server) refused \(user): \(message). Check Username, Database and SSL Mode in \(connectionSetting), and the server's pg_hba.conf."
        default:
            return "\(server) refused the connection: \(message) (SQLSTATE \(state))."
        }
    }

    func tlsWords(for error: any Error) -> String? {
        let fix = "SSL Mode (and Root Certificate) in \(connectionSetting)"
        if let error = error as? PSQLError, error.code == .sslUnsupported {
            return "\(server) does not offer TLS, and SSL Mode \(connection.tls.rawValue) requires it: enable ssl on the server, or change \(fix)."
        }
        let underlying = (error as? PSQLError)?.underlying ?? error
        if underlying is NIOSSLError || underlying is BoringSSLError || (error as? PSQLError)?.code == .failedToAddSSLHandler {
            return "TLS to \(server) failed (\(underlying)): check \(fix)."
        }
        return nil
    }

    /// The server's words and SQLSTATE, or the driver's failure code: never a driver dump.
    static func brief(_ error: any Error) -> String {
        if let reason = unreachable(error) { return reason }
        guard let error = error as? PSQLError else { return "\(error)" }
        guard let state = error.serverInfo?[.sqlState] else { return "\(error.code)" }
        return "\(error.serverInfo?[.message] ?? "") (SQLSTATE \(state))"
    }

    /// Why the server could not be reached, or nil when it was reached.
    static func unreachable(_ error: any Error) -> String? {
        switch error {
        case let error as PSQLError:
            switch error.code {
            case .connectionError: return error.underlying.flatMap(unreachable) ?? "the connection failed"
            case .serverClosedConnection: return error.underlying.flatMap(unreachable) ?? "the server closed the connection"
            default: return nil
            }
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return unreachable(first.error) ?? "\(first.error)" }
            return "the host name \(error.host) does not resolve"
        case let error as IOError:
            return error.errnoCode == ECONNREFUSED ? "the connection was refused (nothing listens on that port)" : "\(error.description)"
        case let error as ChannelError:
            if case .connectTimeout(let time) = error { return "no connection within \(time.nanoseconds / 1_000_000) ms" }
            return "\(error)"
        case is PostgresProbe.NoAnswer:
            return "no answer within \(PostgresProbe.deadline) (is it a PostgreSQL server?)"
        default:
            return nil
        }
    }
}
