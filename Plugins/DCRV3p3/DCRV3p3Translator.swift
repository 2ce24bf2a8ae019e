import OBCPluginAPI

/// DCR v3.3: v3.2's spelling plus the CIBA (backchannel) fields, which OBC never sends;
/// responses are `OBClientRegistration1Response`.
public struct DCRV3p3Translator: DCRWireFormatTranslator {
    public let version = DCRVersion.v3p3
    public let format = DCRWireFormat(
        subjectDnClaim: "tls_client_auth_subject_dn", scopeIsArray: false,
        tokenEndpointAuthMethods: ["private_key_jwt", "client_secret_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth"])

    public init() {}
}
