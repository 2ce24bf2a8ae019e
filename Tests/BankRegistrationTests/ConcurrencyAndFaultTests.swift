import Foundation
import Hummingbird
import HummingbirdTesting
import OBCApp
import OBCCore
import OBCHTTP
import OBCOutbound
import OBCPluginAPI
import OBCSQLite
import OBCSimulator
import OBCTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Client re-use under concurrency, and faults", .serialized)
struct ConcurrencyAndFaultTests {
    @Test func fiftyConcurrentPostsPerformOneDCR() async throws {
        let profiles = ["NatWest_NatWest", "NatWest_NatWestBankline", "NatWest_NatWestClearSpend"]
        try await RegistrationHarness.with { harness in
            let ids = IDCollector()
            try await harness.runtime.withServer { client in
                let statement = try await harness.createSoftwareStatement(client)
                try await withThrowingTaskGroup(of: JSONResponse.self) { group in
                    for index in 0..<50 {
                        group.addTask { try await harness.register(client, profile: profiles[index % 3], statement: statement) }
                    }
                    for try await response in group {
                        await ids.add(status: response.status.code, externalId: response["ExternalApiId"] as? String, text: response.text)
                    }
                }
            }
            let results = await ids.results
            #expect(results.count == 50)
            harness.expectOneDCR(results, profiles: profiles)
        }
    }

    @Test func twoServerProcessesOnOneDatabasePerformOneDCR() async throws {
        let profiles = ["Lloyds_LloydsPersonal", "Lloyds_HalifaxPersonal"]
        try await RegistrationHarness.with { harness in
            let statement = try await harness.createSoftwareStatement()
            let environment = harness.runtime.environment
            let serve = ["serve", "--port", "0", "--database", harness.runtime.databasePath]
            try await CLIProcess.serving(serve, environments: [environment, environment]) { bases in
                let results = try await harness.registerConcurrently(at: bases, profiles: profiles, statement: statement)
                harness.expectOneDCR(results, profiles: profiles)
            }
        }
    }

