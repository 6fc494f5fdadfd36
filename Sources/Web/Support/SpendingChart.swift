import Domain

/// Draws money out per day as an SVG bar chart on the server, so the month view needs no script.
enum SpendingChart {
    static func svg(daily: [Money], language: Language) -> String {
        precondition(daily.count <= 31)
        let width = 620
        let height = 180
        let left = 8
        let bottom = 30
        let top = 28
        let maximum = max(daily.map(\.kopecks).max() ?? 0, 1)
        let slot = Double(width - left * 2) / Double(max(daily.count, 1))
        var bars = ""
        for (index, amount) in daily.enumerated() {
            let barHeight = Int(Double(height - bottom - top) * Double(amount.kopecks) / Double(maximum))
            let x = Double(left) + Double(index) * slot
            let y = height - bottom - barHeight
            let label = "\(index + 1): \(amount.withCurrency(language))"
            bars +=
                "<rect x=\"\(format(x + 1))\" y=\"\(y)\" width=\"\(format(slot - 2))\" height=\"\(barHeight)\" fill=\"#c2185b\"><title>\(label)</title></rect>"
            if index % 5 == 0 || index == daily.count - 1 {
                bars +=
                    "<text x=\"\(format(x + slot / 2))\" y=\"\(height - 8)\" font-size=\"18\" text-anchor=\"middle\" fill=\"#666\">\(index + 1)</text>"
            }
        }
        let peak = Money(kopecks: maximum == 1 ? 0 : maximum).withCurrency(language)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(language == .ru ? "Расходы по дням" : "Money out per day")">\
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width - left)" y2="\(height - bottom)" stroke="#ccc"/>\
            <text x="\(left)" y="20" font-size="18" fill="#555">\(language == .ru ? "макс." : "max") \(peak)</text>\(bars)</svg>
            """
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
