import Foundation
import OBCTestSupport
import Testing

/// Commands the README gives operators, run as written.
@Suite struct ReadmeCommandTests {
    static let readme: String = (try? String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

    /// Walkthrough 1's lines that set the encryption key, run twice in one folder (two server
    /// starts): the second start must get the same key, or the secrets sealed before are lost.
    @Test func walkthroughOneKeepsItsEncryptionKeyAcrossRestarts() throws {
        let lines = Self.readme.split(separator: "\n").map(String.init).filter {
            $0.contains("Encryption__Key1") || $0.contains("encryption-key1.txt")
        }
        .filter { !$0.contains("`") }
        #expect(!lines.isEmpty, "walkthrough 1 sets no encryption key")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obc-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = (lines + ["printf '%s' \"$OpenBankingConnector__Keys__Encryption__Key1\" | sha256sum"]).joined(separator: "\n")
        let first = try Self.bash(script, in: folder)
        let second = try Self.bash(script, in: folder)
        #expect(first.count > 64 && first == second, "the key changed between two starts")
    }

    static func bash(_ script: String, in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", script]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
