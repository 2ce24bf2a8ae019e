import OBCCore

/// Every store this build ships (Package.swift's `stores`), selected by
/// `OpenBankingConnector:Database:Provider`. The PluginList build plugin generates the list from
/// OBCApp's dependencies, so adding a store is a folder and one line in Package.swift.
public var storeProviderList: [any StoreProvider.Type] { generatedStoreProviderList }
