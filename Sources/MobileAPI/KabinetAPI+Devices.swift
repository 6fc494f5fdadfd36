import Core
import Domain

/// Devices and their PINs (A8): bind after a password login, set a PIN, sign in with it.
extension KabinetAPI {
    public func pinLogin(_ input: Operations.PinLogin.Input) async throws -> Operations.PinLogin.Output {
        guard case .json(let body) = input.body else { return .badRequest(problem(.unknownDevice, status: 400)) }
        switch try await devices.signIn(
            deviceToken: String(body.deviceToken.prefix(128)), pin: String(body.pin.prefix(16)),
            clientAddress: APIRequestInfo.current.clientAddress)
        {
        case .success(let grant): return .ok(.init(body: .json(tokenPair(grant))))
        case .failure(let refusal):
            switch refusal {
            case .selfCare: return .forbidden(problem(refusal, status: 403))
            case .lockedUseSIM: return .code423(problem(refusal, status: 423))
            case .tooManyAttempts: return .tooManyRequests(problem(refusal, status: 429))
            default: return .unauthorized(problem(refusal, status: 401))
            }
        }
    }

    public func networkLogin(_ input: Operations.NetworkLogin.Input) async throws -> Operations.NetworkLogin.Output {
        var body: Components.Schemas.NetworkLoginRequest?
        if case .json(let sent) = input.body { body = sent }
        let msisdn = APIRequestInfo.current.networkMSISDN.flatMap { try? MSISDN(parsing: $0) }
        switch try await devices.signInByNetwork(
            msisdn: msisdn, deviceToken: body?.deviceToken, name: body?.deviceName, platform: body?.platform)
        {
        case .success(let signedIn):
            return .ok(
                .init(
                    body: .json(
                        .init(tokens: tokenPair(signedIn.grant), deviceId: signedIn.deviceID, deviceToken: signedIn.newToken))))
        case .failure(let refusal):
            switch refusal {
            case .selfCare, .networkLoginOff: return .forbidden(problem(refusal, status: 403))
            case .lockedUseSIM: return .code423(problem(refusal, status: 423))
            case .tooManyDevices: return .conflict(problem(refusal, status: 409))
            default: return .unauthorized(problem(refusal, status: 401))
            }
        }
    }

    public func setNetworkLogin(_ input: Operations.SetNetworkLogin.Input) async throws -> Operations.SetNetworkLogin.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(problem(.networkLoginOff, status: 400)) }
        try await devices.setNetworkLogin(body.enabled, for: session.subscription)
        return .noContent(.init())
    }

    public func listDevices(_ input: Operations.ListDevices.Input) async throws -> Operations.ListDevices.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        let list = try await devices.devices(of: session.subscription)
        return .ok(
            .init(
                body: .json(
                    list.map {
                        .init(
                            id: $0.id, name: $0.name, platform: $0.platform, hasPin: $0.hasPIN, createdAt: $0.createdAt.date,
                            lastUsedAt: $0.lastUsedAt?.date)
                    })))
    }

    public func registerDevice(_ input: Operations.RegisterDevice.Input) async throws -> Operations.RegisterDevice.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(problem(.nameInvalid, status: 400)) }
        switch try await devices.register(session, name: body.name, platform: body.platform ?? "") {
        case .success(let bound): return .created(.init(body: .json(.init(id: bound.id, deviceToken: bound.token))))
        case .failure(let refusal):
            return refusal == .nameInvalid
                ? .unprocessableContent(problem(refusal, status: 422)) : .conflict(problem(refusal, status: 409))
        }
    }

    public func revokeDevice(_ input: Operations.RevokeDevice.Input) async throws -> Operations.RevokeDevice.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard try await devices.revoke(deviceID: input.path.id, of: session.subscription) else {
            return .notFound(problem(.unknownDevice, status: 404))
        }
        return .noContent(.init())
    }

    public func setDevicePin(_ input: Operations.SetDevicePin.Input) async throws -> Operations.SetDevicePin.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(problem(.pin(.notFourDigits), status: 400)) }
        switch try await devices.setPIN(
            deviceID: input.path.id, of: session.subscription, pin: body.pin, repeated: body.pinRepeat, oldPIN: body.oldPin)
        {
        case .success: return .noContent(.init())
        case .failure(.unknownDevice): return .notFound(problem(.unknownDevice, status: 404))
        case .failure(.oldPINWrong): return .forbidden(problem(.oldPINWrong, status: 403))
        case .failure(let refusal): return .unprocessableContent(problem(refusal, status: 422))
        }
    }

    public func removeDevicePin(_ input: Operations.RemoveDevicePin.Input) async throws -> Operations.RemoveDevicePin.Output {
        guard let session = try await session() else { return .unauthorized(Problems.unauthorized(language)) }
        guard case .json(let body) = input.body else { return .badRequest(problem(.oldPINWrong, status: 400)) }
        switch try await devices.removePIN(deviceID: input.path.id, of: session.subscription, oldPIN: body.oldPin) {
        case .success: return .noContent(.init())
        case .failure(.unknownDevice): return .notFound(problem(.unknownDevice, status: 404))
        case .failure(.pinNotSet): return .conflict(problem(.pinNotSet, status: 409))
        case .failure(let refusal): return .forbidden(problem(refusal, status: 403))
        }
    }

    private func problem(_ refusal: DeviceRefusal, status: Int) -> Components.Responses.Problem {
        let attemptsLeft: Int? = if case .pinWrong(let left) = refusal { left } else { nil }
        let retry: Int64? = if case .tooManyAttempts(let seconds) = refusal { seconds } else { nil }
        return Problems.make(
            status: status, code: refusal.code, detail: refusal.text(language, settings: settings),
            retryAfterSeconds: retry, attemptsLeft: attemptsLeft)
    }
}
