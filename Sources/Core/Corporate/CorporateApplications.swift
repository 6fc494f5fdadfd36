import Domain
import Foundation
import Storage

/// The storage this file's use case reaches inside its transactions: the compiler refuses any other
/// query, so a change that needs more widens this line and shows it in review.
public typealias CorporateApplicationsPort = CorporateQueries & MailQueries & OutboxQueries & SubscriptionQueries & ThrottleQueries

/// An application as typed into the public form or sent to the API.
public struct CorporateApplicationForm: Sendable, Equatable {
    public var companyName: String
    public var inn: String
    public var contactName: String
    public var email: String
    public var phone: String
    public var region: String
    /// Numbers separated by commas, spaces or new lines.
    public var numbers: String

    public init(
        companyName: String, inn: String, contactName: String, email: String, phone: String, region: String,
        numbers: String
    ) {
        self.companyName = companyName
        self.inn = inn
        self.contactName = contactName
        self.email = email
        self.phone = phone
        self.region = region
        self.numbers = numbers
    }
}

/// What is wrong with an application or a decision on it.
public enum CorporateApplicationRefusal: Error, Sendable, Equatable {
    case companyName
    case inn
    case contactName
    case email
    case phone
    case region
    /// `number` is not a phone number, or the list is empty or too long.
    case numbers(String?)
    case tooMany(until: Timestamp)
    case notFound
    /// A colleague decided it already.
    case alreadyDecided
    case reasonMissing

    /// The form field the problem is about, for the page to point at.
    public var field: String? {
        switch self {
        case .companyName: "company_name"
        case .inn: "inn"
        case .contactName: "contact_name"
        case .email: "email"
        case .phone: "phone"
        case .region: "region"
        case .numbers: "numbers"
        case .reasonMissing: "reason"
        case .tooMany, .notFound, .alreadyDecided: nil
        }
    }

    public var code: String {
        switch self {
        case .companyName: "company_name_invalid"
        case .inn: "inn_invalid"
        case .contactName: "contact_name_invalid"
        case .email: "email_invalid"
        case .phone: "phone_invalid"
        case .region: "region_unknown"
        case .numbers: "numbers_invalid"
        case .tooMany: "too_many_requests"
        case .notFound: "application_not_found"
        case .alreadyDecided: "application_decided"
        case .reasonMissing: "reason_missing"
        }
    }

    public func text(_ language: Language, settings: KabinetSettings) -> String {
        let ru = language == .ru
        switch self {
        case .companyName: return ru ? "Укажите название компании (от 2 до 200 знаков)." : "Enter the company's name (2 to 200 characters)."
        case .inn:
            return ru
                ? "ИНН не прошёл проверку: 10 цифр для организации или 12 для ИП, с верными контрольными цифрами."
                : "The INN is not valid: 10 digits for an organisation or 12 for a sole trader, with correct check digits."
        case .contactName: return ru ? "Укажите контактное лицо (от 2 до 100 знаков)." : "Enter the contact person (2 to 100 characters)."
        case .email: return ru ? "Укажите адрес электронной почты, например info@example.ru." : "Enter an e-mail address, e.g. info@example.com."
        case .phone:
            return ru ? "Укажите мобильный номер контактного лица: на него придёт пароль." : "Enter the contact person's mobile number: the password is sent to it."
        case .region: return ru ? "Выберите регион обслуживания." : "Choose the region where the company is served."
        case .numbers(let bad):
            if let bad {
                return ru ? "«\(bad)» — не номер телефона. Перечислите номера компании через запятую или с новой строки." : "“\(bad)” is not a phone number. List the company's numbers separated by commas or new lines."
            }
            return ru
                ? "Перечислите номера компании (от 1 до \(CorporateApplicationService.maximumNumbers)) через запятую или с новой строки."
                : "List the company's numbers (1 to \(CorporateApplicationService.maximumNumbers)) separated by commas or new lines."
        case .tooMany(let until):
            let time = Notice.moment(until, settings: settings, ru: ru)
            return ru ? "Слишком много заявок с этого адреса. Повторите \(time)." : "Too many applications from this address. Try again \(time)."
        case .notFound: return ru ? "Такой заявки нет." : "There is no such application."
        case .alreadyDecided: return ru ? "Решение по заявке уже принято." : "The application has been decided already."
        case .reasonMissing: return ru ? "Укажите причину отказа: её получит компания." : "Give the reason for the refusal: the company receives it."
        }
    }
}

