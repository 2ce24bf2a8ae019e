import ArgumentParser
import Foundation
import OBCApp
import OBCCore
import OBCHTTP

/// `obc registrations interrupted`: what a process that died mid-DCR left behind. Only `obc serve`
/// registers (through the Management API); this command reads what it recorded.
extension RegistrationsCommand {
    struct Interrupted: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List registrations interrupted by their process's death while the bank was registering the client (the bank may hold a client from each: ask it to remove the client), one a line: attempted at, bank profile, software statement, registration group, jti, host and pid."
        )

        @Flag(help: "Print JSON, as GET /manage/interrupted-registrations answers.")
        var json = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        func run() async throws {
            try await reportingErrors {
                try await runtimeOptions.withRuntime { runtime in
                    let interrupted = try await runtime.services.bankRegistrations.interruptedRegistrations()
                    if json { return try JSONOutput.print(encodable: InterruptedRegistrationsResponse(interrupted)) }
                    if interrupted.isEmpty { print("No interrupted registrations.") }
                    let format = ISO8601DateFormatter()
                    for attempt in interrupted {
                        print(
                            [
                                format.string(from: attempt.attemptedAt), attempt.bankProfile, attempt.softwareStatementId.lowercasedText,
                                attempt.registrationGroup, "jti \(attempt.jwtId)", "host \(attempt.hostName) pid \(attempt.processId)",
                            ].joined(separator: "  "))
                    }
                }
            }
        }
    }
}
