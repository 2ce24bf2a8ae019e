import Foundation
import OBCTestSupport
import Testing

/// What an operator sees when the token cannot be used: a problem naming the key and the fault,
/// a log line naming the key, never the PIN, never the library's path, and no hang.
@Suite("Keys in a PKCS#11 token: faults", .enabled(if: SoftHSMToken.runs, SoftHSMToken.missing))
struct TokenFaultTests {
    static func problem(_ answer: (Int, String)) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(answer.1.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func aWrongPINIsA503NamingTheKey() async throws {
        let wrongPIN = "wrong" + UUID().uuidString.prefix(8)
        TestRunRecorder.secrets([wrongPIN])
        try await TokenServer.with(settings: { $0.settings(pin: wrongPIN) }) { server in
            let answer = try await server.createObWac(key: "obwac")
            #expect(answer.0 == 503, "\(answer.1)")
            let detail = Self.problem(answer)["detail"] as? String ?? ""
            #expect(detail.contains("CKR_PIN_INCORRECT"), "\(detail)")
            #expect(detail.contains("label obwac"), "\(detail)")
            let log = server.process.text
            #expect(log.contains("PKCS#11 key unusable") && log.contains("label obwac"), "\(log)")
            #expect(!log.contains(wrongPIN) && !answer.1.contains(wrongPIN))
            #expect(!log.contains(server.token.pin))
        }
    }

    @Test func aMissingObjectIsRefusedNamingTheKey() async throws {
        try await TokenServer.with { server in
            let answer = try await server.createObWac(key: "no-such-key")
            #expect(answer.0 == 400, "\(answer.1)")
            #expect(answer.1.contains("does not exist or is not a usable key"), "\(answer.1)")
            #expect(answer.1.contains("no-such-key"))
            #expect(server.process.text.contains("the token holds no private key with label no-such-key"), "\(server.process.text)")
        }
    }

    @Test func aTokenKeyThatIsNotTheCertificatesIsRefused() async throws {
        try await TokenServer.with { server in
            // The OBWAC certificate with the OBSeal key: both exist, they do not belong together.
            let answer = try await server.createObWac(key: "obseal")
            #expect(answer.0 == 400, "\(answer.1)")
            #expect(answer.1.contains("does not belong to the certificate"), "\(answer.1)")
            let good = try await server.createObWac(key: "id:01")
            #expect(good.0 == 201, "\(good.1)")
        }
    }

    @Test func aMissingLibraryIsA503WithoutItsPath() async throws {
        let path = "/nonexistent/pkcs11/libmissing-\(UUID().uuidString.prefix(8)).so"
        try await TokenServer.with(settings: { $0.settings(module: path) }) { server in
            let started = ContinuousClock.now
            let answer = try await server.createObWac(key: "obwac")
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(answer.0 == 503, "\(answer.1)")
            #expect(answer.1.contains("cannot be loaded"), "\(answer.1)")
            #expect(!answer.1.contains(path))
            #expect(server.process.text.contains(path), "the log keeps the loader's words")
        }
    }

    /// The PIN is read through a key source: `PinSource` and `PinName` say which and where.
    @Test func thePINIsReadFromTheKeySourceTheSettingsName() async throws {
        let moved: (SoftHSMToken) -> [String: String] = { token in
            var settings = token.settings()
            settings["OpenBankingConnector__Pkcs11__Pin"] = nil
            settings["OpenBankingConnector__Pkcs11__PinName"] = "OpenBankingConnector:Keys:HsmPin"
            settings["OpenBankingConnector__Keys__HsmPin"] = token.pin
            return settings
        }
        try await TokenServer.with(settings: moved) { server in
            let answer = try await server.createObWac(key: "obwac")
            #expect(answer.0 == 201, "\(answer.1)")
        }
        let elsewhere: (SoftHSMToken) -> [String: String] = { token in
            var settings = token.settings()
            settings["OpenBankingConnector__Pkcs11__PinSource"] = "AwsSsmParameterStore"
            settings["OpenBankingConnector__Pkcs11__PinName"] = "/obc/hsm-pin"
            settings["AWS_REGION"] = "eu-west-2"
            settings["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:9"
            settings["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLEEXAMPLE00"
            settings["AWS_SECRET_ACCESS_KEY"] = "example"
            settings["AWS_PROFILE"] = "none"
            settings["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
            settings["AWS_CONFIG_FILE"] = "/nonexistent"
            return settings
        }
        try await TokenServer.with(settings: elsewhere) { server in
            let answer = try await server.createObWac(key: "obwac")
            #expect(answer.0 == 503, "\(answer.1)")
            #expect(answer.1.contains("PIN (Source AwsSsmParameterStore, Name /obc/hsm-pin) cannot be read"), "\(answer.1)")
        }
    }
}
