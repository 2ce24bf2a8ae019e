import Foundation
import OBCPluginAPI

/// Bulk renewal: brings every bank client of a software statement up to the statement as it is
/// now (after its certificates or redirect URLs changed), one `PUT /register/{ClientId}` per
/// client that is behind, going on past failures. Whether a client is behind is read from the
/// store each time (`BankClient.isBehind`), so a re-run after a crash or a partial failure
/// updates only what is still behind, and a run beside another makes no second `PUT` (the
/// update claim, `BankRegistrationService.update`).
public struct RenewalService: Sendable {
    /// After each client: how many are done of how many, and the item just finished.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var elapsed: Duration
        public var item: RenewalItem?
    }

    let store: any Store
    let registrations: BankRegistrationService

    public init(store: any Store, registrations: BankRegistrationService) {
        self.store = store
        self.registrations = registrations
    }

    /// What a run would do, without calling any bank.
    public func plan(softwareStatementId: UUID) async throws -> RenewalReport {
        let planned = try await items(of: softwareStatementId)
        return RenewalReport(softwareStatementId: softwareStatementId, dryRun: true, items: planned)
    }

    /// Updates each client that is behind, one at a time, reporting progress after each.
    public func run(softwareStatementId: UUID, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> RenewalReport {
        let clock = ContinuousClock()
        let start = clock.now
        var outcomes = try await items(of: softwareStatementId)
        let total = outcomes.filter { $0.status == .wouldUpdate }.count
        var done = 0
        progress(Progress(done: 0, total: total, elapsed: .zero, item: nil))
        for index in outcomes.indices where outcomes[index].status == .wouldUpdate {
            outcomes[index] = await update(outcomes[index])
            done += 1
            progress(Progress(done: done, total: total, elapsed: clock.now - start, item: outcomes[index]))
        }
        return RenewalReport(softwareStatementId: softwareStatementId, dryRun: false, items: outcomes)
    }

    /// Updates one client through one of its registrations; its failure is the item's.
    func update(_ item: RenewalItem) async -> RenewalItem {
        var result = item
        do {
            _ = try await registrations.update(id: item.registrationIds[0])
            result.status = .updated
            result.detail = nil
        } catch let error as OBCError {
            result.status = .failed
            result.detail = error.detail
        } catch {
            result.status = .failed
            result.detail = "The update failed: \(type(of: error))."
        }
        return result
    }

    /// One item per live client with live registrations of the statement, by bank profile then
    /// client id, each `wouldUpdate`, `upToDate` or `notSupported`.
    func items(of softwareStatementId: UUID) async throws -> [RenewalItem] {
        let statement = try await store.softwareStatements.require(id: softwareStatementId)
        let live = try await store.bankRegistrations.list().filter { $0.softwareStatementId == softwareStatementId }
        let byClient = Dictionary(grouping: live, by: \.bankClientId)
        var items: [RenewalItem] = []
        for (clientId, users) in byClient {
            guard let client = try await store.bankClients.find(id: clientId) else { continue }
            items.append(item(client, registrations: users, statement: statement))
        }
        items.sort { ($0.bankProfile, $0.clientId.lowercasedText) < ($1.bankProfile, $1.clientId.lowercasedText) }
        return items
    }

    func item(_ client: BankClient, registrations users: [BankRegistration], statement: SoftwareStatement) -> RenewalItem {
        let first = users.min { $0.id.lowercasedText < $1.id.lowercasedText } ?? users[0]
        var item = RenewalItem(
            clientId: client.id, externalApiId: client.externalApiId ?? "", bankProfile: first.bankProfile, bankGroup: client.bankGroup,
            dcrVersion: nil, request: nil, obWacCertificateId: statement.defaultObWacCertificateId,
            obSealCertificateId: statement.defaultObSealCertificateId, registrationScope: client.registrationScope.name,
            registrationIds: users.map(\.id).sorted { $0.lowercasedText < $1.lowercasedText },
            status: client.isBehind(statement) ? .wouldUpdate : .upToDate, detail: nil)
        do {
            let (profile, group) = try registrations.bankGroup(of: first.bankProfile)
            item.dcrVersion = profile.dcrVersion.rawValue
            guard group.registrationEndpoints(for: profile).put, let endpoint = first.registrationEndpoint else {
                if item.status == .wouldUpdate {
                    item.status = .notSupported
                    item.detail = BankRegistrationService.updateUnsupported(profile)
                }
                return item
            }
            item.request = "PUT " + RegisteredClientOperations.clientURL(endpoint, client.externalApiId ?? "")
        } catch {
            if item.status == .wouldUpdate {
                item.status = .notSupported
                item.detail = String(describing: error)
            }
        }
        return item
    }
}
