import Crypto
import Foundation
import OBCCore
import OBCPluginAPI

/// Writes what `obc serve` needs to onboard against a running simulator: the TPP's
/// certificates and keys, an `obc.yaml` pointing the Directory, trust roots and unconfigured
/// bank profiles at the simulator, and `NEXT-STEPS.md` with the exact commands to continue.
/// Existing material in the folder (PKI, encryption key) is reused so restarts stay consistent.
public struct SimulatorConfigWriter: Sendable {
    public let simulator: SimulatedOpenBanking
    public let directory: URL

    public static let encryptionKeyFile = "encryption-key1.b64"
    public static let configFile = "obc.yaml"
    public static let nextStepsFile = "NEXT-STEPS.md"
    public static let shellVariablesFile = "tpp.env"

    public init(simulator: SimulatedOpenBanking, directory: URL) {
        self.simulator = simulator
        self.directory = directory
    }

    /// Writes the PEM files, `obc.yaml` and `NEXT-STEPS.md`.
    public func write() throws {
        try simulator.pki.write(to: directory)
        let encryptionKey = try loadOrCreateEncryptionKey()
        try writeFile(Self.configFile, configYAML(encryptionKey: encryptionKey), secret: true)
        try writeFile(Self.nextStepsFile, nextSteps(), secret: false)
        try writeFile(Self.shellVariablesFile, shellVariables(), secret: false)
    }

    /// `tpp.env`: the simulated TPP's identifiers as shell variables, so scripts and the README
    /// walkthrough can `source` them instead of copying generated ids by hand.
    public func shellVariables() -> String {
        let tpp = simulator.tpp
        return """
            # Written by `obc simulate --write-config`: source it in a shell.
            SIM_ORGANISATION_ID='\(tpp.organisationId)'
            SIM_SOFTWARE_ID='\(tpp.softwareId)'
            SIM_OBSEAL_KID='\(tpp.obSealKeyId)'
            SIM_REDIRECT_URL='\(tpp.redirectURIs.first ?? "")'
            SIM_FRAGMENT_REDIRECT_URL='\(fragmentRedirectURL)'
            SIM_QUERY_REDIRECT_URL='\(queryRedirectURL)'
            SIM_DIR='\(directory.path)'
            SIM_BASE_URL='\(simulator.baseURL)'

            """
    }

    /// The TPP's first redirect URL, for `DefaultFragmentRedirectUrl`.
    var fragmentRedirectURL: String { simulator.tpp.redirectURIs.first ?? "" }
    /// Its second (the first when there is one), for `DefaultQueryRedirectUrl`.
    var queryRedirectURL: String { simulator.tpp.redirectURIs.dropFirst().first ?? fragmentRedirectURL }

