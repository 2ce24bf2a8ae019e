import BankProfileBarclays
import BankProfileHsbc
import BankProfileLloyds
import BankProfileMonzo
import BankProfileNationwide
import BankProfileNatWest
import BankProfileObie
import KeySourceAWSSSM
import KeySourceConfiguration
import OBCCore

/// Every plugin this build ships, registered in this order at start-up. Adding a key source,
/// a DCR version or a bank group is one target in Package.swift and one line here.
public var pluginList: [any OBCPlugin.Type] {
    [
        KeySourceConfigurationPlugin.self,
        KeySourceAWSSSMPlugin.self,
        ObieBankGroup.self,
        NatWestBankGroup.self,
        LloydsBankGroup.self,
        HsbcBankGroup.self,
        NationwideBankGroup.self,
        MonzoBankGroup.self,
        BarclaysBankGroup.self,
    ]
}
