import OBCCore
import OBCPluginAPI
import Testing

@Suite("Bank-profile settings and the closest-profile rule")
struct BankProfileSettingTests {
    static func profile(_ id: String, bank: String, keyBanks: [String: String]? = nil) -> BankProfile {
        var profile = BankProfile(id: id, group: "Lloyds", bank: bank, issuerUrl: nil, financialId: nil)
        profile.settingKeyBanks = keyBanks
        return profile
    }

    @Test func aProfileReadsItsOwnKeyThenTheGroupDefault() throws {
        let profile = Self.profile("Lloyds_Sandbox", bank: "Sandbox")
        #expect(
            BankProfileSetting.issuerUrl.keys(for: profile) == [
                "OpenBankingConnector:BankProfiles:Lloyds:Sandbox:IssuerUrl", "OpenBankingConnector:BankProfiles:Lloyds:Default:IssuerUrl",
            ])
        let bankWins = ConfigurationValues([
            "OpenBankingConnector:BankProfiles:Lloyds:Default:IssuerUrl": "https://default",
            "OpenBankingConnector:BankProfiles:Lloyds:Sandbox:IssuerUrl": "https://sandbox",
        ])
        #expect(try BankProfileSetting.applying(bankWins, to: profile).issuerUrl == "https://sandbox")
        let defaultOnly = ConfigurationValues(["OpenBankingConnector__BankProfiles__Lloyds__Default__IssuerUrl": "https://default"])
        #expect(try BankProfileSetting.applying(defaultOnly, to: profile).issuerUrl == "https://default")
    }

    @Test func aBrandKeyReplacesTheProfilesOwnKeyForThatSettingOnly() throws {
        let halifax = Self.profile("Lloyds_HalifaxPersonal", bank: "HalifaxPersonal", keyBanks: ["FinancialId": "BankOfScotlandPersonal"])
        let configuration = ConfigurationValues([
            "OpenBankingConnector:BankProfiles:Lloyds:BankOfScotlandPersonal:FinancialId": "brand",
            "OpenBankingConnector:BankProfiles:Lloyds:HalifaxPersonal:FinancialId": "ignored, as OBC ignores it",
            "OpenBankingConnector:BankProfiles:Lloyds:HalifaxPersonal:IssuerUrl": "https://halifax",
        ])
        let applied = try BankProfileSetting.applying(configuration, to: halifax)
        #expect(applied.financialId == "brand")
        #expect(applied.issuerUrl == "https://halifax")
    }

    @Test func financialIdIsRequiredOnlyWhenItIsTheAudience() {
        var profile = Self.profile("X_Y", bank: "Y")
        #expect(BankProfileSetting.financialId.isRequired(by: profile))
        profile.quirks[BankDifferences.AudClaim.self] = "IssuerUrl"
        #expect(!BankProfileSetting.financialId.isRequired(by: profile))
        #expect(BankProfileSetting.issuerUrl.isRequired(by: profile))
    }

    @Test(arguments: [
        ("Lloyds_LloydPersonal", "Lloyds_LloydsPersonal"), ("hsbc_ukpersonal", "Hsbc_UkPersonal"), ("NatWest", "NatWest_NatWest"),
        ("Monzo_Monzo ", "Monzo_Monzo"),
    ])
    func closestIdsPutTheLikelyOneFirst(typed: String, expected: String) {
        let ids = [
            "Lloyds_LloydsPersonal", "Lloyds_LloydsBusiness", "Hsbc_UkPersonal", "Hsbc_UkBusiness", "NatWest_NatWest", "NatWest_NatWestSandbox",
            "Monzo_Monzo", "Monzo_Sandbox",
        ]
        #expect(BankProfileCatalog.closest(to: typed, among: ids).first == expected)
    }

    @Test func nothingCloseSuggestsNothing() {
        #expect(BankProfileCatalog.closest(to: "Quux", among: ["Lloyds_LloydsPersonal", "Hsbc_UkPersonal"]).isEmpty)
    }
}
