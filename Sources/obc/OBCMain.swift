import OBCCLI

/// The `obc` executable: all of its behaviour lives in `OBCCLI` so tests can reach it.
@main
struct OBCMain {
    static func main() async {
        await OBCCommand.main(nil)
    }
}