    @Test func bankErrorsPassThroughAsProblems() async throws {
        try await RegistrationHarness.withServer { harness, client, statement in
            harness.simulator.setFault(.status(500, body: #"{"error":"server_error"}"#), on: .register, profileId: "Obie_Model2023")
            let failed = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
            #expect(failed.status.code == 500)
            #expect(failed.contentType == "application/problem+json")
            #expect((failed["endpointUrl"] as? String)?.hasSuffix("/banks/Obie_Model2023/register") == true)
            #expect(failed["endpointHttpMethod"] as? String == "POST")
            #expect((failed["endpointResponse"] as? String)?.contains("server_error") == true)

            harness.simulator.setFault(.delay(.seconds(8)), on: .register, profileId: "Obie_Model2023")
            let slow = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
            #expect(slow.status.code == 504, "\(slow.text)")
            #expect((slow["detail"] as? String)?.contains("/banks/Obie_Model2023/register") == true)
            #expect((slow["detail"] as? String)?.contains("timed out") == true)

            harness.simulator.clearFaults()
            let retried = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
            #expect(retried.status == .created, "\(retried.text)")
        }
    }

    /// An OBWAC certificate the Directory does not trust: the TLS failure names the endpoint.
    @Test func aTLSFailureNamesTheEndpoint() async throws {
        try await RegistrationHarness.with { harness in
            let untrusted = try TestPKI.certificatePEM(key: TestPKI.keys[0])
            try await harness.runtime.withServer { client in
                let good = try await harness.createSoftwareStatement(client)
                let statement = try await client.send(.get, "/manage/software-statements/\(good)")
                let wac = try await client.send(
                    .post, "/manage/obwac-certificates",
                    json: ["AssociatedKey": ["Name": "OpenBankingConnector:Keys:Untrusted"], "Certificate": untrusted])
                let wacId = try #require(wac["Id"] as? String)
                let other = try await client.send(
                    .post, "/manage/software-statements",
                    json: [
                        "OrganisationId": statement["OrganisationId"] as? String ?? "", "SoftwareId": statement["SoftwareId"] as? String ?? "",
                        "SandboxEnvironment": true, "DefaultObWacCertificateId": wacId,
                        "DefaultObSealCertificateId": statement["DefaultObSealCertificateId"] as? String ?? "",
                        "DefaultQueryRedirectUrl": statement["DefaultQueryRedirectUrl"] as? String ?? "",
                        "DefaultFragmentRedirectUrl": statement["DefaultFragmentRedirectUrl"] as? String ?? "",
                    ])
                let otherId = try #require(other["Id"] as? String)
                let failed = try await harness.register(client, profile: "Obie_Model2023", statement: otherId)
                #expect(failed.status == .badGateway, "\(failed.text)")
                #expect(failed.contentType == "application/problem+json")
                let detail = try #require(failed["detail"] as? String)
                #expect(detail.contains(harness.simulator.directoryTokenURL))
                #expect(failed["endpointUrl"] as? String == harness.simulator.directoryTokenURL)
            }
        }
    }

    @Test func theBankRejectsAWrongAudienceAndTheReasonReachesTheCaller() async throws {
        try await RegistrationHarness.withServer(connectorOnly: [
            "OpenBankingConnector__BankProfiles__Obie__Model2023__FinancialId": "not-the-bank"
        ]) { harness, client, statement in
            let rejected = try await harness.register(client, profile: "Obie_Model2023", statement: statement)
            #expect(rejected.status == .badRequest)
            #expect((rejected["endpointResponse"] as? String)?.contains("invalid_client_metadata") == true, "\(rejected.text)")
            #expect((rejected["endpointResponse"] as? String)?.contains("aud") == true)
        }
    }

    /// Storing the registration fails after the bank created the client. The fault cannot be
    /// caused for real on demand, so a store wrapper fails that one write.
    @Test(arguments: [("Obie_Model2023", true), ("NatWest_NatWest", false)])
    func storageFailureAfterDCRLeavesNoOrphan(profile: String, bankDeletes: Bool) async throws {
        try await RegistrationHarness.with { harness in
            let settings = try AppSettings(
                flags: [AppSettings.databasePathKey: harness.runtime.databasePath], environment: harness.runtime.environment)
            let sqlite = try SQLiteStore(path: harness.runtime.databasePath)
            let store = FailingRegistrationStore(base: sqlite)
            let registry = try PluginRegistrar.build(plugins: pluginList, configuration: settings.values, logger: harness.runtime.logs.logger())
            let http = try AsyncHTTPOutbound(extraTrustRootsPEMFile: settings.values[AppSettings.extraTrustRootsKey], timeout: .seconds(5))
            let services = ManagementServices(registry: registry, store: store, http: http, configuration: settings.values)
            let app = Application(
                router: buildRouter(services: services, startupReport: StartupReport()),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                let statement = try await harness.createSoftwareStatement(client)
                store.failNextRegistrationInsert()
                let failed = try await harness.register(client, profile: profile, statement: statement)
                #expect(failed.status == .internalServerError)
                #expect(harness.simulator.registrationPosts(profile) == 1)
                let created = harness.simulator.registeredClients(profile).map(\.clientId)
                if bankDeletes {
                    #expect(created.isEmpty)
                    #expect(harness.simulator.deletedClients.count == 1)
                } else {
                    #expect(created.count == 1)
                    #expect(harness.simulator.deletedClients.isEmpty)
                }
                let retry = try await harness.register(client, profile: profile, statement: statement)
                #expect(retry.status == .created, "\(retry.text)")
                if bankDeletes {
                    #expect(harness.simulator.registrationPosts(profile) == 2)
                } else {
                    #expect(retry["ExternalApiId"] as? String == created.first)
                    #expect(harness.simulator.registrationPosts(profile) == 1)
                }
            }
        }
    }
}

/// The real SQLite store, except that one bank-registration insert can be made to fail.
final class FailingRegistrationStore: Store, @unchecked Sendable {
    let base: SQLiteStore
    let failing: FailingRepository

    init(base: SQLiteStore) {
        self.base = base
        self.failing = FailingRepository(base: base.bankRegistrations)
    }

    func failNextRegistrationInsert() { failing.armed.withLock { $0 = true } }

    var obWacCertificates: any RecordRepository<ObWacCertificate> { base.obWacCertificates }
    var obSealCertificates: any RecordRepository<ObSealCertificate> { base.obSealCertificates }
    var softwareStatements: any RecordRepository<SoftwareStatement> { base.softwareStatements }
    var encryptionKeyDescriptions: any RecordRepository<EncryptionKeyDescription> { base.encryptionKeyDescriptions }
    var settings: any SettingsRepository { base.settings }
    var encryptedObjects: any EncryptedObjectRepository { base.encryptedObjects }
    var bankRegistrations: any RecordRepository<BankRegistration> { failing }
    var bankClients: any BankClientRepository { base.bankClients }
    var instances: any InstanceHeartbeatRepository { base.instances }
    var registrationAttempts: any RegistrationAttemptRepository { base.registrationAttempts }
    func exportRecords() async throws -> StoreSnapshot { try await base.exportRecords() }
    func importRecords(_ snapshot: StoreSnapshot) async throws { try await base.importRecords(snapshot) }

    final class FailingRepository: RecordRepository, @unchecked Sendable {
        let base: any RecordRepository<BankRegistration>
        let armed = NSLockedValue(false)
        init(base: any RecordRepository<BankRegistration>) { self.base = base }

        func insert(_ record: BankRegistration) async throws {
            if armed.withLock({ value in
                defer { value = false }; return value
            }) {
                throw OBCError(.internal, "Simulated storage failure.")
            }
            try await base.insert(record)
        }
        func find(id: UUID) async throws -> BankRegistration? { try await base.find(id: id) }
        func list() async throws -> [BankRegistration] { try await base.list() }
        func update(_ record: BankRegistration) async throws { try await base.update(record) }
        func softDelete(id: UUID, at date: Date, by deletedBy: String?) async throws { try await base.softDelete(id: id, at: date, by: deletedBy) }
    }
}

/// A value behind a lock.
final class NSLockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}
