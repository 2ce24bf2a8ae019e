import Foundation
import OBCTestSupport
import Testing
import X509

/// A SoftHSM2 token made fresh in a temporary folder (its own `softhsm2.conf`, so nothing is
/// shared with any other token), with key pairs generated inside it by OpenSC's pkcs11-tool:
/// sensitive and never extractable, so neither the test nor the product ever holds them.
struct SoftHSMToken: Sendable {
    /// SoftHSM2's PKCS#11 library, found through dpkg (then the usual Debian paths).
    static let module: String? = {
        var candidates: [String] = []
        if let listed = try? SoftHSMToken.output(of: ["dpkg", "-L", "libsofthsm2"], environment: [:]) {
            candidates += listed.split(separator: "\n").map(String.init).filter { $0.hasSuffix("/libsofthsm2.so") }
        }
        candidates += [
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib/softhsm/libsofthsm2.so",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    static let installed =
        module != nil && ["softhsm2-util", "pkcs11-tool"].allSatisfy { (try? output(of: ["which", $0], environment: [:])) != nil }
    /// Skipped where SoftHSM2 is missing, but never on CI (`.ci/run` installs it).
    static let runs = TestEnvironment.runs(needing: installed)
    static let missing = Comment(rawValue: "SoftHSM2 or OpenSC is not installed (apt-get install softhsm2 opensc), so the PKCS#11 tests are skipped")

    let directory: URL
    let label: String
    let pin: String
    var configPath: String { directory.appendingPathComponent("softhsm2.conf").path }
    var environment: [String: String] { ["SOFTHSM2_CONF": configPath] }

    /// A new token labelled `label` in `directory` (a new temporary folder when nil).
    static func make(label: String = "obc", in directory: URL? = nil) throws -> SoftHSMToken {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("obc-hsm-\(UUID().uuidString)")
        let tokens = directory.appendingPathComponent("tokens")
        try FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        let config = "directories.tokendir = \(tokens.path)\nobjectstore.backend = file\nlog.level = ERROR\n"
        try config.write(to: directory.appendingPathComponent("softhsm2.conf"), atomically: true, encoding: .utf8)
        let pin = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        TestRunRecorder.secrets([pin])
        let token = SoftHSMToken(directory: directory, label: label, pin: pin)
        try token.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", String(pin.reversed())])
        return token
    }

    /// Generates a key pair in the token (`rsa:2048` or `EC:prime256v1`) and reads back its public key.
    @discardableResult
    func generateKey(label keyLabel: String, id: String, type: String = "rsa:2048") throws -> Certificate.PublicKey {
        try tool(["--login", "--pin", pin, "--keypairgen", "--key-type", type, "--label", keyLabel, "--id", id])
        let file = directory.appendingPathComponent("public-\(id).der")
        try tool(["--read-object", "--type", "pubkey", "--id", id, "-o", file.path])
        return try Certificate.PublicKey(derEncoded: Array(try Data(contentsOf: file)))
    }

    /// pkcs11-tool's listing of the token's objects (with each key's access flags).
    func listObjects() throws -> String { try tool(["--login", "--pin", pin, "--list-objects"]) }

    /// The product's `OpenBankingConnector:Pkcs11:*` settings for this token, as environment variables.
    func settings(pin: String? = nil, module: String? = Self.module) -> [String: String] {
        [
            "OpenBankingConnector__Pkcs11__ModulePath": module ?? "", "OpenBankingConnector__Pkcs11__TokenLabel": label,
            "OpenBankingConnector__Pkcs11__Pin": pin ?? self.pin,
        ]
    }

    @discardableResult
    func tool(_ arguments: [String]) throws -> String {
        try run(["pkcs11-tool", "--module", Self.module ?? "", "--token-label", label] + arguments)
    }

    @discardableResult
    func run(_ command: [String]) throws -> String { try Self.output(of: command, environment: environment) }

    static func output(of command: [String], environment: [String: String]) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw FixtureError(message: "\(command[0]) failed: \(text)") }
        return text
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
