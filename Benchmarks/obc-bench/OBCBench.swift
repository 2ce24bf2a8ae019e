import ArgumentParser

/// `obc-bench`: measured runs of product paths against bare baselines. Each benchmark is a
/// subcommand, so adding one (SigV4 signing, say) is one entry in `subcommands`.
@main
struct OBCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obc-bench",
        abstract: "Benchmarks of OpenBankingConnector paths, each against a bare baseline in the same run.",
        subcommands: [
            RotationBenchmark.self,
            RegistrationBenchmark.self,
            InstancesBenchmark.self,
            HTTPBenchmark.self,
            HSMBenchmark.self,
        ]
    )
}
