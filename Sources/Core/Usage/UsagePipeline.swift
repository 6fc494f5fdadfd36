/// Feeds a stream of deliveries to rating with one in the database and the next being prepared:
/// the file import and the benchmark send batches this way, so rating in memory and writing use
/// both cores. Deliveries are rated in the order they are sent.
public struct UsagePipeline {
    let rating: UsageRatingService
    private var committing: Task<UsageReport, any Error>?
    private var report = UsageReport()

    public init(rating: UsageRatingService) {
        self.rating = rating
    }

    /// Prepares `inputs`, waits for the delivery before them to commit, then starts theirs.
    public mutating func send(_ inputs: [UsageInput]) async throws {
        let rating = self.rating
        // In memory, off the event loops (`Blocking`).
        var prepared = await Blocking.run { rating.prepare(inputs) }
        if let committing {
            report.add(try await committing.value)
            // What that one read in its transaction (all of it, if it was rated from the database) is
            // kept only now: rate ahead what of this one it covers.
            prepared = await Blocking.run { [prepared] in rating.prepare(prepared) }
        }
        committing = Task { try await rating.commit(prepared) }
    }

    /// Waits for the last delivery and returns what all of them did.
    public mutating func finish() async throws -> UsageReport {
        if let committing { report.add(try await committing.value) }
        committing = nil
        return report
    }
}
