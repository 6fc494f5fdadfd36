/// Confirmation codes sent by SMS are stored as bcrypt hashes, like passwords.
enum ConfirmationCode {
    /// Whether `digits` is the code `hash` was made from. Hashes written before codes were salted (plain
    /// SHA-256) never match: such a confirmation is simply asked for again.
    static func matches(_ digits: String, _ hash: String?, _ hasher: PasswordHasher) async -> Bool {
        guard let hash, !digits.isEmpty, hash.hasPrefix("$2") else { return false }
        return await hasher.verify(digits, against: hash)
    }
}
