import App
import Foundation
import Logging
import SMPP

/// Messages per second through Kabinet's SMPP client to an SMSC on `port` (issue 15's `bench sms`).
public enum SmsBenchmark {
    public static func run(port: Int, messages: Int, window: Int) async throws -> Double {
        var logger = Logger(label: "bench-sms")
        logger.logLevel = .error
        var configuration = SMPPConfiguration(host: "127.0.0.1", port: port, systemID: "kabinet", password: "bench")
        configuration.windowSize = window
        let client = SMPPClient(configuration: configuration, logger: logger) { _ in .ok }
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        let part = SMSText.parts("Пароль для входа в личный кабинет: 123456", reference: 0)[0]
        // One warm-up message binds the link before the clock starts.
        _ = await client.submit(
            ShortMessage(source: Address(ton: 0, npi: 0, address: "000110"), destination: .international("79160000000"),
                dataCoding: part.dataCoding, payload: part.payload), waitSeconds: 10)
        let started = ContinuousClock.now
        let accepted = await withTaskGroup(of: Int.self) { group in
            // As many submitters as the window: the client's window holds them to that many in flight.
            let perTask = (messages + window - 1) / window
            for task in 0..<window {
                group.addTask {
                    var accepted = 0
                    for index in (task * perTask)..<min(messages, (task + 1) * perTask) {
                        let message = ShortMessage(
                            source: Address(ton: 0, npi: 0, address: "000110"),
                            destination: .international("7916\(String(format: "%07d", index))"),
                            dataCoding: part.dataCoding, payload: part.payload)
                        if case .accepted = await client.submit(message, waitSeconds: 10) { accepted += 1 }
                    }
                    return accepted
                }
            }
            return await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - started
        await client.unbind()
        precondition(accepted == messages, "the SMSC accepts every message (\(accepted) of \(messages))")
        return Double(messages) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
