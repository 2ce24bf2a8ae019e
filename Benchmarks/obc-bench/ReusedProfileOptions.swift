import ArgumentParser

/// The two profiles of a re-used registration: one registered first, untimed, to create the
/// registration group's client, and one in the same group that re-uses it.
struct ReusedProfileOptions: ParsableArguments {
    @Option(help: "Profile registered first, untimed, to create the shared client.")
    var groupProfile = "NatWest_NatWest"

    @Option(help: "Profile of the re-used registrations, in the same registration group as --group-profile.")
    var reusedProfile = "NatWest_NatWestBankline"
}
