import Foundation

/// Validates responses against OpenAPI documents with `openapi-core` (pip), a test peer run
/// the way `openapi-spec-validator` is: one python3 process for the whole test run, fed one
/// response per line. `send` checks every response against the document the server serves,
/// and successful management responses also against OBC's 18.5.0 document. The pipe is read
/// on a serial dispatch queue, never on a thread of the cooperative pool the servers need.
public final class ResponseContract: @unchecked Sendable {
    private let queue = DispatchQueue(label: "obc.response-contract")
    public static let shared = ResponseContract()

    /// OBC's published 18.5.0 document, beside the repository in `shared/reference/`.
    public static let obcDocumentPath = TestEnvironment.obcDocumentPath

    /// Said once per test process when OBC's document is not there to check against.
    static let reportMissingDocument: Void = {
        FileHandle.standardError.write(Data("note: \(TestEnvironment.obcDocumentMissing).\n".utf8))
    }()

    public struct Violation: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Exchange: Sendable {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var requestHeaders: [String: String]
        public var status: Int
        public var headers: [String: String]
        public var body: String
    }

    private var process: Process?
    private var input: FileHandle?
    private var output: FileHandle?
    private var knownDocuments: Set<String> = []
    private var buffer = Data()

    /// Nil when the response conforms (or its path is not in the document); else what is wrong.
    public func violation(of exchange: Exchange, documentText: String) async throws -> String? {
        try await onQueue { try self.servedViolation(of: exchange, documentText: documentText) }
    }

    /// The same check against OBC's own document.
    /// OBC's document lists its own bank groups only; a response about a group this deployment
    /// adds (an operator's or a test's) is checked against the served document alone.
    public static func namesANonOBCBankGroup(_ body: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let group = object["BankGroup"] as? String
        else { return false }
        return !obcBankGroups.contains(group)
    }

    static let obcBankGroups: Set<String> = {
        guard let data = FileManager.default.contents(atPath: obcDocumentPath),
            let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let components = document["components"] as? [String: Any], let schemas = components["schemas"] as? [String: Any],
            let schema = schemas["BankGroup"] as? [String: Any], let values = schema["enum"] as? [String]
        else { return [] }
        return Set(values)
    }()

    public func obcViolation(of exchange: Exchange) async throws -> String? {
        try await onQueue { try self.obcViolationNow(of: exchange) }
    }

    private func onQueue(_ work: @escaping @Sendable () throws -> String?) async throws -> String? {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func servedViolation(of exchange: Exchange, documentText: String) throws -> String? {
        let key = "served-\(documentText.hashValue)"
        var message = try message(for: exchange, documentKey: key)
        if !knownDocuments.contains(key) {
            message["documentText"] = documentText
            knownDocuments.insert(key)
        }
        return try ask(message)
    }

    private func obcViolationNow(of exchange: Exchange) throws -> String? {
        guard TestEnvironment.obcDocumentPresent else {
            guard TestEnvironment.isCI else {
                _ = Self.reportMissingDocument
                return nil
            }
            return TestEnvironment.obcDocumentMissing
        }
        var message = try message(for: exchange, documentKey: "obc-18.5.0")
        message["documentPath"] = Self.obcDocumentPath
        return try ask(message)
    }

    private func message(for exchange: Exchange, documentKey: String) throws -> [String: Any] {
        [
            "document": documentKey, "method": exchange.method.lowercased(), "path": exchange.path, "query": exchange.query,
            "requestHeaders": exchange.requestHeaders, "status": exchange.status, "headers": exchange.headers, "body": exchange.body,
        ]
    }

    private func ask(_ message: [String: Any]) throws -> String? {
        if process == nil { try start() }
        var line = try JSONSerialization.data(withJSONObject: message)
        line.append(0x0A)
        try input?.write(contentsOf: line)
        let answer = try readLine()
        guard let object = try JSONSerialization.jsonObject(with: answer) as? [String: Any] else {
            throw Violation(description: "the validator answered \(String(decoding: answer, as: UTF8.self))")
        }
        return object["ok"] as? Bool == true ? nil : (object["error"] as? String ?? "invalid")
    }

    private func readLine() throws -> Data {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                return Data(line)
            }
            // `availableData` returns what the pipe holds now; `read(upToCount:)` would wait for the full count.
            guard let chunk = output?.availableData, !chunk.isEmpty else {
                throw Violation(description: "the openapi-core validator stopped (is `pip install openapi-core` done?)")
            }
            buffer.append(chunk)
        }
    }

    private func start() throws {
        try TestPeers.require()
        let process = TestPeers.pythonProcess(["-c", Self.script])
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.output = stdout.fileHandleForReading
    }

    static let script = """
        import json, sys
        from openapi_core import OpenAPI, Config
        from openapi_core.testing import MockRequest, MockResponse
        from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
        apis = {}
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
        def describe(error):
            text = f"{type(error).__name__}: {error}"
            cause = error.__cause__
            for inner in getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None) or []:
                text += f"\\n  at {'/'.join(str(p) for p in inner.absolute_path)}: {inner.message}"
            if cause is not None and not getattr(cause, "schema_errors", None):
                text += f" ({type(cause).__name__}: {cause})"
            return text
        for line in sys.stdin:
            message = json.loads(line)
            try:
                key = message["document"]
                if "documentText" in message:
                    apis[key] = OpenAPI.from_dict(json.loads(message["documentText"]), config=config)
                elif key not in apis:
                    with open(message["documentPath"]) as f:
                        apis[key] = OpenAPI.from_dict(json.load(f), config=config)
                request = MockRequest("http://localhost", message["method"], message["path"], args=message["query"],
                                      headers=message["requestHeaders"])
                headers = message["headers"]
                content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "application/json")
                response = MockResponse(message["body"].encode(), status_code=message["status"], headers=headers,
                                        content_type=content_type)
                apis[key].validate_response(request, response)
                answer = {"ok": True}
            except PathNotFound:
                answer = {"ok": True, "skipped": "path not in the document"}
            except OperationNotFound as error:
                # OBC's document has no such operation (the list routes are additions), so there is
                # no OBC shape to keep; the served document must still declare every operation.
                if message["document"].startswith("obc-"):
                    answer = {"ok": True, "skipped": "operation not in OBC's document"}
                else:
                    answer = {"ok": False, "error": describe(error)}
            except Exception as error:
                answer = {"ok": False, "error": describe(error)}
            print(json.dumps(answer), flush=True)
        """
}
