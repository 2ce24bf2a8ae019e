import CPKCS11
import OBCPluginAPI

/// A PKCS#11 call that failed: `message` is for the API caller (no path, no PIN), `detail` for
/// the log only, and `rv` the library's return value when there is one.
struct Pkcs11Failure: Error, Sendable {
    var reason: KeySourceError.Reason
    var message: String
    var detail: String?
    var rv: CK_RV?

    init(_ reason: KeySourceError.Reason, _ message: String, detail: String? = nil, rv: CK_RV? = nil) {
        self.reason = reason
        self.message = message
        self.detail = detail
        self.rv = rv
    }

    /// Throws unless `rv` is `CKR_OK`.
    static func check(_ rv: CK_RV, _ call: String) throws(Pkcs11Failure) {
        guard rv != CKR_OK else { return }
        throw Pkcs11Failure(reason(for: rv), "\(call) failed: \(name(of: rv))", rv: rv)
    }

    /// The session or token is gone: the session must not be used again.
    var sessionIsBroken: Bool {
        guard let rv else { return false }
        return [CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED, CKR_DEVICE_REMOVED, CKR_TOKEN_NOT_PRESENT, CKR_DEVICE_ERROR, CKR_USER_NOT_LOGGED_IN]
            .map { CK_RV($0) }.contains(rv)
    }

    static func reason(for rv: CK_RV) -> KeySourceError.Reason {
        switch rv {
        case CK_RV(CKR_PIN_INCORRECT), CK_RV(CKR_PIN_LOCKED), CK_RV(CKR_PIN_EXPIRED), CK_RV(CKR_PIN_INVALID), CK_RV(CKR_PIN_LEN_RANGE):
            .accessDenied
        case CK_RV(CKR_KEY_HANDLE_INVALID), CK_RV(CKR_OBJECT_HANDLE_INVALID): .notFound
        default: .unavailable
        }
    }

    static let names: [CK_RV: String] = [
        CK_RV(CKR_PIN_INCORRECT): "CKR_PIN_INCORRECT (wrong PIN)", CK_RV(CKR_PIN_LOCKED): "CKR_PIN_LOCKED (the token is locked)",
        CK_RV(CKR_PIN_EXPIRED): "CKR_PIN_EXPIRED", CK_RV(CKR_PIN_INVALID): "CKR_PIN_INVALID", CK_RV(CKR_PIN_LEN_RANGE): "CKR_PIN_LEN_RANGE",
        CK_RV(CKR_SESSION_COUNT): "CKR_SESSION_COUNT (the token has no session left)",
        CK_RV(CKR_SESSION_HANDLE_INVALID): "CKR_SESSION_HANDLE_INVALID", CK_RV(CKR_SESSION_CLOSED): "CKR_SESSION_CLOSED",
        CK_RV(CKR_DEVICE_REMOVED): "CKR_DEVICE_REMOVED (the token was removed)", CK_RV(CKR_TOKEN_NOT_PRESENT): "CKR_TOKEN_NOT_PRESENT",
        CK_RV(CKR_DEVICE_ERROR): "CKR_DEVICE_ERROR", CK_RV(CKR_DEVICE_MEMORY): "CKR_DEVICE_MEMORY",
        CK_RV(CKR_USER_NOT_LOGGED_IN): "CKR_USER_NOT_LOGGED_IN", CK_RV(CKR_KEY_HANDLE_INVALID): "CKR_KEY_HANDLE_INVALID",
        CK_RV(CKR_OBJECT_HANDLE_INVALID): "CKR_OBJECT_HANDLE_INVALID", CK_RV(CKR_MECHANISM_INVALID): "CKR_MECHANISM_INVALID",
        CK_RV(CKR_MECHANISM_PARAM_INVALID): "CKR_MECHANISM_PARAM_INVALID", CK_RV(CKR_KEY_TYPE_INCONSISTENT): "CKR_KEY_TYPE_INCONSISTENT",
        CK_RV(CKR_KEY_FUNCTION_NOT_PERMITTED): "CKR_KEY_FUNCTION_NOT_PERMITTED", CK_RV(CKR_FUNCTION_FAILED): "CKR_FUNCTION_FAILED",
        CK_RV(CKR_GENERAL_ERROR): "CKR_GENERAL_ERROR", CK_RV(CKR_ARGUMENTS_BAD): "CKR_ARGUMENTS_BAD",
        CK_RV(CKR_CRYPTOKI_NOT_INITIALIZED): "CKR_CRYPTOKI_NOT_INITIALIZED", CK_RV(CKR_TOKEN_NOT_RECOGNIZED): "CKR_TOKEN_NOT_RECOGNIZED",
    ]

    static func name(of rv: CK_RV) -> String {
        names[rv] ?? "CKR 0x\(String(rv, radix: 16))"
    }
}
