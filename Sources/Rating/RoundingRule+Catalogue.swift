extension RoundingRule {
    /// Reads the catalogue's spelling (`per_minute`, `per_minute_free:3`, `per_block:102400`...);
    /// `nil` for anything else. The catalogue import has already refused unknown spellings.
    public init?(catalogueName: String) {
        let parts = catalogueName.split(separator: ":", maxSplits: 1).map(String.init)
        let argument = parts.count == 2 ? Int64(parts[1]) : nil
        switch (parts.first ?? "", argument) {
        case ("per_minute", nil): self = .perMinute
        case ("per_second", nil): self = .perSecond
        case ("per_second_after_first_minute", nil): self = .perSecondAfterFirstMinute
        case ("per_minute_free", let seconds?) where seconds > 0: self = .perMinuteWithFreeSeconds(freeSeconds: seconds)
        case ("per_block", let bytes?) where bytes > 0: self = .perBlock(bytes: bytes)
        case ("per_message", nil): self = .perMessage
        default: return nil
        }
    }
}
