import Foundation

/// The last line of defence for problem details: whatever a library or a lower layer put into
/// a message, a caller never sees a source path (`…/tls_record.cc:491`,
/// `SwiftASN1/PEMDocument.swift:143`), a file on the server (`/root/.aws/config`) or an internal
/// type name (`NIOSSLError.handshakeFailed(…)`). Each such word is replaced by a pointer to the
/// log, where the middleware writes the original text.
public enum ProblemScrubber {
    public static let replacement = "[see the server log]"

    /// `text` with every internal word replaced, and whether anything was.
    public static func scrub(_ text: String) -> (text: String, changed: Bool) {
        var result = ""
        var cursor = text.startIndex
        for match in word.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let wordRange = Range(match.range, in: text) else { continue }
            var token = text[wordRange]
            while let last = token.last, ".:,".contains(last) { token.removeLast() }
            guard isInternal(token) else { continue }
            result += text[cursor..<token.startIndex] + replacement
            cursor = token.endIndex
        }
        let changed = cursor != text.startIndex
        result += text[cursor...]
        return (result, changed)
    }

    /// A run of characters that are not spaces, quotes or brackets.
    private static let word = try! NSRegularExpression(pattern: #"[^\s"'`()\[\]{}<>,;]+"#)

    static func isInternal(_ token: Substring) -> Bool {
        let text = String(token)
        return matches(sourceFile, text) || matches(filePath, text) || matches(typeName, text) || text.contains(".build/")
            || text.contains("NSCocoaErrorDomain") || text.hasPrefix("Domain=")
    }

    private static func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A source file, with or without a folder and line: `PEMDocument.swift:143`, `a/b.cc`.
    private static let sourceFile = try! NSRegularExpression(
        pattern: #"\.(swift|cc|cpp|cxx|c|h|hpp|m|mm|py|rs|go|java|cs)(:\d+)*$"#, options: [.caseInsensitive])

    /// An absolute path on the server: under a system folder, or the home folder (`~/…`).
    private static let filePath = try! NSRegularExpression(
        pattern:
            #"^(~/|/(root|home|Users|tmp|var|usr|opt|etc|private|proc|sys|dev|mnt|srv|run|lib|lib64|bin|sbin|snap|nix|Library|System|Volumes|Applications|work|workspace)(/|$))"#
    )

    /// A type of ours or of a library: `Module.Type`, or `SomethingError.case` / `SomethingError(`.
    private static let typeName = try! NSRegularExpression(
        pattern:
            #"^((Swift|Foundation|NIO\w*|SwiftASN1|X509|Crypto|_CryptoExtras|AsyncHTTPClient|Hummingbird\w*|HTTPTypes|GRDB|Yams|OBC\w*|KeySource\w*|DCRV\w*|BankProfile\w*)\.[A-Za-z_]|[A-Z]\w+(Error|Exception)(\.\w|$))"#
    )
}
