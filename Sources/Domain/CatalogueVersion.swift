
/// One imported version of the catalogue file. Versions are kept: what a contract was sold under
/// stays readable after the operator changes the catalogue.
public struct CatalogueVersion: Sendable, Equatable {
    public var version: Int64
    /// The file as imported; it passed `CatalogueDocument` checks then.
    public var source: String
    /// SHA-256 of `source`, so importing the same file twice makes no new version.
    public var checksum: String
    public var importedAt: Timestamp
    /// The console login that saved it; `nil` for the command line.
    public var importedBy: String?

    public init(version: Int64, source: String, checksum: String, importedAt: Timestamp, importedBy: String? = nil) {
        self.version = version
        self.source = source
        self.checksum = checksum
        self.importedAt = importedAt
        self.importedBy = importedBy
    }
}
