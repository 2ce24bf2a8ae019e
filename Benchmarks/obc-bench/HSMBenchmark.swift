import ArgumentParser
import Foundation
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCSimulator
import X509

/// `obc-bench hsm` (issue 21): PS256 signatures per second by a key in a SoftHSM2 token against
/// the same signature made in-process by swift-crypto, then full registrations per second with
/// the OBWAC and OBSeal keys in the token against in-memory keys, each pair alternating in
/// rounds in one run. The token is made fresh in a temporary folder.
struct HSMBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hsm",
        abstract: "PS256 signatures/s and full registrations/s with keys in a SoftHSM2 token against in-process keys.")

    @Option(help: "PS256 signatures to time for each key.")
    var signatures = 2000

    @Option(help: "Full registrations to time for each kind of key.")
    var registrations = 100

    @Option(help: "Signatures or registrations in flight at once (and token sessions).")
    var concurrency = 1

    @Option(help: "Rounds alternating the two kinds of key.")
    var rounds = 5

    @Option(help: "Profile of the full registrations.")
    var profile = "Obie_Model2023"

    func validate() throws {
        guard signatures >= 1, registrations >= 1, concurrency >= 1, rounds >= 1 else {
            throw ValidationError("--signatures, --registrations, --concurrency and --rounds must be at least 1.")
        }
    }

    func run() async throws {
        print("obc-bench hsm: --signatures \(signatures) --registrations \(registrations) --concurrency \(concurrency) --rounds \(rounds)")
        print(RegistrationBenchmark.machine())
        let token = try BenchToken.make()
        defer { token.remove() }
        print("token: SoftHSM2 \(token.module), fresh in \(token.directory.path); RSA-2048 keys generated inside it, never extractable")
        let settings = token.settings(maxSessions: concurrency)
        try await compareSignatures(token: token, settings: settings)
        try await compareRegistrations(token: token, settings: settings)
    }

    func compareSignatures(token: BenchToken, settings: [String: String]) async throws {
        let configuration = ConfigurationValues.environment(settings)
        let registry = try PluginRegistrar.build(plugins: pluginList, configuration: configuration, logger: Logger(label: "obc-bench"))
        let secrets = SecretResolver(registry: registry)
        let tokenKey = try await secrets.signer(SecretDescription(source: SecretSource("Pkcs11"), name: "obseal"), field: "AssociatedKey")
        let memoryKey = try SimulatorPKI.generate().obSealSigningKey()
        let message = Array(String(repeating: "x", count: 1200).utf8)  // about a DCR request's signing input
        var (tokenSamples, memorySamples) = (Samples(), Samples())
        for round in 0..<rounds {
            let count = signatures * (round + 1) / rounds - signatures * round / rounds
            tokenSamples.add(
                try await timeEach(count: count, concurrency: concurrency) { _ in _ = try await tokenKey.sign(message, with: .rsaPSSSHA256) })
            memorySamples.add(
                try await timeEach(count: count, concurrency: concurrency) { _ in _ = try await memoryKey.sign(message, with: .rsaPSSSHA256) })
        }
        let (inToken, inMemory) = (LatencySummary(tokenSamples), LatencySummary(memorySamples))
        print("")
        print(inToken.line("PS256 signatures, key in SoftHSM2 (c=\(concurrency))"))
        print(inMemory.line("PS256 signatures, in-process swift-crypto (c=\(concurrency))"))
        print(String(format: "token / in-process signatures per second: %.2f", inToken.perSecond / inMemory.perSecond))
    }

    func compareRegistrations(token: BenchToken, settings: [String: String]) async throws {
        let (keys, wacPublicKey) = try BenchKeys.inToken(token, settings: settings)
        let memory = try await RegistrationBenchEnvironment.start(connections: concurrency)
        let inToken: RegistrationBenchEnvironment
        do {
            inToken = try await RegistrationBenchEnvironment.start(connections: concurrency, keys: keys)
        } catch {
            await memory.stop()
            throw error
        }
        do {
            try await compareRegistrations(memory: memory, inToken: inToken, wacPublicKey: wacPublicKey)
        } catch {
            await memory.stop()
            await inToken.stop()
            throw error
        }
        await memory.stop()
        await inToken.stop()
    }

    func compareRegistrations(memory: RegistrationBenchEnvironment, inToken: RegistrationBenchEnvironment, wacPublicKey: Certificate.PublicKey)
        async throws
    {
        var statements: [[String]] = []
        for environment in [memory, inToken] {
            let (wac, seal) = try await environment.createCertificatesAndKey()
            var list: [String] = []
            for _ in 0..<(registrations + 1) { list.append(try await environment.createSoftwareStatement(wac: wac, seal: seal)) }
            try await environment.register(profile: profile, statement: list.removeLast())  // warm-up
            statements.append(list)
        }
        var samples = [Samples(), Samples()]
        let profile = profile
        for round in 0..<rounds {
            let first = registrations * round / rounds
            let count = registrations * (round + 1) / rounds - first
            for (index, environment) in [memory, inToken].enumerated() {
                let list = statements[index]
                samples[index].add(
                    try await timeEach(count: count, offset: first, concurrency: concurrency) { at in
                        try await environment.register(profile: profile, statement: list[at])
                    })
            }
        }
        let (inMemory, tokenSummary) = (LatencySummary(samples[0]), LatencySummary(samples[1]))
        print(inMemory.line("registrations, in-memory keys (\(profile), c=\(concurrency))"))
        print(tokenSummary.line("registrations, keys in SoftHSM2 (\(profile), c=\(concurrency))"))
        print(String(format: "token / in-memory registrations per second: %.2f", tokenSummary.perSecond / inMemory.perSecond))
        let presented = inToken.simulator.registrationCertificates(profile).last?.publicKey
        guard presented == wacPublicKey else { throw BenchFailure("the token environment's bank did not see the token's OBWAC") }
    }
}
