import Foundation
import KeySourceAWSSSM

/// Signs N SSM GetParameter requests with our SigV4 signer, then has botocore's `SigV4Auth`
/// sign the same N requests in a python3 subprocess, and prints both rates and the ratio.
/// Usage: `swift run -c release sigv4-bench [N]` (default 100 000).

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z, as in the script
let credentials = AWSCredentials(
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    origin: "benchmark"
)
let signer = SigV4Signer(service: "ssm", region: "eu-west-2")
let bodies: [[UInt8]] = (0..<count).map { Array(#"{"Name":"/obc/bench/param-\#($0)","WithDecryption":true}"#.utf8) }

/// Signs with the headers SSMClient sends and signs for GetParameter. `signer` keeps its
/// derived key between calls, as SSMClient's does; a fresh signer derives it every time.
func sign(_ body: [UInt8], with signer: SigV4Signer = signer) -> String {
    let headers: [(name: String, value: String)] = [
        ("Host", "ssm.eu-west-2.amazonaws.com"),
        ("Content-Type", "application/x-amz-json-1.1"),
        ("X-Amz-Target", "AmazonSSM.GetParameter"),
    ]
    return signer.sign(method: "POST", path: "/", query: nil, headers: headers, body: body, credentials: credentials, date: date).authorization
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// Warm up, then take the best of three runs.
var firstAuthorization = ""
for body in bodies.prefix(1_000) { firstAuthorization = sign(body) }
firstAuthorization = sign(bodies[0])
var best = Duration.seconds(1_000_000)
var sink = 0
for _ in 0..<3 {
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for body in bodies { sink &+= sign(body).utf8.count }
    }
    best = min(best, elapsed)
}
let swiftSeconds = seconds(best)
let swiftRate = Double(count) / swiftSeconds

// The same without the derived-key cache (botocore derives the key on every request).
var bestUncached = Duration.seconds(1_000_000)
for _ in 0..<3 {
    let elapsed = ContinuousClock().measure {
        for body in bodies { sink &+= sign(body, with: SigV4Signer(service: "ssm", region: "eu-west-2")).utf8.count }
    }
    bestUncached = min(bestUncached, elapsed)
}
let uncachedSeconds = seconds(bestUncached)
let uncachedRate = Double(count) / uncachedSeconds

// botocore, same requests, same clock.
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("botocore_sign.py")
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = ["python3", script.path, "\(count)"]
let pipe = Pipe()
process.standardOutput = pipe
try process.run()
let output = pipe.fileHandleForReading.readDataToEndOfFile()
process.waitUntilExit()

struct BotocoreResult: Decodable {
    var count: Int
    var seconds: Double
    var first_authorization: String
}

print("requests:  \(count) SSM GetParameter requests (POST /, 4 signed headers, JSON body)")
print(String(format: "swift:     %.3f s  %10.0f signatures/s (best of 3; derived key cached, as in SSMClient)", swiftSeconds, swiftRate))
print(String(format: "swift:     %.3f s  %10.0f signatures/s (best of 3; key derived per request)", uncachedSeconds, uncachedRate))
guard process.terminationStatus == 0, let botocore = try? JSONDecoder().decode(BotocoreResult.self, from: output) else {
    print("botocore:  not measured (python3 with botocore is needed)")
    exit(1)
}
let botocoreRate = Double(botocore.count) / botocore.seconds
print(String(format: "botocore:  %.3f s  %10.0f signatures/s", botocore.seconds, botocoreRate))
print(String(format: "ratio:     %.1fx (cached key), %.1fx (key derived per request)", swiftRate / botocoreRate, uncachedRate / botocoreRate))
print(
    "agree:     \(botocore.first_authorization == firstAuthorization ? "yes, identical Authorization for request 0" : "NO: \(botocore.first_authorization) vs \(firstAuthorization)")"
)
if sink == 42 { print("") }  // keeps the signing loop from being optimised away