/// What approving an application did.
public struct CorporateApproval: Sendable, Equatable {
    public var companyID: SubscriberID
    public var login: String
    /// Listed numbers now in the company's cabinet.
    public var attached: [MSISDN]
    /// Listed numbers left where they were: not served, or held by a private person.
    public var skipped: [MSISDN]
}

/// Applications for the corporate cabinet (A11, F3): a company applies on a public page; staff approve
/// or reject in the console. Approval makes (or finds, by INN) the company, takes the listed numbers the
/// company holds into it, and creates its administrator with one-time credentials — the login by e-mail,
/// the password by SMS to the contact's number — so neither channel alone opens the cabinet.
public struct CorporateApplicationService: Sendable {
    let store: any Store
    let clock: any Clock
    let settings: KabinetSettings
    let hasher: PasswordHasher

    public static let maximumNumbers = 10_000
    /// Applications per client address: enough for a company's office, not for a flood.
    static let applicationLimits = [RateWindow(5, per: 3600), RateWindow(20, per: 86_400)]
    /// How long the issued password's SMS text stays readable in the outbox.
    static let issuedPasswordSeconds: Int64 = 7 * 86_400

    public init(store: any Store, clock: any Clock, settings: KabinetSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
    }

    public func apply(
        _ form: CorporateApplicationForm, language: Language, clientAddress: String?
    ) async throws -> Result<CorporateApplication, CorporateApplicationRefusal> {
        let application: CorporateApplication
        switch validated(form, language: language) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let value): application = value
        }
        let settings = self.settings
        let now = application.createdAt
        return try await store.transaction { (tx: any CorporateApplicationsPort) in
            if let clientAddress {
                if let until = try await Throttle.allowedAt(
                    .corporateApplication, subject: clientAddress, windows: Self.applicationLimits, tx, now: now)
                {
                    return .failure(.tooMany(until: until))
                }
                try await tx.recordThrottleEvent(.corporateApplication, subject: clientAddress, at: now)
            }
            var stored = application
            stored.id = try await tx.insertCorporateApplication(application)
            let text =
                language == .ru
                ? "Заявка №\(stored.id) на корпоративный кабинет принята. О решении сообщим на \(stored.email)."
                : "Application No. \(stored.id) for the corporate cabinet is received. We will write to \(stored.email) with the decision."
            try await tx.enqueueSMS(to: stored.phone, sender: settings.serviceNumber, text: text, at: now)
            return .success(stored)
        }
    }

    func validated(
        _ form: CorporateApplicationForm, language: Language
    ) -> Result<CorporateApplication, CorporateApplicationRefusal> {
        func clean(_ text: String) -> String {
            text.trimmingCharacters(in: .whitespacesAndNewlines).filter { !$0.isNewline }
        }
        let name = clean(form.companyName)
        guard (2...200).contains(name.count) else { return .failure(.companyName) }
        guard let inn = INN.validated(clean(form.inn)) else { return .failure(.inn) }
        let contact = clean(form.contactName)
        guard (2...100).contains(contact.count) else { return .failure(.contactName) }
        let email = clean(form.email)
        guard Self.looksLikeEmail(email) else { return .failure(.email) }
        guard let phone = try? MSISDN(parsing: form.phone) else { return .failure(.phone) }
        guard settings.regions.contains(where: { $0.code == form.region }) else { return .failure(.region) }
        let pieces = form.numbers.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard (1...Self.maximumNumbers).contains(pieces.count) else { return .failure(.numbers(nil)) }
        var numbers: [MSISDN] = []
        var seen = Set<String>()
        for piece in pieces {
            guard let number = try? MSISDN(parsing: piece) else { return .failure(.numbers(String(piece.prefix(30)))) }
            if seen.insert(number.digits).inserted { numbers.append(number) }
        }
        return .success(
            CorporateApplication(
                id: 0, companyName: name, inn: inn, contactName: contact, email: email, phone: phone,
                region: form.region, numbers: numbers, language: language, state: .pending, createdAt: clock.now()))
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            text.allSatisfy({ !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "\"" })
        else { return false }
        return true
    }

    public func applications(state: CorporateApplicationState?, limit: Int = 200) async throws -> [CorporateApplication] {
        try await store.read { (tx: any CorporateApplicationsPort) in try await tx.corporateApplications(state: state, limit: limit) }
    }

    public func application(id: Int64) async throws -> CorporateApplication? {
        try await store.read { (tx: any CorporateApplicationsPort) in try await tx.corporateApplication(id: id) }
    }

    /// Approves a pending application on behalf of `staff`, all in one transaction.
    public func approve(id: Int64, by staff: String) async throws -> Result<CorporateApproval, CorporateApplicationRefusal> {
        let now = clock.now()
        let settings = self.settings
        let password = CorporateAccessService.issuedPassword()
        let hash = await hasher.hash(password)
        return try await store.transaction { (tx: any CorporateApplicationsPort) in
            guard let application = try await tx.corporateApplication(id: id) else { return .failure(.notFound) }
            guard application.state == .pending else { return .failure(.alreadyDecided) }
            // The company's record: the one with this INN; else the BSS's record holding most of the listed
            // numbers (all its numbers come along); else a new one.
            let companyID: SubscriberID
            if let existing = try await tx.company(inn: application.inn) {
                companyID = existing.id
            } else {
                var holders: [SubscriberID: Int] = [:]
                for number in application.numbers {
                    guard let contract = try await tx.latestSubscription(for: number), contract.endedAt == nil,
                        contract.subscriberKind == .company, try await tx.company(id: contract.subscriberID)?.inn == nil
                    else { continue }
                    holders[contract.subscriberID, default: 0] += 1
                }
                if let adopted = holders.max(by: { ($0.value, -$0.key.rawValue) < ($1.value, -$1.key.rawValue) })?.key {
                    try await tx.setCompanyIdentity(adopted, inn: application.inn, region: application.region)
                    companyID = adopted
                } else {
                    companyID = try await tx.insertCompany(
                        name: application.companyName, inn: application.inn, region: application.region, at: now)
                }
            }
            guard
                try await tx.decideCorporateApplication(
                    id: id, state: .approved, reason: nil, companyID: companyID, by: staff, at: now)
            else { return .failure(.alreadyDecided) }
            var attached: [MSISDN] = []
            var skipped: [MSISDN] = []
            for number in application.numbers {
                guard let contract = try await tx.latestSubscription(for: number), contract.endedAt == nil,
                    contract.status != .terminated
                else {
                    skipped.append(number)
                    continue
                }
                if contract.subscriberID == companyID {
                    attached.append(number)
                } else if contract.subscriberKind == .company {
                    // A company's number sold under another record of the same company (the BSS made one
                    // record per contract): it moves into the cabinet's company, keeping its holder's name.
                    try await tx.moveSubscription(contract.id, to: companyID)
                    attached.append(number)
                } else {
                    skipped.append(number)
                }
            }
            let login = try await CorporateAccessService.freeLogin(
                base: "adm\(application.inn)", region: application.region, tx)
            _ = try await tx.insertCorporateUser(
                CorporateUser(
                    id: 0, companyID: companyID, region: application.region, login: login, name: application.contactName,
                    email: application.email, phone: application.phone, role: .administrator, passwordHash: hash,
                    mustChange: true, createdAt: now, language: application.language))
            try await CorporateAccessService.sendCredentials(
                login: login, password: password, email: application.email, phone: application.phone,
                region: application.region, language: application.language, settings: settings, tx, at: now)
            try await tx.recordStaffAction(
                login: staff, action: "corporate_application_approved",
                detail: "application \(id), company \(companyID.rawValue) «\(application.companyName)», administrator \(login), numbers attached \(attached.count), left \(skipped.count)",
                at: now)
            return .success(CorporateApproval(companyID: companyID, login: login, attached: attached, skipped: skipped))
        }
    }

    public func reject(id: Int64, reason: String, by staff: String) async throws -> Result<Void, CorporateApplicationRefusal> {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(reason.count) else { return .failure(.reasonMissing) }
        let now = clock.now()
        return try await store.transaction { (tx: any CorporateApplicationsPort) in
            guard let application = try await tx.corporateApplication(id: id) else { return .failure(.notFound) }
            guard
                try await tx.decideCorporateApplication(
                    id: id, state: .rejected, reason: reason, companyID: nil, by: staff, at: now)
            else { return .failure(.alreadyDecided) }
            let ru = application.language == .ru
            _ = try await tx.enqueueMail(
                to: application.email,
                subject: ru ? "Заявка №\(id) на корпоративный кабинет" : "Application No. \(id) for the corporate cabinet",
                body: ru
                    ? "Здравствуйте, \(application.contactName)!\n\nК сожалению, заявку компании «\(application.companyName)» отклонили.\nПричина: \(reason)\n\nВы можете подать новую заявку."
                    : "Dear \(application.contactName),\n\nWe are sorry: the application of \(application.companyName) was rejected.\nReason: \(reason)\n\nYou may apply again.",
                attachmentName: nil, attachment: nil, at: now)
            try await tx.recordStaffAction(
                login: staff, action: "corporate_application_rejected", detail: "application \(id): \(reason)", at: now)
            return .success(())
        }
    }
}
