import Core
import Domain

/// The block page (C4).
enum BlockPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let status: String
        let blocked: Bool
        /// Only a voluntary block is the subscriber's to lift.
        let canUnblock: Bool
        let since: String?
        let freeDays: Int64
        let dailyFee: String
        /// The second step: the request to block was made, and the page asks to confirm it.
        var confirming = false
    }

    struct Form: Decodable {
        let csrf: String?
        /// `yes` on the confirmation step; without it a block request only asks for confirmation.
        let confirm: String?
    }
}

/// The forwarding page (C5): one row per condition.
enum ForwardingPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let rows: [Row]
    }

    struct Row {
        let condition: String
        let name: String
        let target: String?
        let delay: String?
        let isNoAnswer: Bool
        let delays: [Delay]
    }

    struct Delay {
        let seconds: Int
        let selected: Bool
    }

    struct Form: Decodable {
        let csrf: String?
        let condition: String?
        let number: String?
        let delay: String?
    }
}

/// The ringback page (C6).
enum RingbackPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let current: String?
        let melodies: [Row]
        let confirm: Confirm?
    }

    struct Row {
        let code: String
        let title: String
        let artist: String
        let fee: String
        let playing: Bool
    }

    struct Confirm {
        let code: String
        let title: String
        let fee: String
    }

    struct Form: Decodable {
        let csrf: String?
        let code: String?
        let confirmed: String?
    }
}

/// The SMS notification settings page (C8).
enum NotificationsPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let threshold: String
        let packageNearlyUsed: Bool
        let packageUsedUp: Bool
        let payments: Bool
    }

    struct Form: Decodable {
        let csrf: String?
        let threshold: String?
        let packageNearlyUsed: String?
        let packageUsedUp: String?
        let payments: String?
    }
}
