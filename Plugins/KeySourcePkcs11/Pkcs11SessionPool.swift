import CPKCS11
import OBCPluginAPI

/// The sessions this process keeps with one token. A PKCS#11 session serves one caller at a
/// time, so each operation borrows a session, runs on a thread of its own (`BlockingCall`) and
/// gives it back; at most `maxSessions` exist, and a caller that finds them all busy waits up
/// to `sessionWait`, then gets `unavailable` instead of waiting for ever. The user is logged in
/// once, on the first session (PKCS#11 login state is per application and token).
actor Pkcs11SessionPool {
    let library: Pkcs11Library
    let settings: Pkcs11Settings
    private var slot: CK_SLOT_ID?
    private var idle: [CK_SESSION_HANDLE] = []
    private var open = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<CK_SESSION_HANDLE?, Never>)] = []
    private var nextWaiter = 0
    /// Keys already found, by selector (object handles stay valid across this process's sessions).
    private var keys: [Pkcs11KeySelector: Pkcs11KeyInfo] = [:]

    init(library: Pkcs11Library, settings: Pkcs11Settings) {
        self.library = library
        self.settings = settings
    }

    /// Runs `body` with a session of its own, off the caller's thread, within the operation timeout.
    /// A session the token broke (removed, closed, logged out) is closed rather than reused.
    func withSession<T: Sendable>(
        pin: @Sendable () async throws(Pkcs11Failure) -> SecretValue, _ body: @escaping @Sendable (CK_SESSION_HANDLE) throws(Pkcs11Failure) -> T
    ) async throws(Pkcs11Failure) -> T {
        let session = try await acquire(pin: pin)
        let result = await BlockingCall.run(timeout: settings.operationTimeout, what: "the \(settings.tokenDescription)") {
            () throws(Pkcs11Failure) -> T in try body(session)
        }
        switch result {
        case .success(let value):
            release(session)
            return value
        case .failure(let failure):
            if failure.sessionIsBroken || failure.reason == .timeout { discard(session) } else { release(session) }
            throw failure
        }
    }

    /// The private key `selector` names, found once.
    func key(_ selector: Pkcs11KeySelector, pin: @Sendable () async throws(Pkcs11Failure) -> SecretValue) async throws(Pkcs11Failure)
        -> Pkcs11KeyInfo
    {
        if let key = keys[selector] { return key }
        let library = self.library
        let key = try await withSession(pin: pin) { session throws(Pkcs11Failure) in
            try Pkcs11Objects(library: library, session: session).privateKey(selector)
        }
        keys[selector] = key
        return key
    }

    /// Forgets a key whose handle stopped working, so the next use looks it up again.
    func forget(_ selector: Pkcs11KeySelector) {
        keys[selector] = nil
    }

    private func acquire(pin: @Sendable () async throws(Pkcs11Failure) -> SecretValue) async throws(Pkcs11Failure) -> CK_SESSION_HANDLE {
        if let session = idle.popLast() { return session }
        if open < settings.maxSessions {
            open += 1
            do {
                return try await openSession(pin: pin)
            } catch {
                open -= 1
                throw error
            }
        }
        let id = nextWaiter
        nextWaiter += 1
        let wait = settings.sessionWait
        let session = await withCheckedContinuation { continuation in
            waiters.append((id, continuation))
            Task { [weak self] in
                try? await Task.sleep(for: wait)
                await self?.giveUp(waiter: id)
            }
        }
        guard let session else {
            throw Pkcs11Failure(
                .unavailable,
                "all \(settings.maxSessions) sessions with the \(settings.tokenDescription) stayed busy for \(wait) (\(Pkcs11Settings.prefix):MaxSessions)"
            )
        }
        return session
    }

    private func giveUp(waiter id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }

    private func release(_ session: CK_SESSION_HANDLE) {
        if waiters.isEmpty { idle.append(session) } else { waiters.removeFirst().continuation.resume(returning: session) }
    }

    private func discard(_ session: CK_SESSION_HANDLE) {
        open -= 1
        _ = library.functions.pointee.C_CloseSession?(session)
        if idle.isEmpty && open == 0 { slot = nil }
    }

    /// Opens a session (finding the slot first, again after the token went away) and logs in.
    private func openSession(pin: @Sendable () async throws(Pkcs11Failure) -> SecretValue) async throws(Pkcs11Failure) -> CK_SESSION_HANDLE {
        let pinValue = try await pin()
        let (library, settings, knownSlot) = (self.library, self.settings, self.slot)
        let opened = await BlockingCall.run(timeout: settings.operationTimeout, what: "the \(settings.tokenDescription)") {
            () throws(Pkcs11Failure) -> (CK_SLOT_ID, CK_SESSION_HANDLE) in
            var slot = knownSlot ?? 0
            if knownSlot == nil { slot = try library.slot(label: settings.tokenLabel, slot: settings.slot) }
            var session: CK_SESSION_HANDLE = 0
            try Pkcs11Failure.check(
                library.functions.pointee.C_OpenSession!(slot, CK_FLAGS(CKF_SERIAL_SESSION), nil, nil, &session), "C_OpenSession")
            var pinBytes = Array(pinValue.revealed.utf8)
            let login = library.functions.pointee.C_Login!(session, CK_USER_TYPE(CKU_USER), &pinBytes, CK_ULONG(pinBytes.count))
            for index in pinBytes.indices { pinBytes[index] = 0 }
            if login != CKR_OK && login != CKR_USER_ALREADY_LOGGED_IN {
                _ = library.functions.pointee.C_CloseSession!(session)
                try Pkcs11Failure.check(login, "C_Login")
            }
            return (slot, session)
        }
        let (slot, session) = try opened.get()
        self.slot = slot
        return session
    }
}
