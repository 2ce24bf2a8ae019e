import OBCTestSupport
import Testing

/// docs/cli.md's completion commands: each shell's script offers every command, `config` included.
@Suite("shell completion scripts")
struct ShellCompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func scriptOffersEveryCommand(shell: String) async throws {
        let result = try await CLIProcess.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.output)")
        for command in ["serve", "simulate", "keys", "db", "bank-profiles", "certificates", "registrations", "config"] {
            #expect(result.output.contains(command), "the \(shell) script lacks \(command)")
        }
        #expect(result.output.contains("reference") && result.output.contains("example"))
    }
}
