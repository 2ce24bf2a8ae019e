import ArgumentParser
import Foundation
import OBCApp
import OBCCore
import OBCHTTP
import OBCPluginAPI

/// `obc registrations interrupted`: what a process that died mid-DCR left behind. Only `obc serve`
/// registers (through the Management API); this command reads what it recorded.
extension RegistrationsCommand {
    struct Interrupted: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List registrations interrupted while the bank was registering the client (the process stopped, or the bank never answered in time; the bank may hold a client from each), one a line: id, attempted at, bank profile, software statement, registration group, jti, host and pid, cause and the client id when known. --resolve removes one, deleting its client at the bank where that is possible."
        )

        @Flag(help: "Print JSON, as GET /manage/interrupted-registrations answers.")
        var json = false

        @Option(
            help:
                "Remove this interrupted registration from the list, first deleting its client at the bank when its client id is known and the bank allows it."
        )
        var resolve: String?

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                try await runtimeOptions.withRuntime { runtime in
                    let service = runtime.services.bankRegistrations
                    if let resolve {
                        guard let id = UUID(uuidString: resolve) else { throw OBCError.invalid("resolve", "'\(resolve)' is not a UUID.") }
                        return try Self.report(try await service.resolveInterrupted(id: id), json: json)
                    }
                    let interrupted = try await service.interruptedRegistrations()
                    if json { return try JSONOutput.print(encodable: InterruptedRegistrationsResponse(interrupted)) }
                    if interrupted.isEmpty { print("No interrupted registrations.") }
                    let format = ISO8601DateFormatter()
                    for attempt in interrupted {
                        print(
                            [
                                attempt.id.lowercasedText, format.string(from: attempt.attemptedAt), attempt.bankProfile,
                                attempt.softwareStatementId.lowercasedText, attempt.registrationGroup, "jti \(attempt.jwtId)",
                                "host \(attempt.hostName) pid \(attempt.processId)", attempt.cause?.rawValue ?? "",
                                attempt.externalApiId.map { "client \($0)" } ?? "",
                            ].filter { !$0.isEmpty }.joined(separator: "  "))
                    }
                }
            }
        }

        static func report(_ resolution: InterruptedResolution, json: Bool) throws {
            if json { return try JSONOutput.print(encodable: InterruptedRegistrationResolutionResponse(resolution)) }
            if let deleted = resolution.deletedClientId { print("Deleted client \(deleted) at bank \(resolution.attempt.bankProfile).") }
            for warning in resolution.warnings { print(warning) }
            print("Removed interrupted registration \(resolution.attempt.id.lowercasedText) from the list.")
        }
    }
}
