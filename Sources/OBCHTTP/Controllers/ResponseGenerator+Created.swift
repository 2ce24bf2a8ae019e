import Hummingbird

/// `201 Created` with a `Location` header, as OBC's `CreatedAtAction` answers.
func created<Body: ResponseGenerator>(_ body: Body, at location: String) -> EditedResponse<Body> {
    EditedResponse(status: .created, headers: [.location: location], response: body)
}
