import Foundation
import OBCCore
import OBCPluginAPI
import Synchronization
import X509

/// Everything the simulated Directory and banks remember between requests (clients, tokens,
/// seen `jti`s, counters, faults), behind one lock so route handlers on any event loop and
/// the tests' in-process API see the same facts.
final class SimulatorState: Sendable {
    struct StoredClient: Sendable {
        var client: RegisteredClient
        var clientSecret: String?
        var registrationAccessToken: String?
        /// The 201 body, reused for `GET /register/{ClientId}`.
        var response: JSONValue
    }

    struct BankToken: Sendable {
        var profileId: String
        var clientId: String
        var expiry: Date
    }

    struct FaultKey: Hashable, Sendable {
        var endpoint: SimulatorEndpoint
        var profileId: String?
    }

    struct Values: Sendable {
        var baseURL = ""
        var clients: [String: [String: StoredClient]] = [:]
        var seenJTIs: [String: Set<String>] = [:]
        var directoryTokens: [String: Date] = [:]
        var bankTokens: [String: BankToken] = [:]
        var registrationPosts: [String: Int] = [:]
        var registrationGets: [String: Int] = [:]
        var registrationPuts: [String: Int] = [:]
        /// The TLS client certificate each `POST /register` presented (the handshake proved its key).
        var registrationCertificates: [String: [Certificate]] = [:]
        /// Profiles whose bank answers `PUT /register/{ClientId}` with 405.
        var updatesRefused: Set<String> = []
        /// The SSA's `software_redirect_uris` when a test changed them at the Directory.
        var softwareRedirectURIs: [String]?
        var tokenRequests: [String: Int] = [:]
        var discoveryRequests: [String: Int] = [:]
        var directoryTokenRequests = 0
        var ssaRequests = 0
        var deletedClients: [String] = []
        /// Every client secret, registration access token and access token a bank issued, per profile.
        var issuedSecrets: [String: [String]] = [:]
        var faults: [FaultKey: SimulatorFault] = [:]
        /// Requests that reached an endpoint, before any injected fault or delay.
        var arrivals: [FaultKey: Int] = [:]
    }

    private let values = Mutex(Values())

    func withValues<T: Sendable>(_ body: (inout Values) -> T) -> T {
        values.withLock { body(&$0) }
    }

    var baseURL: String { withValues { $0.baseURL } }

    /// The fault for `endpoint` on `profileId`, falling back to one set for every profile; counts
    /// the request's arrival.
    func fault(_ endpoint: SimulatorEndpoint, profileId: String?) -> SimulatorFault? {
        withValues { values in
            values.arrivals[FaultKey(endpoint: endpoint, profileId: profileId), default: 0] += 1
            if let profileId, let fault = values.faults[FaultKey(endpoint: endpoint, profileId: profileId)] { return fault }
            return values.faults[FaultKey(endpoint: endpoint, profileId: nil)]
        }
    }

    /// Records `jti` for `scope`; false when it was seen before (a replay).
    func recordJTI(_ jti: String, scope: String) -> Bool {
        withValues { values in values.seenJTIs[scope, default: []].insert(jti).inserted }
    }

    /// The counters as JSON, for `GET /simulator/state`.
    func snapshot() -> JSONValue {
        withValues { values in
            func counts(_ dictionary: [String: Int]) -> JSONValue { .object(dictionary.mapValues { .number(Double($0)) }) }
            return .object([
                "baseUrl": .string(values.baseURL),
                "registrationPosts": counts(values.registrationPosts),
                "registrationGets": counts(values.registrationGets),
                "registrationPuts": counts(values.registrationPuts),
                "tokenRequests": counts(values.tokenRequests),
                "discoveryRequests": counts(values.discoveryRequests),
                "directoryTokenRequests": .number(Double(values.directoryTokenRequests)),
                "ssaRequests": .number(Double(values.ssaRequests)),
                "registeredClients": .object(values.clients.mapValues { .array($0.keys.sorted().map(JSONValue.string)) }),
                "deletedClients": .array(values.deletedClients.map(JSONValue.string)),
            ])
        }
    }
}
