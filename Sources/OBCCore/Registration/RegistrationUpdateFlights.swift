import Foundation
import OBCPluginAPI

/// One bank update per client at a time in this process: a request for a client whose update
/// is in flight joins it and shares its outcome, so concurrent updates make one `PUT` (across
/// processes, the store's update claim does the same; see `updateHoldingClaim`). A nil outcome
/// is an update another process made while this one waited.
actor RegistrationUpdateFlights {
    private var inFlight: [UUID: Task<RegistrationResponse?, any Error>] = [:]

    func run(clientId: UUID, _ operation: @escaping @Sendable () async throws -> RegistrationResponse?) async throws -> RegistrationResponse? {
        if let running = inFlight[clientId] { return try await running.value }
        let task = Task { try await operation() }
        inFlight[clientId] = task
        defer { inFlight[clientId] = nil }
        return try await task.value
    }
}
