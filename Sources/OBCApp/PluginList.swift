import BankProfileBarclays
import BankProfileHsbc
import BankProfileLloyds
import BankProfileMonzo
import BankProfileNatWest
import BankProfileNationwide
import BankProfileObie
import DCRV3p1
import DCRV3p2
import DCRV3p3
import KeySourceAWSSSM
import KeySourceConfiguration
import KeySourceGCPSecretManager
import OBCCore

/// Every plugin this build ships, registered in this order at start-up. Adding a key source,
/// a DCR version or a bank group is one target in Package.swift and one line here.
public var pluginList: [any OBCPlugin.Type] {
    [
        KeySourceConfigurationPlugin.self,
        KeySourceAWSSSMPlugin.self,
        KeySourceGCPSecretManagerPlugin.self,
        DCRV3p1Translator.self,
        DCRV3p2Translator.self,
        DCRV3p3Translator.self,
        ObieBankGroup.self,
        NatWestBankGroup.self,
        LloydsBankGroup.self,
        HsbcBankGroup.self,
        NationwideBankGroup.self,
        MonzoBankGroup.self,
        BarclaysBankGroup.self,
    ]
}
