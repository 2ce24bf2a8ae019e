import Logging
import NIOCore
import NIOSSL
import OBCPluginAPI
import PostgresNIO

/// One direct connection before the pool starts, so a server that cannot be used stops start-up
/// within seconds with words (``PostgresStartupFailure``), instead of the pool retrying for a
/// minute until its circuit breaker trips.
enum PostgresProbe {
    /// The whole probe: connect, TLS, authentication, the database.
    static let deadline = Duration.seconds(4)
    static let connectTimeout = TimeAmount.seconds(3)

    /// The probe got no answer in time (a peer that accepts TCP but never speaks PostgreSQL).
    struct NoAnswer: Error {}

    /// Connects once and closes; throws the failure's words as a misconfiguration.
    static func check(password: String?, failure: PostgresStartupFailure, logger: Logger) async throws(OBCError) {
        let settings = failure.connection
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: password, database: settings.database,
            tls: try tls(settings, failure: failure))
        configuration.options.connectTimeout = connectTimeout
        let prepared = configuration
        do {
            try await PostgresDeadline.run(limit: deadline, expired: { _ in NoAnswer() }) { ticket in
                let connection = try await PostgresConnection.connect(configuration: prepared, id: 0, logger: logger)
                ticket.leased(connection)
                try await connection.close()
            }
        } catch {
            throw failure.error(for: error)
        }
    }

    static func tls(_ settings: PostgresConnectionSettings, failure: PostgresStartupFailure) throws(OBCError) -> PostgresConnection.Configuration.TLS
    {
        guard let configuration = try settings.nioTLSConfiguration() else { return .disable }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return settings.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw failure.error(for: error)
        }
    }
}
