import Testing

@testable import KeySourceGCPSecretManager

@Suite("CRC32C and secret version names")
struct CRC32CAndNameTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        // The check value of CRC-32C (RFC 3720 appendix B.4 and the CRC catalogue).
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // RFC 3720 B.4: 32 bytes of zeros, and of 0xFF.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    }

    @Test func crc32cAgreesWithABitwiseImplementation() {
        for length in [1, 7, 64, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255) }
            #expect(CRC32C.checksum(bytes) == bitwiseCRC32C(bytes))
        }
    }

    @Test(arguments: [
        "projects/obc-test/secrets/obseal-key/versions/1", "projects/1234567890/secrets/obc_encryption-key/versions/latest",
        "projects/example.com:obc/secrets/k/versions/current-alias",
    ])
    func acceptsOBCsFullName(_ name: String) throws {
        #expect(try SecretVersionName(parsing: name).description == name)
    }

    @Test(arguments: [
        "obseal-key", "projects/obc-test/secrets/obseal-key", "projects/obc-test/secrets/obseal-key/versions/",
        "projects/p/locations/europe-west2/secrets/s/versions/1", "/projects/p/secrets/s/versions/1", "projects/p/secrets/s/versions/1/extra",
        "projects/p/secrets/s?x=1/versions/1", "projects/p/secrets/s/versions/1:access",
    ])
    func refusesOtherFormsNamingTheExpectedOne(_ name: String) {
        let error = #expect(throws: GCPError.self) { try SecretVersionName(parsing: name) }
        #expect(error?.message.contains(name) == true)
        #expect(error?.message.contains("projects/{project}/secrets/{secret}/versions/{version}") == true)
    }
}
