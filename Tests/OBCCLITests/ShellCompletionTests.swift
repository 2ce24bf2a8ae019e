import Testing

/// docs/cli.md's completion commands: each shell's script offers every command, `config` included.
@Suite("shell completion scripts")
struct ShellCompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func scriptOffersEveryCommand(shell: String) throws {
        let (status, script) = try CLIOutput.run(["--generate-completion-script", shell])
        #expect(status == 0, "\(script)")
        for command in ["serve", "simulate", "keys", "db", "bank-profiles", "certificates", "registrations", "config", "reference", "example"] {
            #expect(script.contains(command), "the \(shell) script lacks \(command)")
        }
    }

}
