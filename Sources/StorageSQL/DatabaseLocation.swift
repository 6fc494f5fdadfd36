import Foundation

/// Where the database lives, parsed from configuration.
///
/// `sqlite:PATH` (or a bare path ending in `.sqlite`) for the embedded database;
/// `postgres://user:password@host:port/database[?sslmode=disable|require]` for PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public init(parsing text: String) throws(DatabaseLocationError) {
        if text.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: text), let host = components.host,
                let user = components.user, !user.isEmpty
            else { throw .malformed }
            let database = String(components.path.drop(while: { $0 == "/" }))
            let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
            // verify-ca / verify-full would promise checks this client does not make: refused, not downgraded.
            guard let tls = PostgresLocation.TLSMode(rawValue: sslMode) else { throw .unsupportedSSLMode(sslMode) }
            self = .postgres(
                PostgresLocation(
                    host: host, port: components.port ?? 5432, user: user, password: components.password,
                    database: database.isEmpty ? user : database,
                    tls: tls
                ))
        } else if text.hasSuffix(".sqlite") || text.hasSuffix(".db") {
            self = .sqlite(path: text)
        } else {
            throw .unsupportedScheme
        }
        if case .sqlite(let path) = self, path.isEmpty { throw .malformed }
    }

    /// The full address, password included, for handing to a child process. Never log it.
    public var url: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let p):
            var credentials = p.user
            if let password = p.password {
                credentials += ":" + (password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            return "postgres://\(credentials)@\(p.host):\(p.port)/\(p.database)?sslmode=\(p.tls.rawValue)"
        }
    }

    /// A description without the password, safe for logs.
    public var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let p): "postgres://\(p.user)@\(p.host):\(p.port)/\(p.database)"
        }
    }
}

public struct PostgresLocation: Sendable, Equatable {
    public enum TLSMode: String, Sendable {
        case disable
        case prefer
        case require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
}

public enum DatabaseLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedScheme
    case malformed
    case unsupportedSSLMode(String)

    public var description: String {
        switch self {
        case .unsupportedSSLMode(let mode): "sslmode=\(mode) is not supported: use disable, prefer or require"
        case .unsupportedScheme: "database must be sqlite:PATH or postgres://USER@HOST:PORT/DB"
        case .malformed: "database address is malformed"
        }
    }
}
