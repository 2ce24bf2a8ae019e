import Foundation
import NIOCore
import PostgresNIO

/// A `bytea` value written straight from `Data` into a statement's bind buffer, so arrays of
/// them (`unnest` columns) cost one copy of each value instead of two.
struct PostgresBytea: PostgresArrayEncodable, PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .bytea }
    static var psqlArrayType: PostgresDataType { .byteaArray }
    static var psqlFormat: PostgresFormat { .binary }

    let data: Data

    init(_ data: Data) { self.data = data }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeBytes(data)
    }
}
