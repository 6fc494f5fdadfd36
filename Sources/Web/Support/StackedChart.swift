import Core
import Domain

/// Spending by category as stacked SVG bars, drawn on the server so the page needs no script (D3).
enum StackedChart {
    static let colours: [StatementCategory: String] = [
        .calls: "#1565c0", .sms: "#2e7d32", .data: "#c2185b", .fees: "#ef6c00", .other: "#757575",
    ]

    /// `labels` are what is written under each bar (every `labelEvery`-th); titles show the exact sums.
    static func svg(
        _ periods: [SpendingPeriod], labels: [String], labelEvery: Int, caption: String, language: Language
    ) -> String {
        let width = 620
        let height = 200
        let left = 8
        let bottom = 30
        let top = 28
        let maximum = max(periods.map(\.total).max() ?? 0, 1)
        let slot = Double(width - left * 2) / Double(max(periods.count, 1))
        var shapes = ""
        for (index, period) in periods.enumerated() {
            let x = Double(left) + Double(index) * slot
            var base = Double(height - bottom)
            for category in StatisticsService.spendingCategories {
                let amount = period.byCategory[category] ?? 0
                guard amount > 0 else { continue }
                let barHeight = Double(height - bottom - top) * Double(amount) / Double(maximum)
                base -= barHeight
                let title = "\(labels[index]) · \(category.name(language)): \(Money(kopecks: amount).withCurrency(language))"
                shapes +=
                    "<rect x=\"\(format(x + 1))\" y=\"\(format(base))\" width=\"\(format(max(slot - 2, 1)))\" height=\"\(format(barHeight))\" fill=\"\(colours[category] ?? "#999")\"><title>\(title)</title></rect>"
            }
            if index % max(labelEvery, 1) == 0 || index == periods.count - 1 {
                shapes +=
                    "<text x=\"\(format(x + slot / 2))\" y=\"\(height - 8)\" font-size=\"18\" text-anchor=\"middle\" fill=\"#666\">\(labels[index])</text>"
            }
        }
        let peak = Money(kopecks: maximum == 1 ? 0 : maximum).withCurrency(language)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(caption)">\
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width - left)" y2="\(height - bottom)" stroke="#ccc"/>\
            <text x="\(left)" y="20" font-size="18" fill="#555">\(language == .ru ? "макс." : "max") \(peak)</text>\(shapes)</svg>
            """
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
