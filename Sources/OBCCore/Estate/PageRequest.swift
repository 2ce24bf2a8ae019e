import Foundation
import OBCPluginAPI

/// One page of a list: at most `limit` records whose ids sort after `after`. Every list is
/// ordered by record id (lower-case text), which never changes, so walking the pages with each
/// page's `next` as the following `after` sees every record that lived throughout exactly once,
/// even when records are added or deleted meanwhile (a deleted cursor record still works).
public struct PageRequest: Sendable, Equatable {
    /// Records per page when the caller gives no `limit`.
    public static let defaultLimit = 100
    /// The most records one page holds.
    public static let maximumLimit = 500

    public var limit: Int
    public var after: UUID?

    public init(limit: Int = PageRequest.defaultLimit, after: UUID? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Reads `limit` and `after` as a caller typed them; each fault names its parameter.
    public init(limitText: String?, afterText: String?) throws(OBCError) {
        var limit = Self.defaultLimit
        if let limitText {
            guard let value = Int(limitText.trimmingCharacters(in: .whitespaces)), (1...Self.maximumLimit).contains(value) else {
                throw .invalid("limit", "'\(limitText.prefix(40))' is not a whole number from 1 to \(Self.maximumLimit).")
            }
            limit = value
        }
        var after: UUID?
        if let afterText {
            guard let value = UUID(text: afterText.trimmingCharacters(in: .whitespaces)) else {
                throw .invalid("after", "'\(afterText.prefix(40))' is not a record id; pass the previous page's Next.")
            }
            after = value
        }
        self.init(limit: limit, after: after)
    }

    /// The page of `records` (any order) this request selects.
    public func page<Record: Sendable>(of records: [Record], id: (Record) -> UUID) -> Page<Record> {
        let sorted = records.map { (id($0).lowercasedText, $0) }.sorted { $0.0 < $1.0 }
        let cursor = after?.lowercasedText ?? ""
        let remaining = sorted.filter { $0.0 > cursor }
        let items = remaining.prefix(limit).map(\.1)
        let next = remaining.count > limit ? items.last.map(id) : nil
        return Page(items: Array(items), next: next)
    }
}
