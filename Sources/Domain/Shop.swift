
/// An operator's shop (E2): where it is, when it is open in its own time zone, and what it does.
public struct Shop: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var city: String
    public var address: String
    /// Millionths of a degree, so a position is exact and compares exactly.
    public var latitudeMicro: Int64
    public var longitudeMicro: Int64
    /// An IANA zone: `Europe/Moscow`, `Asia/Novosibirsk`.
    public var timeZone: String
    /// Monday first, seven entries: `09:00-21:00`, or empty when closed that day.
    public var hours: [String]
    /// What the shop does: `sim`, `payments`, `devices`, `corporate`…
    public var services: [String]

    public init(
        id: Int64, name: String, city: String, address: String, latitudeMicro: Int64, longitudeMicro: Int64,
        timeZone: String, hours: [String], services: [String]
    ) {
        self.id = id
        self.name = name
        self.city = city
        self.address = address
        self.latitudeMicro = latitudeMicro
        self.longitudeMicro = longitudeMicro
        self.timeZone = timeZone
        self.hours = hours
        self.services = services
    }
}
