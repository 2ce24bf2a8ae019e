import Foundation
import OBCTestSupport
import Testing

/// The harness's own checks: the Python test peers (`Tests/requirements.txt` in `.venv`),
/// where the PostgreSQL programs are found, and that CI runs what a plain clone skips.
@Suite struct TestHarnessTests {
    @Test func everyPinnedPeerImports() throws {
        #expect(TestPeers.problem == nil, "\(TestPeers.problem ?? "")")
    }

    @Test func aMissingPeerIsOneLineNamingItsPackage() throws {
        let problem = try #require(
            TestPeers.firstProblem(in: TestPeers.modules + [(module: "obc_no_such_module", package: "obc-no-such-package")]))
        #expect(problem.hasPrefix("obc-no-such-package: ModuleNotFoundError"), "\(problem)")
        #expect(!problem.contains("\n"))
    }

    @Test func postgresProgramsComeFromTheSettingThenPgConfig() throws {
        #expect(PostgresBinaries.find(environment: ["OBC_TEST_POSTGRES_BINDIR": "/opt/pg/bin"]) == "/opt/pg/bin")
        let found = PostgresBinaries.find(environment: [:])
        if let bindir = PostgresBinaries.pgConfigBindir(), FileManager.default.isExecutableFile(atPath: "\(bindir)/initdb") {
            #expect(found == bindir)
        }
        if let found { #expect(FileManager.default.isExecutableFile(atPath: "\(found)/initdb")) }
    }

    @Test func aMissingPrerequisiteSkipsOnlyOffCI() {
        #expect(TestEnvironment.runs(needing: false, onCI: true))
        #expect(!TestEnvironment.runs(needing: false, onCI: false))
        #expect(TestEnvironment.runs(needing: true, onCI: false))
    }
}
