/// Unix times written in milliseconds by some banks.
enum Milliseconds {
    static func write(_ members: [String], in body: inout [String: JSONValue]) {
        for name in members { if let value = body[name]?.numberValue { body[name] = .number(value * 1000) } }
    }

    static func read(_ members: [String], in body: inout [String: JSONValue]) {
        for name in members { if let value = body[name]?.numberValue, value > 0 { body[name] = .number((value / 1000).rounded(.down)) } }
    }
}
