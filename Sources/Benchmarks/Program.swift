import Foundation

/// Runs a program the benchmarks compare against (`wrk`, `pgbench`) to its end and returns its exit
/// status with standard output and error together. It blocks its thread for as long as the program
/// runs: call it through `Blocking.run` wherever a server of this process must keep answering.
func runProgram(_ binary: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
