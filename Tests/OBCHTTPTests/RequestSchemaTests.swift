import Foundation
import OBCApp
import OBCCore
import OBCTestSupport
import Testing

@testable import OBCHTTP

/// Request DTOs and their schemas name the same properties. (Response DTOs are held to their
/// closed schemas by the validation of every response the tests receive.)
@Suite("Each request DTO and its schema declare the same fields")
struct RequestSchemaTests {
    static let schemas = [
        "BankRegistration", "ObWacCertificate", "ObSealCertificate", "SoftwareStatement", "SoftwareStatementUpdate", "EncryptionKeyDescription",
    ]

    static func dto(_ schema: String) -> (any Decodable.Type)? {
        switch schema {
        case "BankRegistration": BankRegistrationBody.self
        case "ObWacCertificate": ObWacCertificateBody.self
        case "ObSealCertificate": ObSealCertificateBody.self
        case "SoftwareStatement": SoftwareStatementBody.self
        case "SoftwareStatementUpdate": SoftwareStatementUpdateBody.self
        case "EncryptionKeyDescription": EncryptionKeyDescriptionBody.self
        default: nil
        }
    }

    @Test(arguments: schemas)
    func dtoKeysEqualSchemaProperties(schema: String) throws {
        let runtime = try TestRuntime()
        defer { runtime.removeFiles() }
        let document = openAPIDocument(services: try runtime.makeRuntime().services)
        let properties = Set(document["components"]?["schemas"]?[schema]?["properties"]?.objectValue?.keys.map { $0 } ?? [])
        let type = try #require(Self.dto(schema))
        let recorder = KeyRecorder()
        _ = try type.init(from: RecordingDecoder(recorder: recorder, depth: 0))
        let keys = Set(recorder.keys.map(PascalCaseJSON.pascalCased))
        #expect(!keys.isEmpty)
        #expect(keys == properties, "DTO only: \(keys.subtracting(properties)); schema only: \(properties.subtracting(keys))")
    }
}

/// The top-level keys a `Decodable` asks for.
final class KeyRecorder: @unchecked Sendable {
    var keys: [String] = []
}

/// A decoder that answers every request with a placeholder and records the top-level keys:
/// optional members read as absent, required ones as a UUID-shaped string, false or 0.
struct RecordingDecoder: Decoder {
    let recorder: KeyRecorder
    let depth: Int
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: RecordingDecoder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool {
            record(key)
            return false
        }
        func record(_ key: Key) { if decoder.depth == 0 { decoder.recorder.keys.append(key.stringValue) } }
        func decodeNil(forKey key: Key) throws -> Bool {
            record(key)
            return true
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            record(key)
            return try T(from: RecordingDecoder(recorder: decoder.recorder, depth: decoder.depth + 1))
        }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            record(key)
            return nil
        }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            record(key)
            return KeyedDecodingContainer(Keyed<N>(decoder: RecordingDecoder(recorder: decoder.recorder, depth: decoder.depth + 1)))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            record(key)
            return Unkeyed()
        }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int? { 0 }
        var isAtEnd: Bool { true }
        var currentIndex: Int { 0 }
        mutating func decodeNil() throws -> Bool { true }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "empty"))
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            throw DecodingError.valueNotFound(N.self, .init(codingPath: [], debugDescription: "empty"))
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { self }
        mutating func superDecoder() throws -> any Decoder {
            throw DecodingError.valueNotFound(Int.self, .init(codingPath: [], debugDescription: "empty"))
        }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: RecordingDecoder
        var codingPath: [any CodingKey] { [] }
        func decodeNil() -> Bool { false }
        func decode(_ type: Bool.Type) throws -> Bool { false }
        func decode(_ type: String.Type) throws -> String { "00000000-0000-0000-0000-000000000000" }
        func decode(_ type: Double.Type) throws -> Double { 0 }
        func decode(_ type: Float.Type) throws -> Float { 0 }
        func decode(_ type: Int.Type) throws -> Int { 0 }
        func decode(_ type: Int8.Type) throws -> Int8 { 0 }
        func decode(_ type: Int16.Type) throws -> Int16 { 0 }
        func decode(_ type: Int32.Type) throws -> Int32 { 0 }
        func decode(_ type: Int64.Type) throws -> Int64 { 0 }
        func decode(_ type: UInt.Type) throws -> UInt { 0 }
        func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
        func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
        func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
        func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try T(from: RecordingDecoder(recorder: decoder.recorder, depth: decoder.depth + 1))
        }
    }
}
