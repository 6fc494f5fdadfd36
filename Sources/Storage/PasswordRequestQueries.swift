import Domain

/// The log of password requests that rate limits are computed from.
public protocol PasswordRequestQueries: Sendable {
    func recordPasswordRequest(msisdn: MSISDN, clientAddress: String?, channel: Channel, at: Timestamp) async throws
    /// Times of requests for a number through web/API since `since`, newest first, at most `limit`.
    func passwordRequestTimes(msisdn: MSISDN, since: Timestamp, limit: Int) async throws -> [Timestamp]
    /// Times of requests from a client address since `since`, newest first, at most `limit`.
    func passwordRequestTimes(clientAddress: String, since: Timestamp, limit: Int) async throws -> [Timestamp]
}
