import Core
import Domain
import Hummingbird

/// Spending statistics (D3): six months and the days of one month, by category, as charts and a table.
public struct StatisticsController: Sendable {
    let deps: WebDependencies
    let pages: PageRenderer

    public init(deps: WebDependencies, pages: PageRenderer) {
        self.deps = deps
        self.pages = pages
    }

    struct Model {
        let title: String
        let previous: String
        let next: String?
        let monthsChart: String
        let daysChart: String
        let legend: [Legend]
        let rows: [Row]
        let total: String
        /// The charts as tables: what a screen reader reads, and anyone who wants the figures.
        var monthsTable: [Row] = []
        var daysTable: [Row] = []
    }

    struct Legend {
        let name: String
        let colour: String
    }

    struct Row {
        let name: String
        let amount: String
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/statistics") { request, _ in
            guard let session = try await deps.session(of: request) else { return signInFirst(request) }
            let language = WebCookies.language(of: request)
            let statistics = deps.services.statistics
            let current = statistics.currentMonth()
            let asked = request.uri.queryParameters.get("m").flatMap(CalendarMonth.init(parsing:)) ?? current
            let month = min(asked, current)
            let months = try await statistics.months(for: session.subscription, endingWith: month)
            let days = try await statistics.days(for: session.subscription, of: month)
            let ru = language == .ru
            let shown = months.last ?? SpendingPeriod(label: month.description, byCategory: [:])
            let model = Model(
                title: month.name(language), previous: month.previous.description,
                next: month < current ? month.next.description : nil,
                monthsChart: StackedChart.svg(
                    months, labels: months.map { Self.monthLabel($0.label, language) }, labelEvery: 1,
                    caption: ru ? "Расходы по месяцам" : "Spending per month", language: language),
                daysChart: StackedChart.svg(
                    days, labels: days.map { String(Int($0.label.suffix(2)) ?? 0) }, labelEvery: 7,
                    caption: ru ? "Расходы по дням" : "Spending per day", language: language),
                legend: StatisticsService.spendingCategories.map {
                    Legend(name: $0.name(language), colour: StackedChart.colours[$0] ?? "#999")
                },
                rows: StatisticsService.spendingCategories.compactMap { category in
                    guard let amount = shown.byCategory[category], amount > 0 else { return nil }
                    return Row(name: category.name(language), amount: Money(kopecks: amount).withCurrency(language))
                }, total: Money(kopecks: shown.total).withCurrency(language))
            var described = model
            described.monthsTable = months.map {
                Row(name: Self.monthLabel($0.label, language), amount: Self.breakdown($0, language))
            }
            described.daysTable = days.filter { $0.total > 0 }.map {
                Row(name: String(Int($0.label.suffix(2)) ?? 0), amount: Self.breakdown($0, language))
            }
            return pages.render(
                "statistics", title: pages.title("statistics_title"), page: described, language: language, path: "/statistics")
        }
    }

    /// `1 250,00 ₽ (Звонки 300,00 ₽, Интернет 950,00 ₽)`.
    static func breakdown(_ period: SpendingPeriod, _ language: Language) -> String {
        let parts = StatisticsService.spendingCategories.compactMap { category -> String? in
            guard let amount = period.byCategory[category], amount > 0 else { return nil }
            return "\(category.name(language)) \(Money(kopecks: amount).withCurrency(language))"
        }
        let total = Money(kopecks: period.total).withCurrency(language)
        return parts.isEmpty ? total : "\(total) (\(parts.joined(separator: ", ")))"
    }

    /// `2026-07` as a person reads it under a bar: «июл 2026», "Jul 2026".
    static func monthLabel(_ label: String, _ language: Language) -> String {
        guard let month = CalendarMonth(parsing: label) else { return label }
        let names =
            language == .ru
            ? ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
            : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(names[month.month - 1]) \(month.year)"
    }
}
