import ArgumentParser
import Crypto
import Foundation
import Logging
import OBCApp
import OBCCore
import OBCPluginAPI
import OBCSimulator

/// `obc simulate`: a simulated OB Directory and one simulated bank per bank profile on one
/// HTTPS port, so onboarding can be tried end to end offline. With `--write-config` it also
/// writes the certificates, keys and an `obc serve` configuration that points at it.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated OB Directory and banks (mutual TLS) until SIGINT or SIGTERM.",
        discussion: """
            With --write-config DIR, writes (reusing material already in DIR) ca.pem, obwac.pem, obwac-key.pem, obseal.pem, \
            obseal-key.pem, obc.yaml (configuration for `obc serve`), tpp.env (the simulated TPP's ids and redirect URLs as \
            shell variables: `source DIR/tpp.env`) and NEXT-STEPS.md.
            """
    )

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on, 0 to 65535 (0 picks a free port).")
    var port = 4443

    @Option(name: .customLong("write-config"), help: "Folder for certificates, keys, obc.yaml and NEXT-STEPS.md.")
    var writeConfig: String?

    func run() async throws {
        try await reportingErrors {
            guard (0...65535).contains(port) else { throw CLIUsageError("--port '\(port)' is not a number from 0 to 65535.") }
            let logger = Logger(label: "obc.simulate")
            let registry = try PluginRegistrar.build(plugins: pluginList, configuration: ConfigurationValues(), logger: logger)
            let profiles = registry.bankProfiles.values.sorted { $0.id < $1.id }
            let directory = writeConfig.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
            let pki: SimulatorPKI
            do {
                pki = try directory.map { try SimulatorPKI.loadOrGenerate(in: $0) } ?? SimulatorPKI.generate()
            } catch let error as OBCError {
                throw error
            } catch {
                throw OBCError(.misconfigured, "Cannot prepare the simulator's certificates: \(SystemErrorText.describe(error)).")
            }
            let simulator: SimulatedOpenBanking
            do {
                simulator = try await SimulatedOpenBanking.start(
                    pki: pki, profiles: profiles, host: host, port: port, handlingSignals: true, logger: logger)
            } catch {
                throw OBCError(.misconfigured, "Cannot listen on \(host):\(port): \(SystemErrorText.describe(error)).")
            }
            if let directory {
                do {
                    try SimulatorConfigWriter(simulator: simulator, directory: directory).write()
                } catch {
                    await simulator.stop()
                    throw OBCError(.misconfigured, "Cannot write the configuration to \(directory.path): \(SystemErrorText.describe(error)).")
                }
                say("Wrote obc.yaml, tpp.env, certificates and NEXT-STEPS.md to \(directory.path)")
            }
            say("TPP: organisation \(simulator.tpp.organisationId), software \(simulator.tpp.softwareId), OBSeal kid \(simulator.tpp.obSealKeyId)")
            say("Directory token URL: \(simulator.directoryTokenURL)")
            say("Banks: \(simulator.baseURL)/banks/{BankProfile} (\(profiles.count) profiles)")
            if let directory {
                let shell = directory.appendingPathComponent(SimulatorConfigWriter.shellVariablesFile).path
                say("Next: follow \(directory.appendingPathComponent(SimulatorConfigWriter.nextStepsFile).path); `source \(shell)` sets SIM_* ids")
            }
            say("obc simulate: listening on \(simulator.baseURL)")
            try await simulator.waitUntilStopped()
            if let directory {
                say("obc simulate: stopped; obc.yaml, tpp.env and the certificates stay in \(directory.path) and are reused next time")
            } else {
                say("obc simulate: stopped")
            }
        }
    }
}

/// Writes a line to stdout unbuffered, so scripts and tests reading a pipe see it at once.
private func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
