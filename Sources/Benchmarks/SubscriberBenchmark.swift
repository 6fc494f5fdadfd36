import App
import Core
import Domain
import Foundation
import StorageSQL

/// The BSS's bulk import (issue 15): contracts opened per second from a generated file through
/// `SubscriberFileImport`, next to the raw insert of the rows a contract is made of, in the same run.
public enum SubscriberBenchmark {
    public struct Figures: Sendable {
        public var importedPerSecond: Double
        public var referencePerSecond: Double
    }

    public static func run(on store: SQLStore, count: Int, batch: Int = SubscriberImport.maximumBatch) async throws -> Figures {
        precondition(count > 0 && count <= 10_000_000)
        try await store.transaction { tx in
            try await tx.upsertTariff(TariffSummary(code: "smart", nameRu: "Смарт", nameEn: "Smart", monthlyFee: Money(kopecks: 50_000)))
        }
        var text = SubscriberCSV.header.joined(separator: ",") + "\n"
        text.reserveCapacity(count * 48)
        for index in 0..<count {
            text += "7900\(String(format: "%07d", index)),Абонент \(index),smart,ru,moscow,\n"
        }
        let importer = SubscriberFileImport(importer: SubscriberImport(store: store, clock: SystemClock()), batchSize: batch)
        let started = ContinuousClock.now
        let report = try await importer.run(text: text)
        let elapsed = ContinuousClock.now - started
        precondition(report.created == count, "every generated line is valid: \(report.rejected.prefix(3))")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let reference = try await BenchmarkData.rawSubscriberInserts(
            store, count: count, firstNumber: 79_010_000_000, batch: batch)
        return Figures(importedPerSecond: Double(count) / seconds, referencePerSecond: reference)
    }
}
