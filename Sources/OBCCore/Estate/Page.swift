import Foundation

/// A page of records and the cursor of the next page (nil on the last).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: UUID?

    public init(items: [Item], next: UUID?) {
        self.items = items
        self.next = next
    }

    public func map<Other: Sendable>(_ transform: (Item) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(items: try items.map(transform), next: next)
    }
}
