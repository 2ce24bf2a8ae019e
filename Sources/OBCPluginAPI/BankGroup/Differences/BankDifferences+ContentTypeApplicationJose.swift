extension BankDifferences {
    /// OBC's `UseApplicationJoseNotApplicationJwtContentTypeHeader`: the DCR request is sent as `application/jose`.
    public enum ContentTypeApplicationJose: BankDifference {
        public static let key = "contentTypeApplicationJose"
        public static let specification = false

        public static func shape(_ request: inout RegistrationRequestShape, _ value: Bool) {
            if value { request.contentType = "application/jose" }
        }
    }
}
