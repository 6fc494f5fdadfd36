/// Where a `back=` parameter may send the browser: only a path of this site. An open redirect would help
/// phishing, and browsers read more into a path than it shows — they drop tabs and line breaks and take a
/// backslash for `/` — so `/%09/example.com` and `/%5Cexample.com` both lead off-site and are refused.
enum SafeRedirect {
    static func localPath(_ candidate: String) -> String? {
        guard candidate.utf8.count <= 2_000, candidate.hasPrefix("/") else { return nil }
        for scalar in candidate.unicodeScalars {
            if scalar.value < 0x21 || scalar.value == 0x7F || scalar == "\\" { return nil }
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .format { return nil }
        }
        let rest = candidate.dropFirst()
        guard !rest.hasPrefix("/") else { return nil }
        return candidate
    }
}
