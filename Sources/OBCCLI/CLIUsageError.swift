/// A wrong option value found by a command itself (exit 64).
struct CLIUsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