    func loadOrCreateEncryptionKey() throws -> String {
        let url = directory.appendingPathComponent(Self.encryptionKeyFile)
        if let existing = try? String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            Data(base64Encoded: existing)?.count == 32
        {
            return existing
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        try writeFile(Self.encryptionKeyFile, key + "\n", secret: true)
        return key
    }

    func writeFile(_ name: String, _ text: String, secret: Bool) throws {
        let path = directory.appendingPathComponent(name).path
        let permissions = secret ? 0o600 : 0o644
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: permissions]) else {
            throw OBCError(.misconfigured, "Cannot write \(path).")
        }
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
    }

    /// `obc.yaml`: configuration keys under `OpenBankingConnector`.
    public func configYAML(encryptionKey: String) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        func block(_ pem: String, indent: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            return "|\n" + pem.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").map { pad + $0 }.joined(separator: "\n")
        }
        let caPath = directory.appendingPathComponent(SimulatorPKI.FileName.ca).path
        var lines = [
            "# Written by `obc simulate --write-config` for the simulator at \(simulator.baseURL).",
            "# Holds private keys: keep it private (mode 0600).",
            "OpenBankingConnector:",
            "  Directory:",
        ]
        for environment in ["Sandbox", "Production"] {
            lines += [
                "    \(environment):",
                "      TokenUrl: \(quoted(simulator.directoryTokenURL))",
                "      SsaBaseUrl: \(quoted(simulator.directorySSABaseURL))",
            ]
        }
        lines += [
            "  Http:",
            "    ExtraTrustRoots: \(quoted(caPath))",
            "  Simulator:",
            "    BaseUrl: \(quoted(simulator.baseURL))",
            "  Keys:",
            "    ObWac: \(block(simulator.pki.obWacKeyPEM, indent: 6))",
            "    ObSeal: \(block(simulator.pki.obSealKeyPEM, indent: 6))",
            "    Encryption:",
            "      Key1: \(quoted(encryptionKey))",
        ]
        // group → bank → setting → value; Lloyds brands share one FinancialId key, written once.
        var groups: [String: [String: [String: String]]] = [:]
        func add(_ setting: BankProfileSetting, _ value: String, for profile: BankProfile) {
            let bank = profile.settingKeyBanks?[setting.rawValue] ?? profile.bank
            groups[profile.group, default: [:]][bank, default: [:]][setting.rawValue] = value
        }
        for profile in simulator.profiles.sorted(by: { $0.id < $1.id }) {
            if profile.financialId == nil { add(.financialId, SimulatedOpenBanking.financialId(for: profile), for: profile) }
            if profile.issuerUrl == nil { add(.issuerUrl, simulator.issuerURL(for: profile.id), for: profile) }
        }
        if !groups.isEmpty {
            lines.append("  BankProfiles:")
            for (group, banks) in groups.sorted(by: { $0.key < $1.key }) {
                lines.append("    \(group):")
                for (bank, entries) in banks.sorted(by: { $0.key < $1.key }) {
                    lines.append("      \(bank):")
                    for (key, value) in entries.sorted(by: { $0.key < $1.key }) { lines.append("        \(key): \(quoted(value))") }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `NEXT-STEPS.md`: start `obc serve`, then create the certificates, software statement,
    /// encryption key description and a bank registration with curl.
    public func nextSteps() -> String {
        let config = directory.appendingPathComponent(Self.configFile).path
        let tpp = simulator.tpp
        func json(_ value: JSONValue) -> String {
            String(decoding: value.jsonData(), as: UTF8.self).replacingOccurrences(of: "'", with: "'\\''")
        }
        let obWacBody = json(
            .object([
                "AssociatedKey": .object(["Source": .string("Configuration"), "Name": .string("OpenBankingConnector:Keys:ObWac")]),
                "Certificate": .string(simulator.pki.obWacCertificatePEM),
            ]))
        let obSealBody = json(
            .object([
                "AssociatedKeyId": .string(tpp.obSealKeyId),
                "AssociatedKey": .object(["Source": .string("Configuration"), "Name": .string("OpenBankingConnector:Keys:ObSeal")]),
                "Certificate": .string(simulator.pki.obSealCertificatePEM),
            ]))
        let keyBody = json(
            .object([
                "Key": .object(["Source": .string("Configuration"), "Name": .string("OpenBankingConnector:Keys:Encryption:Key1")]),
                "SetAsCurrentEncryptionKey": .bool(true),
            ]))
        let fragment = fragmentRedirectURL
        let query = queryRedirectURL
        let database = directory.appendingPathComponent("obc.sqlite").path
        return """
            # Next steps: onboard the simulated TPP with the simulated banks

            The simulator runs at `\(simulator.baseURL)` (OB Directory under `/directory`, banks under `/banks/{BankProfile}`).
            Every connection needs the OBWAC client certificate (`obwac.pem` / `obwac-key.pem`) and trusts `ca.pem`.

            Simulated TPP: organisation id `\(tpp.organisationId)`, software id `\(tpp.softwareId)`,
            OBSeal kid `\(tpp.obSealKeyId)`, redirect URLs \(tpp.redirectURIs.map { "`\($0)`" }.joined(separator: ", ")),
            roles \(tpp.roles.joined(separator: ", ")).

            ## 1. Start the Management API (another terminal)

            ```sh
            obc serve --config '\(config)' --database '\(database)'
            ```

            `--database` names the SQLite file; `obc serve` creates it if it is missing, and `obc keys … --database` uses the same file.

            ## 2. Create the encryption key description

            ```sh
            curl -s -X POST http://127.0.0.1:8080/manage/encryption-key-descriptions \\
              -H 'Content-Type: application/json' \\
              -d '\(keyBody)'
            ```

            ## 3. Create the OBWAC and OBSeal certificates (note each returned `Id`)

            ```sh
            curl -s -X POST http://127.0.0.1:8080/manage/obwac-certificates \\
              -H 'Content-Type: application/json' \\
              -d '\(obWacBody)'

            curl -s -X POST http://127.0.0.1:8080/manage/obseal-certificates \\
              -H 'Content-Type: application/json' \\
              -d '\(obSealBody)'
            ```

            ## 4. Create the software statement (use the two ids from step 3)

            ```sh
            curl -s -X POST http://127.0.0.1:8080/manage/software-statements \\
              -H 'Content-Type: application/json' \\
              -d '{"OrganisationId":"\(tpp.organisationId)","SoftwareId":"\(tpp.softwareId)","SandboxEnvironment":true,"DefaultObWacCertificateId":"<ObWac Id>","DefaultObSealCertificateId":"<ObSeal Id>","DefaultFragmentRedirectUrl":"\(fragment)","DefaultQueryRedirectUrl":"\(query)"}'
            ```

            ## 5. Register with a simulated bank (use the software statement id from step 4)

            ```sh
            curl -s -X POST http://127.0.0.1:8080/manage/bank-registrations \\
              -H 'Content-Type: application/json' \\
              -d '{"BankProfile":"NatWest_NatWest","SoftwareStatementId":"<SoftwareStatement Id>","UseSimulatedBank":true}'
            ```

            ## 6. See what the simulator saw

            ```sh
            curl -s --cacert '\(directory.appendingPathComponent(SimulatorPKI.FileName.ca).path)' \\
              --cert '\(directory.appendingPathComponent(SimulatorPKI.FileName.obWac).path)' \\
              --key '\(directory.appendingPathComponent(SimulatorPKI.FileName.obWacKey).path)' \\
              \(simulator.stateURL)
            ```

            """
    }
}
