import ArgumentParser
import OBCApp

/// `obc`: the OpenBankingConnector server and its operator commands.
public struct OBCCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "obc",
        abstract: "OpenBankingConnector: onboard a UK TPP with banks (Management API server and operator tools).",
        version: OBCVersion.current,
        subcommands: [
            ServeCommand.self, KeysCommand.self, DbCommand.self, SimulateCommand.self, BankProfilesCommand.self, CertificatesCommand.self,
            RegistrationsCommand.self, ConfigCommand.self,
        ]
    )

    public init() {}
}
