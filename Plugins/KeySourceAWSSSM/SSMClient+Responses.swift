import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OBCPluginAPI
import OBCPluginHTTP

/// Reading SSM's answers: the parameter, and the error shapes (JSON `__type`, the error-type
/// header, XML) turned into an `AWSError` that names the parameter.
extension SSMClient {
    struct GetParameterResponse: Decodable {
        struct Parameter: Decodable {
            var Name: String?
            var `Type`: String?
            var Value: String?
            var Version: Int?
        }
        var Parameter: Parameter
    }

    static func decodeParameter(_ body: [UInt8], name: String) throws(AWSError) -> SSMParameter {
        guard let decoded = try? JSONDecoder().decode(GetParameterResponse.self, from: Data(body)), let value = decoded.Parameter.Value else {
            throw AWSError(.unavailable, code: "InvalidResponse", "AWS SSM answered GetParameter for \(name) without a parameter value")
        }
        return SSMParameter(
            name: decoded.Parameter.Name ?? name, type: decoded.Parameter.Type, version: decoded.Parameter.Version, value: SecretValue(value))
    }

    struct ServiceFailure: Equatable {
        var code: String?
        var message: String?
    }

    /// The error code and message from a failed call, in any of the shapes seen: the JSON
    /// protocol's `__type` (maybe `namespace#Code` or `Code:uri`), the `x-amzn-ErrorType`
    /// header, or an XML `<Code>` (AWS query errors, and what moto sends for auth failures).
    static func parseError(_ response: PluginHTTP.Response) -> ServiceFailure {
        func tidy(_ code: String) -> String {
            var code = Substring(code)
            if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
            if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
            return code.trimmingCharacters(in: .whitespaces)
        }
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
            let code = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
            let message = (object["message"] as? String) ?? (object["Message"] as? String)
            if let code { return ServiceFailure(code: tidy(code), message: message) }
            if let header = response.headers.first(name: "x-amzn-errortype") { return ServiceFailure(code: tidy(header), message: message) }
        }
        let text = String(decoding: response.body, as: UTF8.self)
        if let code = xmlElement("Code", in: text) {
            return ServiceFailure(code: tidy(code), message: xmlElement("Message", in: text))
        }
        if let header = response.headers.first(name: "x-amzn-errortype") { return ServiceFailure(code: tidy(header), message: nil) }
        return ServiceFailure(code: nil, message: nil)
    }

    static func xmlElement(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[start.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Turns an AWS error into a sentence an operator can act on. AWS's own message is only
    /// quoted where it cannot carry credentials: `SignatureDoesNotMatch` messages from AWS
    /// include the canonical request, which holds the session token.
    func error(for failure: ServiceFailure, status: Int, name: String, credentials: AWSCredentials) -> AWSError {
        let code = failure.code ?? "HTTP \(status)"
        let quoted =
            failure.message.map { message -> String in
                let short = message.count > 300 ? String(message.prefix(300)) + "…" : message
                return ": \(short)"
            } ?? ""
        let whose = "the \(credentials)"
        switch code {
        case "ParameterNotFound", "ParameterVersionNotFound":
            return AWSError(.notFound, code: code, "AWS SSM parameter \(name) was not found in region \(region) (\(code))")
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
            return AWSError(.accessDenied, code: code, "\(whose) may not read AWS SSM parameter \(name) (\(code)\(quoted))")
        case "SignatureDoesNotMatch":
            return AWSError(
                .invalidCredentials,
                code: code,
                "AWS rejected the signature on the request for SSM parameter \(name) (SignatureDoesNotMatch): the secret access key in \(whose) is probably wrong"
            )
        case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId":
            return AWSError(
                .invalidCredentials,
                code: code,
                "AWS does not recognise the access key in \(whose) (\(code)) while reading SSM parameter \(name)"
            )
        case _ where Self.expiredCodes.contains(code):
            return AWSError(
                .invalidCredentials,
                code: code,
                "\(whose) have expired (\(code)) while reading AWS SSM parameter \(name); refresh them or check the clock"
            )
        case "InvalidKeyId", "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException":
            return AWSError(.accessDenied, code: code, "AWS SSM parameter \(name) cannot be decrypted with its KMS key (\(code)\(quoted))")
        default:
            return AWSError(.unavailable, code: code, "AWS SSM refused GetParameter for \(name) with HTTP \(status) (\(code)\(quoted))")
        }
    }
}
