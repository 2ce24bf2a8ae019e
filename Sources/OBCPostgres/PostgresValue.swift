import Foundation
import OBCCore
import OBCPluginAPI
import PostgresNIO

/// A column value as the generic repositories pass it around.
enum PostgresValue: Sendable {
    case text(String?)
    case uuid(UUID?)
    case bool(Bool)
    case date(Date?)
}

extension PostgresBindings {
    mutating func append(_ value: PostgresValue) {
        switch value {
        case .text(let text): append(text)
        case .uuid(let id): append(id)
        case .bool(let flag): append(flag)
        case .date(let date): append(date)
        }
    }
}

/// Typed reads of one row by column name, failing with the column's name.
struct PostgresRecordRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do {
            return try row[column].decode(Value.self)
        } catch {
            throw OBCError(.internal, "Column \(column) does not hold a \(Value.self).")
        }
    }

    func string(_ column: String) throws -> String { try decode(column) }
    func optionalString(_ column: String) throws -> String? { try decode(column, as: String?.self) }
    func uuid(_ column: String) throws -> UUID { try decode(column) }
    func bool(_ column: String) throws -> Bool { try decode(column) }
    func date(_ column: String) throws -> Date { try decode(column) }
    func optionalDate(_ column: String) throws -> Date? { try decode(column, as: Date?.self) }

    func secretDescription(_ column: String) throws -> SecretDescription {
        try PascalCaseJSON.sharedDecoder.decode(SecretDescription.self, from: Data(try string(column).utf8))
    }
}

extension PostgresRowSequence {
    /// Every row, read into records with `make`.
    func collect<Value>(_ make: (PostgresRecordRow) throws -> Value) async throws -> [Value] {
        var values: [Value] = []
        for try await row in self { values.append(try make(PostgresRecordRow(row))) }
        return values
    }
}

extension Array where Element == PostgresRow {
    /// Every row, read into records with `make`.
    func collect<Value>(_ make: (PostgresRecordRow) throws -> Value) throws -> [Value] {
        try map { try make(PostgresRecordRow($0)) }
    }
}

/// SQLSTATE codes the store reacts to.
enum PostgresErrorCode {
    static let uniqueViolation = "23505"
    static let foreignKeyViolation = "23503"

    static func of(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func constraint(of error: any Error) -> String {
        (error as? PSQLError)?.serverInfo?[.constraintName] ?? ""
    }
}
