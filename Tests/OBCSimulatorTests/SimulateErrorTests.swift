import Foundation
import OBCTestSupport
import Testing

/// Issue 19 item 6: `obc simulate` says what went wrong in words, without
/// `bind(descriptor:…) errno 98` or `NSCocoaErrorDomain Code=4`.
@Suite("obc simulate's errors in words")
struct SimulateErrorTests {
    func expectWords(_ output: String) {
        for detail in ["errno", "bind(", "NSCocoaErrorDomain", "NSPOSIXErrorDomain", "Code=", "UserInfo"] {
            #expect(!output.contains(detail), "\(detail) in: \(output)")
        }
    }

    @Test func aPortInUseIsNamedInWords() async throws {
        try await CLIProcess.with(["simulate", "--port", "0"]) { first in
            try await first.waitForOutput(containing: "obc simulate: listening on", timeout: 120)
            let line = first.text.split(separator: "\n").first { $0.contains("obc simulate: listening on") } ?? ""
            let port = try #require(line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) })
            let second = try await CLIProcess.run(["simulate", "--port", port], timeout: 120)
            #expect(second.status == 78, "\(second.output)")
            #expect(second.output.contains("Cannot listen on 127.0.0.1:\(port): the address is already in use"), "\(second.output)")
            expectWords(second.output)
        }
    }

    @Test func aConfigFolderThatCannotBeMadeIsNamedInWords() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let onFile = try await CLIProcess.run(["simulate", "--port", "0", "--write-config", file.path], timeout: 120)
        #expect(onFile.status == 78, "\(onFile.output)")
        #expect(onFile.output.contains("\(file.path): a file with that name already exists"), "\(onFile.output)")
        expectWords(onFile.output)
        let below = file.appendingPathComponent("config").path
        let belowFile = try await CLIProcess.run(["simulate", "--port", "0", "--write-config", below], timeout: 120)
        #expect(belowFile.status == 78, "\(belowFile.output)")
        #expect(belowFile.output.contains("Cannot prepare the simulator's certificates"), "\(belowFile.output)")
        expectWords(belowFile.output)
    }

    /// A port out of range is a usage error (64), as for `obc serve`, not a listener on another port.
    @Test func aPortOutOfRangeIsAUsageError() async throws {
        let result = try await CLIProcess.run(["simulate", "--port", "99999"], timeout: 60)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("--port '99999' is not a number from 0 to 65535"), "\(result.output)")
        #expect(!result.output.contains("listening on"))
    }
}
