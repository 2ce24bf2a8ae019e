import Foundation

/// The Python test peers (moto, the OpenAPI validators, schemathesis, swagger-ui-bundle) that
/// `Tests/run` installs from `Tests/requirements.txt` into the repository's `.venv`. Their python
/// is `.venv/bin/python3` when that exists, else `python3` on the PATH. They are checked once
/// per test process: a missing or broken one fails every test that needs it with one line
/// naming the package, not with the noise of a validator that died.
public enum TestPeers {
    /// The pip package each needed module comes from.
    public static let modules: [(module: String, package: String)] = [
        ("moto.server", "moto[server]"), ("boto3", "boto3"), ("openapi_core", "openapi-core"),
        ("openapi_spec_validator", "openapi-spec-validator"), ("schemathesis", "schemathesis"),
        ("swagger_ui_bundle", "swagger-ui-bundle"),
    ]

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// The repository's virtual environment python, if it exists.
    static let venvPython = TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python3")

    /// A process that runs python with `arguments` (not started).
    public static func pythonProcess(_ arguments: [String]) -> Process {
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: venvPython.path) {
            process.executableURL = venvPython
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3"] + arguments
        }
        return process
    }

    /// Nil when every peer imports; else one line naming the first that does not, and why.
    public static let problem: String? = firstProblem(in: modules)

    /// One line naming the first of `modules` that does not import (its package, the error), or nil.
    public static func firstProblem(in modules: [(module: String, package: String)]) -> String? {
        let names = modules.map { "(\"\($0.module)\", \"\($0.package)\")" }.joined(separator: ", ")
        let script = """
            import importlib
            for module, package in [\(names)]:
                try:
                    importlib.import_module(module)
                except Exception as error:
                    print(f"{package}: {type(error).__name__}: {error}".splitlines()[0])
                    break
            """
        let process = pythonProcess(["-c", script])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return "python3 cannot be started (\(error))" }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = output.split(separator: "\n").last.map(String.init) ?? "python exited \(process.terminationStatus)"
        guard process.terminationStatus != 0 || !output.isEmpty else { return nil }
        return line
    }

    /// Throws one line naming the missing or broken peer, and how to install the pinned set.
    public static func require() throws {
        guard let problem else { return }
        throw Missing(
            description:
                "Python test peer missing or broken: \(problem). Install the pinned peers with Tests/run (or python3 -m venv .venv && .venv/bin/pip install -r Tests/requirements.txt)."
        )
    }
}
