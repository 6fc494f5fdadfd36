/// The money use cases, handed to channels as one value.
public struct MoneyServices: Sendable {
    public var topUps: TopUpService
    public var vouchers: VoucherService
    public var promised: PromisedPaymentService
    public var transfers: MoneyTransferService
    public var bonus: BonusService
    public var months: MonthViewService
    public var offers: OfferService

    public init(
        topUps: TopUpService, vouchers: VoucherService, promised: PromisedPaymentService,
        transfers: MoneyTransferService, bonus: BonusService, months: MonthViewService, offers: OfferService
    ) {
        self.topUps = topUps
        self.vouchers = vouchers
        self.promised = promised
        self.transfers = transfers
        self.bonus = bonus
        self.months = months
        self.offers = offers
    }
}
