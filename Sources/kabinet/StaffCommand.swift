import App
import ArgumentParser
import Core
import Domain
import Foundation

/// Staff accounts for the operator console are made here, on the server, never from the web.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Operator console accounts.", subcommands: [Add.self, Password.self])

    /// The password from `KABINET_STAFF_PASSWORD`, else a new random one that is printed once.
    static func password() -> (value: String, generated: Bool) {
        if let given = ProcessInfo.processInfo.environment["KABINET_STAFF_PASSWORD"], !given.isEmpty {
            return (given, false)
        }
        return (String(Secrets.token().prefix(20)), true)
    }

    static func fail(_ refusal: StaffRefusal) -> ExitCode {
        FileHandle.standardError.write(Data((refusal.text(.en, settings: KabinetSettings()) + "\n").utf8))
        return ExitCode(1)
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a console account; the password comes from KABINET_STAFF_PASSWORD or is generated.")

        @OptionGroup var common: CommonOptions
        @Argument(help: "Login: 2-40 Latin letters, digits, dots, hyphens, underscores.") var login: String
        @Option(help: "The person's name as the console shows it.") var name: String = ""

        func run() async throws {
            let password = StaffCommand.password()
            let result = try await common.withServices { services in
                try await services.staff.add(login: login, name: name, password: password.value)
            }
            switch result {
            case .success(let member):
                print("Created console account \(member.login) (\(member.name)).")
                if password.generated { print("Password (shown once): \(password.value)") }
            case .failure(let refusal): throw StaffCommand.fail(refusal)
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (KABINET_STAFF_PASSWORD or generated) and sign the account out everywhere.")

        @OptionGroup var common: CommonOptions
        @Argument(help: "The account's login.") var login: String

        func run() async throws {
            let password = StaffCommand.password()
            let result = try await common.withServices { services in
                try await services.staff.setPassword(login: login, password: password.value)
            }
            switch result {
            case .success:
                print("New password set for \(login.lowercased()); its console sessions have ended.")
                if password.generated { print("Password (shown once): \(password.value)") }
            case .failure(let refusal): throw StaffCommand.fail(refusal)
            }
        }
    }
}
