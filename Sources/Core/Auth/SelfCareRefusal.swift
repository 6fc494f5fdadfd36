import Domain

/// Why a contract may not use self-care at all (A7), in order of precedence.
public enum SelfCareRefusal: Sendable, Equatable {
    /// The operator has no contract for this number.
    case notServed
    case terminated
    case inactive
    case blocked
    /// The company owning the number does not allow its employees the cabinet.
    case corporateForbidden

    /// The first reason that applies to the newest contract of a number, or `nil` when self-care may proceed.
    public static func check(_ subscription: Subscription?) -> SelfCareRefusal? {
        guard let subscription else { return .notServed }
        if subscription.endedAt != nil || subscription.status == .terminated { return .terminated }
        switch subscription.status {
        case .inactive: return .inactive
        case .blocked where !subscription.isBlockedBySubscriberOrDebt: return .blocked
        case .active, .terminated, .blocked: break
        }
        if subscription.subscriberKind == .company && !subscription.selfCareAllowed { return .corporateForbidden }
        return nil
    }
}
