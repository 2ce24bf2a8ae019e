import Foundation
import NIOSSL
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// Where and how to reach PostgreSQL, parsed from OBC's connection string form
/// (`Host=…;Port=…;Database=…;Username=…;SSL Mode=…;Root Certificate=…`) or a `postgres://`
/// URL (`?sslmode=…&sslrootcert=…`). The password never comes from here: it is supplied
/// apart from the connection string, from a configuration setting or a key source.
public struct PostgresConnectionSettings: Sendable, Equatable {
    /// TLS to the database, with libpq's meanings.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS if the server offers it, without checking its certificate.
        case prefer
        /// TLS or no connection, without checking the server's certificate.
        case require
        /// TLS, the server's certificate checked against `caFile` (or the system roots) and its name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var database: String?
    public var username: String
    public var tls: TLSMode
    public var caFile: String?

    public init(host: String, port: Int = 5432, database: String?, username: String, tls: TLSMode = .prefer, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.tls = tls
        self.caFile = caFile
    }

    /// Parses either form; `setting` names the configuration key in errors.
    public static func parse(_ text: String, setting: String) throws(OBCError) -> PostgresConnectionSettings {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pairs: [String: String]
        if trimmed.lowercased().hasPrefix("postgres://") || trimmed.lowercased().hasPrefix("postgresql://") {
            pairs = try urlPairs(trimmed, setting: setting)
        } else {
            pairs = try keywordPairs(trimmed, setting: setting)
        }
        if pairs["password"] != nil {
            throw OBCError(
                .misconfigured,
                "\(setting) contains a password; keep it out of the connection string and name it with OpenBankingConnector:Database:PasswordSettingNames:PostgreSql or PasswordSources:PostgreSql."
            )
        }
        guard let host = pairs["host"], !host.isEmpty else { throw OBCError(.misconfigured, "\(setting) names no Host.") }
        guard let username = pairs["username"], !username.isEmpty else { throw OBCError(.misconfigured, "\(setting) names no Username.") }
        var port = 5432
        if let text = pairs["port"] {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw OBCError(.misconfigured, "\(setting): Port '\(text)' is not a number from 1 to 65535.")
            }
            port = value
        }
        var tls = TLSMode.prefer
        if let text = pairs["sslmode"] {
            let spelled = text.lowercased().replacingOccurrences(of: "verifyfull", with: "verify-full")
            guard let mode = TLSMode(rawValue: spelled) else {
                let known = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw OBCError(.misconfigured, "\(setting): SSL Mode '\(text)' is not one of \(known).")
            }
            tls = mode
        }
        return PostgresConnectionSettings(
            host: host, port: port, database: pairs["database"], username: username, tls: tls, caFile: pairs["sslrootcert"])
    }

    /// Npgsql's keywords (case and spaces ignored) and their common aliases, to one spelling.
    static let aliases = [
        "host": "host", "server": "host", "port": "port", "database": "database", "db": "database", "username": "username",
        "user": "username", "userid": "username", "uid": "username", "password": "password", "pwd": "password", "sslmode": "sslmode",
        "rootcertificate": "sslrootcert", "sslrootcert": "sslrootcert",
    ]

    static func keywordPairs(_ text: String, setting: String) throws(OBCError) -> [String: String] {
        var pairs: [String: String] = [:]
        for part in text.split(separator: ";") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            let halves = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let keyword = halves[0].lowercased().replacingOccurrences(of: " ", with: "")
            guard halves.count == 2, let name = aliases[keyword] else {
                throw OBCError(.misconfigured, "\(setting): '\(halves[0])' is not a connection string keyword this store understands.")
            }
            pairs[name] = halves[1]
        }
        return pairs
    }

    static func urlPairs(_ text: String, setting: String) throws(OBCError) -> [String: String] {
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw OBCError(.misconfigured, "\(setting) is not a valid postgres:// URL.")
        }
        var pairs = ["host": host]
        if let port = url.port { pairs["port"] = String(port) }
        if let user = url.user { pairs["username"] = user.removingPercentEncoding ?? user }
        if url.password != nil { pairs["password"] = "" }
        let database = String(url.path.drop { $0 == "/" })
        if !database.isEmpty { pairs["database"] = database.removingPercentEncoding ?? database }
        for item in url.queryItems ?? [] {
            guard let name = aliases[item.name.lowercased()] else { continue }
            pairs[name] = item.value ?? ""
        }
        return pairs
    }

    /// The PostgresNIO client configuration for these settings and `password`.
    public func clientConfiguration(password: String?) throws(OBCError) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try tlsConfiguration())
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }

    func tlsConfiguration() throws(OBCError) -> PostgresClient.Configuration.TLS {
        guard let configuration = try nioTLSConfiguration() else { return .disable }
        return tls == .prefer ? .prefer(configuration) : .require(configuration)
    }

    /// NIOSSL's side of ``tls``: nil for `disable`; no certificate check below `verify-full`.
    func nioTLSConfiguration() throws(OBCError) -> TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable:
            return nil
        case .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
            if let caFile {
                guard FileManager.default.isReadableFile(atPath: caFile) else {
                    throw OBCError(.misconfigured, "The database CA file \(caFile) (Root Certificate / sslrootcert) cannot be read.")
                }
                configuration.trustRoots = .file(caFile)
            }
        }
        return configuration
    }
}
