import App
import ArgumentParser
import Domain

struct Ussd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dial a USSD code as the given number, through the same core the gateway uses.",
        discussion: "Example: kabinet ussd --from '8 926 123-45-67' '*105*00#'")

    @OptionGroup var common: CommonOptions
    @Option(help: "The calling number, in any usual form.") var from: String
    @Argument(help: "The USSD string, e.g. *105*00# or *100#.") var code: String
    @Option(help: "Menu answers typed after the code, separated by *, e.g. 3*MyNewPassword.") var reply: String = ""

    func run() async throws {
        let msisdn: MSISDN
        do { msisdn = try MSISDN(parsing: from) } catch {
            throw ValidationError("--from: not a Russian mobile number (\(error))")
        }
        guard code.hasPrefix("*"), code.hasSuffix("#") else {
            throw ValidationError("a USSD code starts with * and ends with #")
        }
        let typed = self.reply
        let code = self.code
        let reply = try await common.withServices { services in
            try await services.ussd.handle(from: msisdn, serviceCode: code, text: typed)
        }
        print(reply.text)
        if !reply.endsSession { print("(menu open: repeat with --reply CHOICE)") }
    }
}
