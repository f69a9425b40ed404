import Rendering

/// An in-memory terminal: frames are kept, input comes from a queue. For tests and benchmarks.
public final class TestBackend: TerminalBackend {
    public var size: (columns: Int, rows: Int)
    public var colorMode: ColorMode
    /// The last frame drawn.
    public private(set) var frame: CellGrid?
    /// How many frames were drawn.
    public private(set) var frameCount = 0
    /// Events handed out by ``readEvent(timeoutMilliseconds:)``, first first.
    public var pendingEvents: [InputEvent] = []
    public private(set) var isSuspended = false
    public private(set) var isShutDown = false

    public init(columns: Int, rows: Int, colorMode: ColorMode = .truecolor) {
        size = (columns, rows)
        self.colorMode = colorMode
    }

    public func draw(_ grid: CellGrid) {
        frame = grid
        frameCount += 1
    }

    public func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        pendingEvents.isEmpty ? nil : pendingEvents.removeFirst()
    }

    public func suspend() { isSuspended = true }
    public func resume() { isSuspended = false }
    public func shutdown() { isShutDown = true }

    /// The text of the last frame, one line a row (trailing spaces kept).
    public var screenText: String {
        guard let frame else { return "" }
        return (0..<frame.rows).map { frame.text(row: $0) }.joined(separator: "\n")
    }
}
