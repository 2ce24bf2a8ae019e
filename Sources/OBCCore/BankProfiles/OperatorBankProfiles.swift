import Foundation
import OBCPluginAPI

/// Bank profiles an operator adds without a rebuild: every `*.yaml` file in the folder that
/// `OpenBankingConnector:BankProfiles:Directory` names is one bank group in the shipped
/// format (`group`, `defaults`, `profiles`). They are validated at start-up, with errors that
/// name the file, the line and the field, and then behave exactly like shipped data-only groups.
public enum OperatorBankProfiles {
    public static let directoryKey = "OpenBankingConnector:BankProfiles:Directory"

    /// The operator's groups, in file-name order; none when the setting is absent.
    public static func groups(configuration: ConfigurationValues) throws -> [YAMLBankGroup] {
        guard let directory = configuration[directoryKey] else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw OBCError(.misconfigured, "\(directoryKey): cannot read the folder \(directory) (\(error.localizedDescription)).")
        }
        let url = URL(fileURLWithPath: directory)
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { name in
            let path = url.appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw OBCError(.misconfigured, "\(path): cannot be read as UTF-8 text.")
            }
            return try YAMLBankGroup(yaml: text, configuration: configuration, source: path)
        }
    }
}
