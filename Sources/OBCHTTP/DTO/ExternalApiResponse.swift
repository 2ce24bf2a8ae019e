import Foundation
import OBCCore
import OBCPluginAPI

/// `ExternalApiResponse`: the bank's DCR response in the shape of OBC's
/// `OBClientRegistration1Response` (DCR v3.3). OBC writes it with Newtonsoft, nulls omitted,
/// enums as their wire strings and secrets removed; its document declares the timestamps as
/// `date-time` strings and forbids any other member. So this keeps exactly the members the
/// document declares, with timestamps as RFC 3339 UTC strings, and moves everything else
/// (members OBC's schema forbids, such as `org_id` or `software_roles`, and values outside
/// its enums) to the `x-obc-external-api-response-extensions` header as a JSON object, where
/// a client generated from OBC's document never looks. The field table below is the only
/// declaration of the members: the conversion and the OpenAPI schema both read it.
enum ExternalApiResponse {
    static let extensionsHeader = "x-obc-external-api-response-extensions"

    enum Kind {
        case string, dateTime, boolean, strings
        /// One value of the named enum schema, or an array of them.
        case enumeration(String), enumerations(String)
    }

    static let fields: [(name: String, kind: Kind)] = [
        ("iss", .string), ("iat", .dateTime), ("exp", .dateTime), ("aud", .string), ("jti", .string),
        ("client_id", .string), ("client_secret", .string), ("registration_access_token", .string),
        ("registration_client_uri", .string), ("subject_type", .string), ("client_id_issued_at", .dateTime),
        ("client_secret_expires_at", .dateTime), ("redirect_uris", .strings),
        ("token_endpoint_auth_method", .enumeration("OBRegistrationProperties1tokenEndpointAuthMethodEnum")),
        ("grant_types", .enumerations("OBRegistrationProperties1grantTypesItemEnum")),
        ("response_types", .enumerations("OBRegistrationProperties1responseTypesItemEnum")),
        ("software_id", .string), ("scope", .string), ("software_statement", .string),
        ("application_type", .enumeration("OBRegistrationProperties1applicationTypeEnum")),
        ("id_token_signed_response_alg", .enumeration("SupportedAlgorithmsEnum")),
        ("request_object_signing_alg", .enumeration("SupportedAlgorithmsEnum")),
        ("token_endpoint_auth_signing_alg", .enumeration("SupportedAlgorithmsEnum")),
        ("tls_client_auth_subject_dn", .string),
        ("backchannel_token_delivery_mode", .enumeration("OBRegistrationProperties1backchannelTokenDeliveryModeEnum")),
        ("backchannel_client_notification_endpoint", .string),
        ("backchannel_authentication_request_signing_alg", .enumeration("OBRegistrationProperties1backchannelAuthenticationRequestSigningAlgEnum")),
        ("backchannel_user_code_parameter_supported", .boolean),
    ]

    /// OBC's enum schemas, with their wire strings.
    static let enums: [String: [String]] = [
        "OBRegistrationProperties1tokenEndpointAuthMethodEnum": [
            "private_key_jwt", "client_secret_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth",
        ],
        "OBRegistrationProperties1grantTypesItemEnum": [
            "client_credentials", "authorization_code", "refresh_token", "urn:openid:params:grant-type:ciba",
        ],
        "OBRegistrationProperties1responseTypesItemEnum": ["code", "code id_token"],
        "OBRegistrationProperties1applicationTypeEnum": ["web", "mobile"],
        "SupportedAlgorithmsEnum": ["RS256", "PS256", "ES256"],
        "OBRegistrationProperties1backchannelTokenDeliveryModeEnum": ["poll", "ping", "push"],
        "OBRegistrationProperties1backchannelAuthenticationRequestSigningAlgEnum": ["RS256", "PS256", "ES256"],
    ]

    /// Splits the canonical response (v3.3 names, seconds) into OBC's object and the rest.
    static func split(_ canonical: JSONValue) -> (response: JSONValue, extensions: JSONValue?) {
        var kept: [String: JSONValue] = [:]
        var rest = canonical.objectValue ?? [:]
        for (name, kind) in fields {
            guard let value = rest[name] else { continue }
            if value == .null {
                rest[name] = nil
            } else if let converted = convert(value, kind) {
                kept[name] = converted
                rest[name] = nil
            }
        }
        return (.object(kept), rest.isEmpty ? nil : .object(rest))
    }

    static func convert(_ value: JSONValue, _ kind: Kind) -> JSONValue? {
        switch (kind, value) {
        case (.string, .string), (.boolean, .bool): return value
        case (.strings, .array(let items)): return items.allSatisfy { $0.stringValue != nil } ? value : nil
        case (.dateTime, .number(let seconds)):
            return .string(Date(timeIntervalSince1970: seconds.rounded(.down)).formatted(.iso8601))
        case (.dateTime, .string(let text)): return (try? Date.ISO8601FormatStyle().parse(text)) == nil ? nil : value
        case (.enumeration(let name), .string(let text)): return enums[name]?.contains(text) == true ? value : nil
        case (.enumerations(let name), .array(let items)):
            return items.allSatisfy { enums[name]?.contains($0.stringValue ?? "") == true } ? value : nil
        default: return nil
        }
    }

    /// The header value: compact JSON with every non-ASCII character escaped.
    static func headerValue(_ extensions: JSONValue) -> String {
        var text = ""
        for unit in String(decoding: extensions.jsonData(), as: UTF8.self).utf16 {
            if unit < 0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(unit))) } else { text += String(format: "\\u%04x", unit) }
        }
        return text
    }

    /// `OBClientRegistration1Response` and its enums, from the tables above.
    static func schemas() -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for (name, kind) in fields {
            switch kind {
            case .string: properties[name] = .object(["type": "string", "nullable": true])
            case .dateTime: properties[name] = .object(["type": "string", "format": "date-time", "nullable": true])
            case .boolean: properties[name] = .object(["type": "boolean", "nullable": true])
            case .strings: properties[name] = .object(["type": "array", "items": .object(["type": "string"]), "nullable": true])
            case .enumeration(let schema): properties[name] = OpenAPIDocument.ref(schema)
            case .enumerations(let schema):
                properties[name] = .object(["type": "array", "items": OpenAPIDocument.ref(schema), "nullable": true])
            }
        }
        var schemas: [String: JSONValue] = [
            "OBClientRegistration1Response": .object([
                "type": "object", "properties": .object(properties), "additionalProperties": false,
                "description": .string(
                    "The bank's DCR response as OBC's OBClientRegistration1Response: secrets removed, timestamps as date-time. Members OBC's schema does not allow are in the \(extensionsHeader) header."
                ),
            ])
        ]
        for (name, values) in enums { schemas[name] = .object(["type": "string", "enum": .array(values.map(JSONValue.string))]) }
        return schemas
    }
}
