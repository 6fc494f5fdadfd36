
/// A BSS write as it was answered, kept so a replay with the same key gets the same answer.
public struct StoredBSSResponse: Sendable, Equatable {
    public var requestHash: String
    public var status: Int
    public var body: String

    public init(requestHash: String, status: Int, body: String) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
    }
}
