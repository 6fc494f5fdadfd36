extension Result {
    /// The refusal, when a use case refused: lets channels check use cases that answer nothing on
    /// success with `if let refusal = ... .refusal`.
    public var refusal: Failure? {
        if case .failure(let refusal) = self { return refusal }
        return nil
    }
}
