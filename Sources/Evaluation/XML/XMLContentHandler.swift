/// Receives a document's elements and text, in document order, from `XMLReader`.
///
/// Attributes, comments, processing instructions and the document type are checked for
/// well-formedness and then dropped: nothing the annotation formats read lives there.
protocol XMLContentHandler {
    /// An element opens (`<name ...>` or `<name .../>`).
    mutating func startElement(_ name: String)
    /// Character data inside an element, with references replaced and line ends
    /// normalised to "\n". Called at most once between two tags; comments and
    /// processing instructions in between do not split it.
    mutating func characters(_ text: String)
    /// An element closes (`</name>`, or right after `startElement` for `<name/>`).
    mutating func endElement(_ name: String)
}
