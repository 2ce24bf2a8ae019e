import Foundation
import KeySourceConfiguration
import Logging
import OBCCore
import OBCPluginAPI
import Testing

@Suite("Configuration layers and the Configuration key source")
struct ConfigurationTests {
    @Test func yamlNestingBecomesColonKeysCaseInsensitively() throws {
        let values = try ConfigurationValues.yaml(
            """
            OpenBankingConnector:
              Keys:
                Encryption:
                  Key1: abc
              List:
                - first
                - second
            """)
        #expect(values["OpenBankingConnector:Keys:Encryption:Key1"] == "abc")
        #expect(values["openbankingconnector:keys:encryption:key1"] == "abc")
        #expect(values["OpenBankingConnector__Keys__Encryption__Key1"] == "abc")
        #expect(values["OpenBankingConnector:List:1"] == "second")
        #expect(values["OpenBankingConnector:Missing"] == nil)
    }

    @Test func laterLayersWinAndEmptyCountsAsMissing() throws {
        let file = try ConfigurationValues.yaml("A:\n  B: file\n  C: file\n  D: file")
        let environment = ConfigurationValues.environment(["A__B": "env", "A__C": "env", "A__E": ""])
        let flags = ConfigurationValues(["A:B": "flag"])
        let merged = file.overlaid(with: environment).overlaid(with: flags)
        #expect(merged["A:B"] == "flag")
        #expect(merged["A:C"] == "env")
        #expect(merged["A:D"] == "file")
        #expect(merged["A:E"] == nil)
    }

    @Test func invalidYamlIsAMisconfiguration() {
        #expect(throws: OBCError.self) { try ConfigurationValues.yaml("A: [unclosed") }
    }

    @Test func configurationKeySourceResolvesAndExplainsMisses() async throws {
        let registry = try PluginRegistrar.build(
            plugins: [KeySourceConfigurationPlugin.self],
            configuration: .environment(["OpenBankingConnector__Keys__Encryption__Key1": "value-1"]),
            logger: Logger(label: "test")
        )
        let source = try registry.keySource(for: .configuration, field: "Key")
        #expect(try await source.secret(named: "OpenBankingConnector:Keys:Encryption:Key1").revealed == "value-1")
        do {
            _ = try await source.secret(named: "OpenBankingConnector:Keys:Nope")
            Issue.record("a missing key resolved")
        } catch {
            #expect(error.reason == .notFound)
            #expect(error.message.contains("OpenBankingConnector__Keys__Nope"))
        }
        #expect(throws: OBCError.self) { try registry.keySource(for: .awsSsmParameterStore, field: "Key") }
    }

    @Test func secretValuesAreRedactedWhenPrinted() {
        let secret = SecretValue("hunter2-very-secret")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }

    @Test func registeringTheSameSourceTwiceFails() {
        #expect(throws: OBCError.self) {
            try PluginRegistrar.build(
                plugins: [KeySourceConfigurationPlugin.self, KeySourceConfigurationPlugin.self],
                configuration: ConfigurationValues(), logger: Logger(label: "test"))
        }
    }
}
