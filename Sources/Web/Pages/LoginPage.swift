/// The login page (A1, A2): phone and password, and "get password" in the same form.
enum LoginPage {
    struct Model {
        let csrf: String
        let phone: String
        let error: String?
        let info: String?
        let demo: Bool
        /// Right after a password was sent: seconds before "get a password" may be pressed again.
        /// Social sign-in buttons (A10), one per configured provider.
        var social: [Social] = []
        var waiting = false
        var wait: Int64 = 0
        var countdown = ""
        var note = ""
    }

    struct Form: Decodable {
        let csrf: String?
        let phone: String?
        let password: String?
        let action: String?
    }
}

/// The home screen (B1): number, balance and bonus points at a glance.
enum HomePage {
    struct Model {
        let number: String
        let name: String
        let balance: String
        let bonus: String
        let tariff: String
        let csrf: String
        let promised: String?
        let promisedDue: String?
        let status: String
        let blocked: Bool
        let packages: [Package]
        let hasPackages: Bool
    }

    /// One package remainder (C3) with its renewal date.
    struct Package {
        let name: String
        let left: String
        let renews: String
        let percentLeft: Int64
    }
}

/// Login settings (A5): one-time or own password, with SMS confirmation.
enum SettingsPage {
    struct Model {
        let csrf: String
        let staticMode: Bool
        let pending: Bool
        let error: String?
        let info: String?
        /// The language of the subscriber's SMS and USSD answers.
        var smsRussian = true
        var resend: ResendForm? = nil
        /// The app installs bound to the number (A8), each with a revoke button.
        var devices: [DeviceRow] = []
        var hasDevices = false
        /// Whether the app may sign in by itself on the operator's mobile data (A9).
        var networkLogin = true
        var social: [Social] = []
        var hasSocial = false
    }

    struct NetworkForm: Decodable {
        let csrf: String?
        let enabled: String?
    }

    struct DeviceRow {
        let id: Int64
        let name: String
        let platform: String
        let lastUsed: String
        let pin: String
    }

    struct RevokeForm: Decodable {
        let csrf: String?
        let device: Int64?
    }

    struct StaticForm: Decodable {
        let csrf: String?
        let password: String?
        let repeated: String?

        enum CodingKeys: String, CodingKey {
            case csrf, password
            case repeated = "repeat"
        }
    }

    struct ConfirmForm: Decodable {
        let csrf: String?
        let code: String?
    }
}

/// Forms that carry nothing but their CSRF token.
struct CSRFForm: Decodable {
    let csrf: String?
}

/// The demo's SMS delivery (demo mode only).
enum OutboxPage {
    struct Row {
        let time: String
        let to: String
        let from: String
        let text: String
    }

    struct Mail {
        let time: String
        let to: String
        let subject: String
        let body: String
        let attachment: String
        let sent: Bool
    }

    struct Model {
        let messages: [Row]
        let hasMessages: Bool
        let mails: [Mail]
        let hasMails: Bool
    }
}

/// 4xx and 5xx pages.
enum ErrorPage {
    struct Model {
        let heading: String
        let message: String
    }
}

/// A social sign-in provider on the login page or in the settings.
struct Social {
    let id: String
    let name: String
    var linked = false
}
