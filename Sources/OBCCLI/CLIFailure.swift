import ArgumentParser
import Foundation
import Logging
import OBCCore
import OBCPluginAPI

/// Exit codes a script can rely on. The rule: 64 when the command line is wrong (an option's
/// value included), 65 when the input data is, 78 when the deployment (configuration, a key,
/// the database, an address in use) is.
enum CLIExit {
    /// Some objects failed to decrypt or re-encrypt.
    static let objectsFailed: Int32 = 1
    /// `certificates check`: a certificate expires within the window.
    static let somethingExpires: Int32 = 1
    /// `registrations update`: some client failed to update at its bank.
    static let clientsFailed: Int32 = 1
    /// A wrong option or argument (ArgumentParser's own usage errors also exit 64).
    static let usage: Int32 = 64
    /// Bad input.
    static let invalidInput: Int32 = 65
    /// The deployment is missing something: configuration, a key, the database.
    static let misconfigured: Int32 = 78
}

/// Runs a command body, printing core errors as one clear line and exiting with their code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    try await reportingErrors(report: { printError("error: \($0)") }, body)
}

/// `reportingErrors` for `obc serve`: every error is a log line (JSON when the format is json).
func reportingErrors(to logger: Logger, _ body: () async throws -> Void) async throws {
    do {
        try await reportingErrors(report: { logger.error("\($0)") }, body)
    } catch let exit as ExitCode {
        throw exit
    } catch {
        logger.error("\(error)")
        throw ExitCode.failure
    }
}

private func reportingErrors(report: (String) -> Void, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as OBCError {
        report("\(error)")
        switch error.kind {
        case .invalidRequest, .notFound, .conflict: throw ExitCode(CLIExit.invalidInput)
        default: throw ExitCode(CLIExit.misconfigured)
        }
    } catch let error as CLIUsageError {
        report(error.description)
        throw ExitCode(CLIExit.usage)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
