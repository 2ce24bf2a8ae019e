import CPKCS11
import Foundation
import OBCPluginAPI
import Synchronization

/// One PKCS#11 library (a `.so` such as SoftHSM2's, CloudHSM's or Luna's), opened with `dlopen`
/// and initialised once per process with OS locking, as the standard requires: a second
/// `C_Initialize` would fail, so every key source naming the same path shares this object.
///
/// `@unchecked Sendable`: the function list is immutable after loading, and a library
/// initialised with `CKF_OS_LOCKING_OK` may be called from any thread; sessions, which may
/// not, are handed out one caller at a time by `Pkcs11SessionPool`.
final class Pkcs11Library: @unchecked Sendable {
    let path: String
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>

    private static let loaded = Mutex<[String: Pkcs11Library]>([:])

    private init(path: String, functions: UnsafeMutablePointer<CK_FUNCTION_LIST>) {
        self.path = path
        self.functions = functions
    }

    /// The library at `path`, loaded and initialised on first use. The error says what failed
    /// without the path (answers reach API callers); `detail` has the loader's own words.
    static func load(path: String) throws(Pkcs11Failure) -> Pkcs11Library {
        try loaded.withLock { libraries throws(Pkcs11Failure) -> Pkcs11Library in
            if let library = libraries[path] { return library }
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
                throw Pkcs11Failure(.unavailable, "the PKCS#11 library (\(Pkcs11Settings.prefix):ModulePath) cannot be loaded", detail: reason)
            }
            guard let symbol = dlsym(handle, "C_GetFunctionList") else {
                throw Pkcs11Failure(.unavailable, "the configured PKCS#11 library has no C_GetFunctionList", detail: path)
            }
            let getFunctionList = unsafeBitCast(symbol, to: CK_C_GetFunctionList.self)
            var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
            try Pkcs11Failure.check(getFunctionList(&list), "C_GetFunctionList")
            guard let list else { throw Pkcs11Failure(.unavailable, "the PKCS#11 library returned no function list", detail: path) }
            var arguments = CK_C_INITIALIZE_ARGS()
            arguments.flags = CK_FLAGS(CKF_OS_LOCKING_OK)
            let initialised = withUnsafeMutablePointer(to: &arguments) { list.pointee.C_Initialize!(UnsafeMutableRawPointer($0)) }
            if initialised != CKR_CRYPTOKI_ALREADY_INITIALIZED { try Pkcs11Failure.check(initialised, "C_Initialize") }
            let library = Pkcs11Library(path: path, functions: list)
            libraries[path] = library
            return library
        }
    }

    /// The slot holding the token labelled `label` (or `slot` itself, or the first token).
    func slot(label: String?, slot: UInt?) throws(Pkcs11Failure) -> CK_SLOT_ID {
        var count: CK_ULONG = 0
        try Pkcs11Failure.check(functions.pointee.C_GetSlotList!(CK_BBOOL(CK_TRUE), nil, &count), "C_GetSlotList")
        var slots = [CK_SLOT_ID](repeating: 0, count: Int(count))
        try Pkcs11Failure.check(functions.pointee.C_GetSlotList!(CK_BBOOL(CK_TRUE), &slots, &count), "C_GetSlotList")
        slots = Array(slots.prefix(Int(count)))
        if let slot {
            guard slots.contains(CK_SLOT_ID(slot)) else { throw Pkcs11Failure(.unavailable, "no token is present in slot \(slot)") }
            return CK_SLOT_ID(slot)
        }
        for candidate in slots {
            var info = CK_TOKEN_INFO()
            guard functions.pointee.C_GetTokenInfo!(candidate, &info) == CKR_OK else { continue }
            guard info.flags & CK_FLAGS(CKF_TOKEN_INITIALIZED) != 0 else { continue }
            let tokenLabel = withUnsafeBytes(of: info.label) { String(decoding: $0, as: UTF8.self) }.trimmingCharacters(in: .whitespaces)
            if label == nil || tokenLabel == label { return candidate }
        }
        throw Pkcs11Failure(.unavailable, label.map { "no token labelled \($0) is present" } ?? "no initialised token is present")
    }
}
