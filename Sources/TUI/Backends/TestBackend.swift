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
    /// Encodes pictures as a terminal backend would; nil for blocks.
    public var pixelPainter: PixelPainter?
    /// The bytes of the last picture written (empty when it did not change).
    public private(set) var lastPictureBytes: [UInt8] = []
    /// How many pictures were written.
    public private(set) var pictureCount = 0

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

    public func showPicture(_ picture: PanePicture?) {
        guard let painter = pixelPainter else { return }
        lastPictureBytes = (try? painter.bytes(for: picture)) ?? []
        if !lastPictureBytes.isEmpty { pictureCount += 1 }
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
