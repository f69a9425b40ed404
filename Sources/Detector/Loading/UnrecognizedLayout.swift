/// A checkpoint whose tensors match none of the layouts dhscope knows.
public struct UnrecognizedLayout: Error, CustomStringConvertible, Sendable {
    /// The file (or other source) the tensors came from.
    public let source: String
    /// The known layout the tensors come closest to.
    public let closest: LayoutMatch

    public var description: String {
        let known = ModelLayout.allCases.map(\.title).joined(separator: "; ")
        return "\(source): its tensors match no layout dhscope knows (\(known)). Closest: \(closest.layout.title), "
            + "\(closest.matched) tensors as expected; \(closest.differences). A checkpoint of that model with renamed "
            + "tensors loads once they are renamed back; other heads (Cascade, Mask R-CNN, ...) are not supported."
    }
}
