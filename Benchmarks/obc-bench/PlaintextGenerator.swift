import Foundation

/// Random plaintexts of 64 to 2048 bytes from a seeded SplitMix64, so a run is repeatable and
/// filling a million objects is not dominated by the system random source.
struct PlaintextGenerator {
    static let sizes = 64...2048
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next plaintext: a uniform size in `sizes`, filled with pseudo-random bytes.
    mutating func next() -> Data {
        let span = UInt64(Self.sizes.count)
        let size = Self.sizes.lowerBound + Int(nextWord() % span)
        var data = Data(count: size)
        data.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < size {
                var word = nextWord()
                let chunk = min(8, size - offset)
                withUnsafeBytes(of: &word) { bytes in
                    buffer.baseAddress!.advanced(by: offset).copyMemory(from: bytes.baseAddress!, byteCount: chunk)
                }
                offset += chunk
            }
        }
        return data
    }
}
