import CPKCS11
import Foundation
import OBCPluginAPI

/// Which object a key `Name` selects: `label:<label>`, `id:<hex>` (CKA_ID), or a bare label.
struct Pkcs11KeySelector: Sendable, Hashable, CustomStringConvertible {
    var attribute: CK_ATTRIBUTE_TYPE
    var value: [UInt8]
    var description: String

    init(name: String) throws(KeySourceError) {
        if name.hasPrefix("id:") {
            let hex = name.dropFirst(3)
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
                guard next != index, hex.distance(from: index, to: next) == 2, let byte = UInt8(hex[index..<next], radix: 16) else {
                    throw KeySourceError(.invalidName, "the key name \(name) must be id: followed by an even number of hex digits.")
                }
                bytes.append(byte)
                index = next
            }
            guard !bytes.isEmpty else { throw KeySourceError(.invalidName, "the key name \(name) has no id after id:.") }
            self.init(attribute: CK_ATTRIBUTE_TYPE(CKA_ID), value: bytes, description: "id \(hex.lowercased())")
        } else {
            let label = name.hasPrefix("label:") ? String(name.dropFirst(6)) : name
            guard !label.isEmpty else { throw KeySourceError(.invalidName, "the key name \(name) has no label.") }
            self.init(attribute: CK_ATTRIBUTE_TYPE(CKA_LABEL), value: Array(label.utf8), description: "label \(label)")
        }
    }

    private init(attribute: CK_ATTRIBUTE_TYPE, value: [UInt8], description: String) {
        self.attribute = attribute
        self.value = value
        self.description = description
    }
}
