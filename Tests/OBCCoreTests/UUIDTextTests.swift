import Foundation
import Testing

@testable import OBCCore

@Suite("Ids as text, and rotation's nonce blocks")
struct UUIDTextTests {
    @Test func lowercasedTextMatchesFoundationAndParsesBack() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(UUID(text: id.lowercasedText) == id)
            #expect(UUID(text: id.uuidString) == id)
        }
    }

    @Test(arguments: [
        "", "not-a-uuid", "3f2504e0-4f89-11d3-9a0c-0305e82c330", "3f2504e0-4f89-11d3-9a0c-0305e82c33011",
        "3f2504e0+4f89-11d3-9a0c-0305e82c3301", "3f2504e0-4f89-11d3-9a0c-0305e82c330g",
    ])
    func malformedTextIsRefused(_ text: String) {
        #expect(UUID(text: text) == nil)
    }

    @Test func nonceBlocksAreSortedDistinctAndFresh() {
        let first = NonceBlock(count: 5_000)
        let second = NonceBlock(count: 5_000)
        let firstBytes = (0..<first.count).map { Data(first[$0]) }
        let secondBytes = (0..<second.count).map { Data(second[$0]) }
        #expect(firstBytes.allSatisfy { $0.count == 12 })
        #expect(zip(firstBytes, firstBytes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        #expect(Set(firstBytes).count == 5_000)
        #expect(Set(firstBytes).isDisjoint(with: secondBytes))
    }
}
