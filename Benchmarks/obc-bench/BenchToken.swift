import Foundation
import OBCSimulator
import X509

/// A SoftHSM2 token for `obc-bench hsm`, made fresh in a temporary folder with RSA-2048 OBWAC
/// (id 01) and OBSeal (id 02) key pairs generated inside it by pkcs11-tool. `SOFTHSM2_CONF`
/// is set for this process before anything loads the library (SoftHSM2 reads it once).
struct BenchToken: Sendable {
    let module: String
    let directory: URL
    let pin: String
    let label = "bench"

    static func make() throws -> BenchToken {
        let listed = (try? run(["dpkg", "-L", "libsofthsm2"], environment: [:])) ?? ""
        let candidates =
            listed.split(separator: "\n").map(String.init).filter { $0.hasSuffix("/libsofthsm2.so") } + [
                "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/softhsm/libsofthsm2.so",
            ]
        guard let module = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw BenchFailure("SoftHSM2 is not installed (apt-get install softhsm2 opensc)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("obc-hsmbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tokens"), withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("softhsm2.conf")
        try "directories.tokendir = \(directory.path)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n".write(
            to: config, atomically: true, encoding: .utf8)
        setenv("SOFTHSM2_CONF", config.path, 1)
        let token = BenchToken(module: module, directory: directory, pin: UUID().uuidString)
        _ = try run(["softhsm2-util", "--init-token", "--free", "--label", token.label, "--pin", token.pin, "--so-pin", token.pin], environment: [:])
        for (label, id) in [("obwac", "01"), ("obseal", "02")] {
            _ = try token.tool(["--login", "--pin", token.pin, "--keypairgen", "--key-type", "rsa:2048", "--label", label, "--id", id])
        }
        return token
    }

    func publicKey(id: String) throws -> Certificate.PublicKey {
        let file = directory.appendingPathComponent("public-\(id).der")
        _ = try tool(["--read-object", "--type", "pubkey", "--id", id, "-o", file.path])
        return try Certificate.PublicKey(derEncoded: Array(try Data(contentsOf: file)))
    }

    /// The connector's `Pkcs11` settings for this token, in environment-variable form.
    func settings(maxSessions: Int) -> [String: String] {
        [
            "OpenBankingConnector__Pkcs11__ModulePath": module, "OpenBankingConnector__Pkcs11__TokenLabel": label,
            "OpenBankingConnector__Pkcs11__Pin": pin, "OpenBankingConnector__Pkcs11__MaxSessions": String(max(4, maxSessions)),
        ]
    }

    func tool(_ arguments: [String]) throws -> String {
        try Self.run(["pkcs11-tool", "--module", module, "--token-label", label] + arguments, environment: [:])
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    static func run(_ command: [String], environment: [String: String]) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchFailure("\(command[0]) failed: \(String(decoding: data, as: UTF8.self))") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Where the registration benchmark's OBWAC and OBSeal keys live: `inMemory` (PEM settings of
/// the `Configuration` source, as before) or in a token (`Pkcs11` descriptions, the token's
/// settings, and a simulator PKI whose TPP certificates carry the token's public keys).
struct BenchKeys: Sendable {
    var pki: SimulatorPKI?
    var environment: [String: String] = [:]
    var wac: [String: String] = ["Name": RegistrationBenchEnvironment.wacKeyName]
    var seal: [String: String] = ["Name": RegistrationBenchEnvironment.sealKeyName]

    static let inMemory = BenchKeys()

    static func inToken(_ token: BenchToken, settings: [String: String]) throws -> (BenchKeys, Certificate.PublicKey) {
        let wacKey = try token.publicKey(id: "01")
        let pki = try SimulatorPKI.generate().withTPPKeys(wac: wacKey, seal: try token.publicKey(id: "02"))
        let keys = BenchKeys(
            pki: pki, environment: settings, wac: ["Source": "Pkcs11", "Name": "obwac"], seal: ["Source": "Pkcs11", "Name": "id:02"])
        return (keys, wacKey)
    }
}
