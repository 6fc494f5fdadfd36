/// Page models of the money features (B2-B8). Every field is display-ready text.
enum TopUpPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let amount: String
        let other: String
        let minimum: String
        let maximum: String
        let payments: [PaymentRow]
        let hasPayments: Bool
        let cardsEnabled: Bool
    }

    struct PaymentRow {
        /// The card or wallet payment's id; `nil` for a scratch card, which has no result page.
        let id: Int64?
        let time: String
        let number: String
        let amount: String
        let state: String
    }

    struct CardForm: Decodable {
        let csrf: String?
        let amount: String?
        let method: String?
        let other: String?
    }

    struct VoucherForm: Decodable {
        let csrf: String?
        let code: String?
    }
}

enum PaymentResultPage {
    struct Model {
        let number: String
        let amount: String
        let state: String
        let succeeded: Bool
        let failed: Bool
        let pending: Bool
        let id: Int64
    }
}

enum PromisedPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let open: OpenRow?
        let choices: [Choice]
        let hasChoices: Bool
        let refusal: String?
        let term: String
    }

    struct OpenRow {
        let amount: String
        let outstanding: String
        let due: String
    }

    struct Choice {
        let kopecks: Int64
        let amount: String
        let fee: String
    }

    struct Form: Decodable {
        let csrf: String?
        let amount: Int64?
    }
}

enum TransferPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let recipient: String
        let amount: String
        let rules: String
        let confirm: Confirm?
    }

    struct Confirm {
        let draftID: Int64
        let recipient: String
        let amount: String
        let commission: String
        let total: String
        let resend: ResendForm
    }

    struct Form: Decodable {
        let csrf: String?
        let recipient: String?
        let amount: String?
    }

    struct ConfirmForm: Decodable {
        let csrf: String?
        let draft: Int64?
        let code: String?
    }
}

enum MonthPage {
    struct Model {
        let title: String
        let previous: String
        let next: String?
        let incoming: [Line]
        let outgoing: [Line]
        let totalIn: String
        let totalOut: String
        let chart: String
        let hasIncoming: Bool
        let hasOutgoing: Bool
        /// A promised payment taken or repaid this month, said apart from top-ups and spending.
        let promised: String?
    }

    struct Line {
        let name: String
        let amount: String
    }
}

enum BonusPage {
    struct Model {
        let csrf: String
        let error: String?
        let info: String?
        let member: Bool
        let joined: String
        let points: String
        let rate: String
        let rewards: [Reward]
        let history: [HistoryRow]
        let hasHistory: Bool
        let nonce: String
    }

    struct Reward {
        let code: String
        let name: String
        let points: String
        let affordable: Bool
    }

    struct HistoryRow {
        let time: String
        let what: String
        let points: String
    }

    struct RedeemForm: Decodable {
        let csrf: String?
        let reward: String?
        let nonce: String?
    }
}

enum OffersPage {
    struct Model {
        let csrf: String
        let error: String?
        let offers: [Offer]
        let hasOffers: Bool
    }

    /// One offer and how to take it up: a gift is a button here; a tariff goes to its change preview;
    /// an option to its connection, which confirms a paid one.
    struct Offer {
        let code: String
        let title: String
        let text: String
        let gift: String?
        let tariff: String?
        let option: String?
    }

    struct TakeForm: Decodable {
        let csrf: String?
        let code: String?
    }
}
