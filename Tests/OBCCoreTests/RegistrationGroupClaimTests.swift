import Foundation
import OBCMemory
import OBCPluginAPI
import OBCTestKit
import Testing

@testable import OBCCore

/// The registration-group claim rule (one client per software statement, bank group and
/// registration group) on the light kit: the in-memory store and a fixed clock the test moves.
@Suite("Registration-group claims")
struct RegistrationGroupClaimTests {
    let store = MemoryStore()
    let clock = FixedClock()
    let profile = BankProfile(id: "Test_Bank", group: "Test", bank: "Bank", issuerUrl: "https://bank.example", financialId: "fid")
    let key = BankClient.Key(softwareStatementId: UUID(), bankGroup: "Test", registrationGroup: "Production")

    func claim(lease: RegistrationLease = RegistrationLease()) -> RegistrationGroupClaim {
        RegistrationGroupClaim(store: store, now: clock.now, lease: lease)
    }

    var request: BankRegistrationService.Request { .init(bankProfile: profile.id, softwareStatementId: key.softwareStatementId) }

    @Test func theFirstRequestClaimsAndLaterOnesReuseTheActiveClient() async throws {
        guard case .claimed(var client) = try await claim().claim(key, request: request, profile: profile) else {
            Issue.record("the first request did not claim the group")
            return
        }
        client.externalApiId = "bank-client"
        try await store.bankClients.activate(client)
        guard case .active(let reused) = try await claim().claim(key, request: request, profile: profile) else {
            Issue.record("a later request did not re-use the active client")
            return
        }
        #expect(reused.id == client.id && reused.externalApiId == "bank-client")
    }

    @Test func aWaiterGivesUpWhileTheHoldersInstanceBeats() async throws {
        let holder = RegistrationLease(heartbeat: .seconds(1), outboundDeadline: .seconds(2))
        _ = try await claim(lease: holder).claim(key, request: request, profile: profile)
        // The holder's instance beats throughout; the waiter's clock moves a second a look.
        let beat = clock.now().addingTimeInterval(3600)
        try await store.instances.beat(
            InstanceHeartbeat(instanceId: holder.instanceId, hostName: "h", processId: 1, startedAt: beat, lastBeatAt: beat, beatInterval: 1))
        let ticking = FixedClock(clock.now(), tick: 1)
        let waiter = RegistrationGroupClaim(
            store: store, now: ticking.now, lease: RegistrationLease(heartbeat: .seconds(1), outboundDeadline: .seconds(2)))
        let error = await #expect(throws: OBCError.self) { try await waiter.claim(key, request: request, profile: profile) }
        #expect(error?.kind == .unavailable && error?.detail.contains("Production") == true, "\(String(describing: error))")
    }

    @Test func theClaimOfASilentHolderIsTakenOverOnceStale() async throws {
        let holder = RegistrationLease(heartbeat: .seconds(1))
        guard case .claimed(let first) = try await claim(lease: holder).claim(key, request: request, profile: profile) else {
            Issue.record("the first request did not claim the group")
            return
        }
        clock.advance(by: holder.lifetime + 1)
        let taker = claim(lease: RegistrationLease(heartbeat: .seconds(1)))
        guard case .claimed(let taken) = try await taker.claim(key, request: request, profile: profile) else {
            Issue.record("a stale claim of a silent holder was not taken over")
            return
        }
        #expect(taken.id == first.id && taken.claimedBy != first.claimedBy)
    }
}
