import Domain
import Metrics

/// The counters use cases report, named once here after Prometheus conventions (`kabinet_…_total`,
/// base units), so every channel counts the same thing the same way. Until a metrics backend is
/// bootstrapped (the server does it at start) they cost nothing.
public enum Telemetry {
    public static func count(_ name: String, _ dimensions: [(String, String)] = [], by amount: Int = 1) {
        guard amount > 0 else { return }
        Counter(label: name, dimensions: dimensions).increment(by: amount)
    }

    /// Records a duration into a histogram named `…_seconds`.
    public static func record(_ name: String, _ dimensions: [(String, String)] = [], seconds: Double) {
        Timer(label: name, dimensions: dimensions).recordNanoseconds(Int64(max(0, seconds) * 1_000_000_000))
    }

    /// A login decided on a channel: `signed_in` or the refusal's code.
    static func login(_ channel: Channel, _ outcome: LoginOutcome) {
        let result: String =
            switch outcome {
            case .signedIn: "signed_in"
            case .refused(let refusal): refusal.code
            }
        count("kabinet_logins_total", [("channel", channel.rawValue), ("outcome", result)])
    }

    /// A confirmation code or one-time password sent by SMS.
    static func codeSent(_ purpose: String) {
        count("kabinet_codes_sent_total", [("purpose", purpose)])
    }
}
