/// Text attributes a cell may carry besides its colours.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = CellAttributes(rawValue: 1)
    public static let reverse = CellAttributes(rawValue: 2)
    public static let underline = CellAttributes(rawValue: 4)
}

/// One character cell: a glyph painted in `foreground` over `background`.
public struct Cell: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: CellAttributes

    public init(_ scalar: Unicode.Scalar = " ", foreground: TerminalColor = .default,
                background: TerminalColor = .default, attributes: CellAttributes = []) {
        self.scalar = scalar
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// A blank cell in the terminal's default colours.
    public static let blank = Cell()
}
