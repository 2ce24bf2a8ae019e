import Foundation
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCTestSupport
import Testing

/// Every profile the registry holds (never a fixed list), registered against the simulator
/// with GET and DELETE following the profile's own rules.
@Suite("Every shipped bank profile end to end against the simulator", .serialized)
struct EveryProfileTests {
    static let registry = Result {
        try PluginRegistrar.build(plugins: pluginList, configuration: ConfigurationValues(), logger: Logger(label: "test"))
    }
    static var profileIds: [String] { ((try? registry.get())?.bankProfiles.keys.sorted()) ?? [] }

    @Test func theArgumentsAreTheRegistrysProfiles() throws {
        let registry = try Self.registry.get()
        #expect(!Self.profileIds.isEmpty)
        #expect(Set(Self.profileIds) == Set(registry.bankGroups.values.flatMap { $0.profiles.map(\.id) }))
    }

    @Test(arguments: EveryProfileTests.profileIds)
    func registersReadsAndDeletes(profileId: String) async throws {
        let registry = try Self.registry.get()
        let profile = try #require(registry.bankProfiles[profileId])
        let group = try #require(registry.bankGroups[profile.group])
        try await RegistrationHarness.withServer { harness, client, statement in
            let simulator = harness.simulator
            var extra: [String: any Sendable] = [:]
            // A scope-dependent registration group (Monzo) needs one API per client.
            if group.registrationGroupDependsOnScope { extra["RegistrationScope"] = "AccountAndTransaction" }
            if !profile.useRegistrationEndpoint {
                extra["ExternalApiId"] = "portal-\(profileId)"
                if [.clientSecretPost, .clientSecretBasic].contains(profile.tokenEndpointAuthMethod) {
                    extra["ExternalApiSecret"] = "portal-secret-\(profileId)"
                }
            }
            let created = try await harness.register(client, profile: profileId, statement: statement, extra: extra)
            #expect(created.status == .created, "\(profileId): \(created.text)")
            let id = try #require(created["Id"] as? String)
            let clientId = try #require(created["ExternalApiId"] as? String)
            #expect(created["TokenEndpointAuthMethod"] as? String == profile.tokenEndpointAuthMethod.obcName)
            #expect(simulator.registrationPosts(profileId) == (profile.useRegistrationEndpoint ? 1 : 0))
            if profile.useRegistrationEndpoint {
                #expect(simulator.registeredClients(profileId).map(\.clientId) == [clientId])
                // Timestamps the bank sends in milliseconds are read as such: OBC's shape
                // answers them as date-times, which must be today's, not 50,000 years ahead.
                let response = try #require(created["ExternalApiResponse"] as? [String: Any])
                for name in ["client_id_issued_at", "iat", "exp"] {
                    guard let text = response[name] as? String else { continue }
                    let date = try #require(ISO8601DateFormatter().date(from: text), "\(profileId) \(name) \(text)")
                    #expect(abs(date.timeIntervalSinceNow) < 86_400, "\(profileId) \(name) \(text)")
                }
                if profile.quirks[BankDifferences.IssuedAtAndExpiryInMilliseconds.self] { #expect(response["iat"] is String, "\(profileId)") }
            } else {
                #expect(clientId == "portal-\(profileId)")
            }

            let read = try await client.send(.get, "/manage/bank-registrations/\(id)")
            #expect(read.status == .ok, "\(profileId): \(read.text)")
            let readsAtBank = profile.useRegistrationEndpoint && profile.useRegistrationGetEndpoint ? 1 : 0
            #expect(simulator.registrationGets(profileId) == readsAtBank, "\(profileId)")

            let deleted = try await client.send(.delete, "/manage/bank-registrations/\(id)")
            #expect(deleted.status == .ok, "\(profileId): \(deleted.text)")
            let deletesAtBank = profile.useRegistrationEndpoint && profile.useRegistrationDeleteEndpoint
            #expect(simulator.deletedClients.contains(clientId) == deletesAtBank, "\(profileId)")
            #expect(try await client.send(.get, "/manage/bank-registrations/\(id)").status == .notFound)
        }
    }
}
