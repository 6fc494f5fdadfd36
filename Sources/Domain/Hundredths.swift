/// Hundredths as a person writes the number: `250` → «2,5» / "2.5", `200` → «2», `998` → «9,98».
/// One rule for gigabytes left and percentages, so both read the same in each language.
public enum Hundredths {
    public static func text(_ hundredths: Int64, _ language: Language) -> String {
        let whole = hundredths / 100
        let fraction = hundredths.magnitude % 100
        guard fraction != 0 else { return String(whole) }
        var digits = fraction < 10 ? "0\(fraction)" : String(fraction)
        if digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole)\(language == .ru ? "," : ".")\(digits)"
    }
}
