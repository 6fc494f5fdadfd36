import Core
import Domain
import Foundation

/// The statement (D2) and spending statistics (D3) for the app.
extension KabinetAPI {
    public func getStatement(_ input: Operations.GetStatement.Input) async throws -> Operations.GetStatement.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        let statements = services.statements
        let defaults = statements.defaultPeriod()
        let query = input.query
        guard let from = statements.dayStart(query.from ?? defaults.from),
            let lastDay = statements.dayStart(query.to ?? defaults.to)
        else {
            return .unprocessableContent(
                Problems.make(
                    status: 422, code: "period_invalid",
                    detail: language == .ru ? "Даты — в виде ГГГГ-ММ-ДД." : "Dates are YYYY-MM-DD."))
        }
        if let limit = query.limit, !(1...500).contains(limit) {
            // Refused, not clamped: a client asking for 0 or 10 000 lines has a bug it should hear about.
            return .badRequest(
                Problems.make(
                    status: 400, code: "limit_invalid",
                    detail: language == .ru ? "limit — от 1 до 500 строк." : "limit is 1 to 500 lines."))
        }
        var categories = Set(StatementCategory.allCases)
        if let types = query.types {
            let asked = types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let known = asked.compactMap(StatementCategory.init(rawValue:))
            guard !asked.isEmpty, known.count == asked.count else {
                return .unprocessableContent(
                    Problems.make(
                        status: 422, code: "types_invalid",
                        detail: "types: comma-separated calls, sms, data, fees, payments, other"))
            }
            categories = Set(known)
        }
        let result = try await statements.page(
            for: session.subscription, from: from, to: lastDay.adding(seconds: 86_400), categories: categories,
            after: query.cursor, limit: query.limit ?? 100)
        switch result {
        case .failure(let refusal):
            return .unprocessableContent(Problems.make(status: 422, code: "statement_refused", detail: refusal.text(language)))
        case .success(let page):
            return .ok(
                .init(
                    body: .json(
                        .init(
                            from: page.from.date, to: page.to.date,
                            lines: page.lines.map { line in
                                .init(
                                    at: line.at.date, category: .init(rawValue: line.category.rawValue) ?? .other,
                                    code: line.code, title: line.title(language), incoming: line.incoming,
                                    otherParty: line.otherParty, quantity: line.quantity, fromPackages: line.fromPackages,
                                    amountKopecks: line.amount, operationId: line.operationID)
                            }, next: page.next?.token))))
        }
    }

    public func getStatistics(_ input: Operations.GetStatistics.Input) async throws -> Operations.GetStatistics.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let language = self.language
        let statistics = services.statistics
        let current = statistics.currentMonth()
        var month = current
        if let asked = input.query.month {
            guard let parsed = CalendarMonth(parsing: asked) else {
                return .unprocessableContent(
                    Problems.make(
                        status: 422, code: "month_invalid",
                        detail: language == .ru ? "Месяц указывается как ГГГГ-ММ." : "Give the month as YYYY-MM."))
            }
            month = min(parsed, current)
        }
        func periods(_ items: [SpendingPeriod]) -> [Components.Schemas.SpendingPeriod] {
            items.map { period in
                .init(
                    period: period.label, totalKopecks: period.total,
                    categories: StatisticsService.spendingCategories.compactMap { category in
                        guard let amount = period.byCategory[category], amount > 0 else { return nil }
                        return .init(category: category.rawValue, name: category.name(language), amountKopecks: amount)
                    })
            }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        months: periods(try await statistics.months(for: session.subscription, endingWith: month)),
                        days: periods(try await statistics.days(for: session.subscription, of: month))))))
    }
}
