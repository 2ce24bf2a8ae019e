import ArgumentParser
import Foundation
import OBCCore
import OBCPluginAPI

/// Exit codes a script can rely on.
enum CLIExit {
    /// Some objects failed to decrypt or re-encrypt.
    static let objectsFailed: Int32 = 1
    /// `certificates check`: a certificate expires within the window.
    static let somethingExpires: Int32 = 1
    /// Bad input (ArgumentParser's own usage errors also exit 64).
    static let invalidInput: Int32 = 65
    /// The deployment is missing something: configuration, a key, the database.
    static let misconfigured: Int32 = 78
}

/// Runs a command body, printing core errors as one clear line and exiting with their code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as OBCError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        switch error.kind {
        case .invalidRequest, .notFound, .conflict: throw ExitCode(CLIExit.invalidInput)
        default: throw ExitCode(CLIExit.misconfigured)
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
