import OBCPluginAPI

/// DCR v3.2: `tls_client_auth_subject_dn`, `scope` a space-separated string, `client_secret_jwt` known.
public struct DCRV3p2Translator: DCRWireFormatTranslator {
    public let version = DCRVersion.v3p2
    public let format = DCRWireFormat(
        subjectDnClaim: "tls_client_auth_subject_dn", scopeIsArray: false,
        tokenEndpointAuthMethods: ["private_key_jwt", "client_secret_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth"])

    public init() {}
}
