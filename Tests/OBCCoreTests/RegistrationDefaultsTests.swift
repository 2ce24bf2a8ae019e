import OBCCore
import OBCPluginAPI
import Testing

@Suite("OBC's rules for a registration's response mode and v4 flags")
struct RegistrationDefaultsTests {
    static func profile(mode: OAuth2ResponseMode? = nil, type: OAuth2ResponseType? = nil, v4: UseV4Settings? = nil) -> BankProfile {
        BankProfile(
            id: "Test_Bank", group: "Test", bank: "Bank", issuerUrl: nil, financialId: nil, defaultResponseMode: mode, defaultResponseType: type,
            useV4ByDefault: v4)
    }

    @Test func responseModeComesFromTheRequestThenTheProfileThenItsResponseType() {
        #expect(RegistrationDefaults.responseMode(requested: nil, profile: Self.profile()) == .fragment)
        #expect(RegistrationDefaults.responseMode(requested: nil, profile: Self.profile(type: .code)) == .query)
        #expect(RegistrationDefaults.responseMode(requested: nil, profile: Self.profile(mode: .query, type: .codeIdToken)) == .query)
        #expect(RegistrationDefaults.responseMode(requested: .formPost, profile: Self.profile(mode: .query)) == .formPost)
    }

    @Test func eachV4FlagComesFromTheRequestElseTheProfile() {
        let profile = Self.profile(v4: UseV4Settings(aisp: true, pisp: false, vrp: true))
        #expect(RegistrationDefaults.useV4(aisp: nil, pisp: nil, vrp: nil, profile: profile) == UseV4Settings(aisp: true, pisp: false, vrp: true))
        #expect(RegistrationDefaults.useV4(aisp: false, pisp: true, vrp: nil, profile: profile) == UseV4Settings(aisp: false, pisp: true, vrp: true))
        #expect(RegistrationDefaults.useV4(aisp: nil, pisp: nil, vrp: nil, profile: Self.profile()) == UseV4Settings())
    }
}
