import Domain
import Storage

/// A delivery on its way through rating: repeats and already-rated records set aside, each record
/// matched to the contract that held the number when the usage happened.
struct UsageBatch {
    private(set) var unique: [UsageInput] = []
    private(set) var assigned: [(input: UsageInput, contract: RatingContract)] = []
    private(set) var duplicates = 0
    private(set) var rejected: [UsageRejection] = []
    /// Records delivered, repeats included.
    let count: Int

    init(inputs: [UsageInput]) {
        count = inputs.count
        // Each record id's position in `unique`: a delivery is thousands of records, so the table is
        // sized once and holds indices rather than copies.
        var first: [String: Int] = [:]
        first.reserveCapacity(inputs.count)
        unique.reserveCapacity(inputs.count)
        for input in inputs {
            if let index = first[input.recordID] {
                let earlier = unique[index]
                var same = input
                same.position = earlier.position
                if same == earlier {
                    duplicates += 1
                } else {
                    rejected.append(
                        UsageRejection(position: input.position, recordID: input.recordID, reason: .conflictingDuplicate))
                }
                continue
            }
            first[input.recordID] = unique.count
            unique.append(input)
        }
    }

    /// Moves the records `leave` picks to a batch of their own, before contracts are assigned. That
    /// batch holds only them: repeats and refusals found so far stay counted here.
    mutating func splitOff(where leave: (UsageInput) -> Bool) -> UsageBatch {
        precondition(assigned.isEmpty, "split before assigning contracts")
        var part = UsageBatch(inputs: [])
        part.unique = unique.filter(leave)
        unique.removeAll(where: leave)
        return part
    }

    mutating func dropRated(_ rated: Set<String>) {
        guard !rated.isEmpty else { return }
        duplicates += unique.count { rated.contains($0.recordID) }
        unique.removeAll { rated.contains($0.recordID) }
    }

    /// A number can change hands: the contract in force at the record's start is the one that pays.
    mutating func assignContracts(_ contracts: (_ msisdn: String) -> [RatingContract]?) {
        assigned.reserveCapacity(assigned.count + unique.count)
        for input in unique {
            if let holder = contracts(input.msisdn).flatMap({ Self.holder(of: input, among: $0) }) {
                assigned.append((input, holder))
            } else {
                rejected.append(UsageRejection(position: input.position, recordID: input.recordID, reason: .noContract))
            }
        }
    }

    static func holder(of input: UsageInput, among contracts: [RatingContract]) -> RatingContract? {
        contracts.first { $0.startedAt <= input.startedAt && ($0.endedAt.map { input.startedAt < $0 } ?? true) }
    }

    /// The span of the delivery's start times, for reading the packages in force.
    var window: (from: Timestamp, to: Timestamp) {
        let times = assigned.map(\.input.startedAt.milliseconds)
        return (Timestamp(milliseconds: times.min() ?? 0), Timestamp(milliseconds: (times.max() ?? 0) + 1))
    }

    func report(plus rating: RatingRun?) -> UsageReport {
        var report = UsageReport()
        let lines = rating?.lines ?? []
        report.rated = lines.count
        report.duplicates = duplicates
        report.rejected = (rejected + (rating?.rejected ?? [])).sorted { $0.position < $1.position }
        report.charged = lines.reduce(0) { $0 + $1.cost }
        report.fromPackages = lines.reduce(0) { $0 + $1.fromPackages }
        return report
    }
}
