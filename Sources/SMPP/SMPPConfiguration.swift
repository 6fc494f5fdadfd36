import Foundation

/// How to reach the operator's SMSC, from `KABINET_SMPP_URL=smpp://SYSTEM_ID:PASSWORD@HOST:PORT` and
/// the documented `KABINET_SMPP_*` keys.
public struct SMPPConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var systemID: String
    public var password: String
    public var systemType = ""
    /// The address messages appear to come from; nil sends each from its own sender (the service number).
    public var sourceAddress: String?
    public var sourceTON: UInt8 = 0
    public var sourceNPI: UInt8 = 0
    /// `submit_sm` in flight at once before waiting for answers.
    public var windowSize = 10
    /// At most this many `submit_sm` a second (the SMSC contract's limit); 0 means no cap.
    public var maximumPerSecond = 0
    public var enquireLinkSeconds = 30
    /// How long a request may wait for its answer before the connection is taken for dead.
    public var responseTimeoutSeconds = 10
    public var reconnectMinimumSeconds = 1.0
    public var reconnectMaximumSeconds = 60.0

    /// Why a URL or key cannot be used; start-up fails with the message.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(host: String, port: Int, systemID: String, password: String) {
        self.host = host
        self.port = port
        self.systemID = systemID
        self.password = password
    }

    public init(url text: String) throws(Invalid) {
        guard let url = URLComponents(string: text), url.scheme == "smpp", let host = url.host, !host.isEmpty else {
            throw Invalid(description: "KABINET_SMPP_URL must look like smpp://SYSTEM_ID:PASSWORD@HOST:PORT")
        }
        guard let user = url.user, !user.isEmpty, user.utf8.count <= 15 else {
            throw Invalid(description: "KABINET_SMPP_URL needs a system_id of 1 to 15 characters before the @")
        }
        let password = url.password ?? ""
        guard password.utf8.count <= 8 else {
            throw Invalid(description: "KABINET_SMPP_URL's password is longer than SMPP's 8 characters")
        }
        self.init(host: host, port: url.port ?? 2775, systemID: user, password: password)
    }

    /// Checks the numbers an operator may set; each broken rule is a start-up error.
    public func validated() throws(Invalid) -> SMPPConfiguration {
        guard (1...1024).contains(windowSize) else { throw Invalid(description: "KABINET_SMPP_WINDOW must be 1...1024") }
        guard maximumPerSecond >= 0 else { throw Invalid(description: "KABINET_SMPP_MAX_PER_SECOND must be 0 or more") }
        guard (1...3600).contains(enquireLinkSeconds) else {
            throw Invalid(description: "KABINET_SMPP_ENQUIRE_LINK_SECONDS must be 1...3600")
        }
        guard reconnectMaximumSeconds >= reconnectMinimumSeconds && reconnectMaximumSeconds <= 3600 else {
            throw Invalid(description: "KABINET_SMPP_RECONNECT_MAX_SECONDS must be 1...3600")
        }
        guard systemType.utf8.count <= 12 else { throw Invalid(description: "KABINET_SMPP_SYSTEM_TYPE is longer than 12") }
        if let sourceAddress, sourceAddress.isEmpty || sourceAddress.utf8.count > 20 {
            throw Invalid(description: "KABINET_SMPP_SOURCE_ADDR must be 1 to 20 characters")
        }
        return self
    }
}
