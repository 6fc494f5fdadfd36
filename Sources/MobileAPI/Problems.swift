import Core
import Domain

/// RFC 9457 problem bodies with stable codes and a subscriber-readable detail.
enum Problems {
    static func make(
        status: Int, code: String, detail: String, retryAfterSeconds: Int64? = nil, attemptsLeft: Int? = nil
    ) -> Components.Responses.Problem {
        .init(
            headers: .init(retryAfter: retryAfterSeconds.map { max($0, 1) }),
            body: .applicationProblemJson(
                .init(
                    _type: "/api/v1/problems/\(code)", title: title(status), status: status, detail: detail, code: code,
                    retryAfterSeconds: retryAfterSeconds, attemptsLeft: attemptsLeft)))
    }

    static func unauthorized(_ language: Language) -> Components.Responses.Problem {
        make(
            status: 401, code: "unauthorized",
            detail: language == .ru
                ? "Нужно войти заново: сессия истекла или токен неверен."
                : "Please sign in again: the session has expired or the token is invalid.")
    }

    static func invalidPhone(
        _ error: MSISDNError, _ language: Language, settings: KabinetSettings
    )
        -> Components.Responses.Problem
    {
        make(status: 400, code: "invalid_phone", detail: Notice.phone(error).text(language, settings: settings))
    }

    /// A refusal carried through a `Result` until the operation picks its status.
    struct Refused: Error {
        let problem: Components.Responses.Problem
        init(_ problem: Components.Responses.Problem) { self.problem = problem }
    }

    /// Whether an SMS code is as the contract describes it (`ConfirmationRequest`: 6-16 digits and spaces).
    static func wellFormedCode(_ code: String) -> Bool {
        (6...16).contains(code.count) && code.allSatisfy { $0 == " " || ($0.isASCII && $0.isNumber) }
    }

    static func malformedCode(_ language: Language) -> Components.Responses.Problem {
        make(
            status: 422, code: "code_malformed",
            detail: language == .ru ? "Код — цифры из SMS, от 6 до 16 знаков." : "The code is the digits from the SMS, 6 to 16 of them.")
    }

    static func code(_ refusal: SelfCareRefusal) -> String {
        LoginRefusal.selfCare(refusal).code
    }

    private static func title(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 422: "Unprocessable Content"
        case 423: "Locked"
        case 429: "Too Many Requests"
        default: "Error"
        }
    }
}
