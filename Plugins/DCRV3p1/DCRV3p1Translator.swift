import OBCPluginAPI

/// DCR v3.1: the subject DN is `tls_client_auth_dn`, `scope` is a JSON array, and there is
/// no `client_secret_jwt`.
public struct DCRV3p1Translator: DCRWireFormatTranslator {
    public let version = DCRVersion.v3p1
    public let format = DCRWireFormat(
        subjectDnClaim: "tls_client_auth_dn", scopeIsArray: true,
        tokenEndpointAuthMethods: ["private_key_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth"])

    public init() {}
}
