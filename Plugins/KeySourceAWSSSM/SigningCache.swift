import Foundation
import Synchronization

/// The last derived key and the last timestamp, shared by copies of one signer. A signer
/// serves one set of credentials at a time, so one entry of each is enough.
final class SigningCache: Sendable {
    private struct KeyEntry {
        var secretAccessKey: String
        var date: String
        var region: String
        var service: String
        var key: PreparedHMAC
    }

    private let lastKey = Mutex<KeyEntry?>(nil)
    private let lastStamp = Mutex<(second: Int64, stamp: AmzDate)?>(nil)

    func key(secretAccessKey: String, date: String, region: String, service: String) -> PreparedHMAC {
        if let entry = lastKey.withLock({ $0 }),
            entry.date == date, entry.secretAccessKey == secretAccessKey, entry.region == region, entry.service == service
        {
            return entry.key
        }
        let key = PreparedHMAC(keyBytes: SigV4Signer.signingKeyBytes(secretAccessKey: secretAccessKey, date: date, region: region, service: service))
        lastKey.withLock { $0 = KeyEntry(secretAccessKey: secretAccessKey, date: date, region: region, service: service, key: key) }
        return key
    }

    func stamp(for date: Date) -> AmzDate {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        if let last = lastStamp.withLock({ $0 }), last.second == second { return last.stamp }
        let stamp = AmzDate(date)
        lastStamp.withLock { $0 = (second, stamp) }
        return stamp
    }
}
