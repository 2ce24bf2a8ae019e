import Foundation

/// Runs python for test peers (validators, moto): the pinned ones in `.venv` (see `TestPeers`).
public enum PythonTool {
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try TestPeers.require()
        let process = TestPeers.pythonProcess(arguments)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
