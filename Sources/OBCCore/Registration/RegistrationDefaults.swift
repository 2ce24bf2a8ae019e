import OBCPluginAPI

/// OBC's rules for the registration settings a request may leave out: each comes from the
/// request when given, otherwise from the bank profile.
public enum RegistrationDefaults {
    /// The request's mode, else the profile's explicit default, else the one derived from the
    /// profile's response type (`code id_token` when unset, so `fragment`).
    public static func responseMode(requested: OAuth2ResponseMode?, profile: BankProfile) -> OAuth2ResponseMode {
        requested ?? profile.defaultResponseMode ?? (profile.defaultResponseType ?? .codeIdToken).derivedResponseMode
    }

    /// Each flag from the request when given, else the profile's `…UseV4ByDefault` (false when unset).
    public static func useV4(aisp: Bool?, pisp: Bool?, vrp: Bool?, profile: BankProfile) -> UseV4Settings {
        let defaults = profile.useV4ByDefault ?? UseV4Settings()
        return UseV4Settings(aisp: aisp ?? defaults.aisp, pisp: pisp ?? defaults.pisp, vrp: vrp ?? defaults.vrp)
    }
}
