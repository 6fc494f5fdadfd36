/// How a subscriber pays a payment provider. Card details and wallet logins stay with the provider.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case card
    /// An e-wallet (YooMoney and the like) at the same provider.
    case wallet
}

/// Where a card or wallet payment stands. A payment is a state machine: the only way to change
/// state is `PaymentState.apply(_:)`, so a late or repeated provider notification cannot credit twice.
public enum PaymentState: String, Sendable, Codable, CaseIterable {
    /// Recorded by Kabinet; the provider has not been asked yet (or the answer was lost).
    case created
    /// The provider accepted it and waits for the payer on its hosted page.
    case pending
    /// The provider confirmed the money was taken; the balance was credited.
    case succeeded
    /// Declined, cancelled or abandoned; nothing was credited.
    case failed

    public var isFinal: Bool { self == .succeeded || self == .failed }
}

/// Something that happened to a payment.
public enum PaymentEvent: Sendable, Equatable {
    /// The provider created its payment and gave the page the payer is sent to.
    case accepted(providerPaymentID: String)
    /// The provider confirmed success for `amount`.
    case succeeded(amount: Money)
    /// The provider reported failure or cancellation, or the payer never finished in time.
    case failed
}

/// What applying an event means for the ledger.
public enum PaymentTransition: Sendable, Equatable {
    /// Move to the state; `credit` says whether the balance must be credited now.
    case move(to: PaymentState, credit: Bool)
    /// The event repeats what is already known: nothing to do.
    case ignore
    /// The event contradicts the payment (wrong amount, success after failure...): refuse and keep the state.
    case reject(PaymentEventRejection)
}

public enum PaymentEventRejection: String, Sendable, Equatable {
    case amountMismatch = "amount_mismatch"
    case alreadyFinal = "already_final"
}

extension PaymentState {
    /// Decides, without I/O, what an event does to a payment of `amount` in this state.
    public func apply(_ event: PaymentEvent, amount: Money) -> PaymentTransition {
        switch (self, event) {
        case (.created, .accepted): .move(to: .pending, credit: false)
        case (.pending, .accepted), (.succeeded, .accepted), (.failed, .accepted): .ignore
        case (.created, .succeeded(let paid)), (.pending, .succeeded(let paid)):
            paid == amount ? .move(to: .succeeded, credit: true) : .reject(.amountMismatch)
        case (.succeeded, .succeeded(let paid)): paid == amount ? .ignore : .reject(.amountMismatch)
        case (.failed, .succeeded): .reject(.alreadyFinal)
        case (.created, .failed), (.pending, .failed): .move(to: .failed, credit: false)
        case (.failed, .failed): .ignore
        case (.succeeded, .failed): .reject(.alreadyFinal)
        }
    }
}
