import Foundation
import OBCTestSupport

/// `obc` run to completion with its standard output read to the end, for commands whose whole
/// output is checked (a reference, an example file, a completion script of tens of kilobytes).
enum CLIOutput {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
