import Rendering

/// What the browser needs from a terminal: its size, a way to show a frame, input, and
/// stepping aside for the shell. Implemented over ncursesw (``CursesBackend``) and in memory
/// for tests and benchmarks (``TestBackend``); panes never talk to a backend directly.
public protocol TerminalBackend: AnyObject {
    /// The size in cells.
    var size: (columns: Int, rows: Int) { get }
    /// The colour mode frames should be rendered in (what the terminal can show).
    var colorMode: ColorMode { get }
    /// Shows `grid` (the size of the terminal) on the screen.
    func draw(_ grid: CellGrid)
    /// The next input event, waiting at most `timeoutMilliseconds`; nil when none arrived.
    func readEvent(timeoutMilliseconds: Int) -> InputEvent?
    /// Gives the terminal back to the shell (normal screen, cooked mode).
    func suspend()
    /// Takes the terminal again after ``suspend()`` and redraws.
    func resume()
    /// Restores the terminal for good; safe to call more than once.
    func shutdown()
    /// Shows the image pane's picture in real pixels after the frame just drawn (nil: none
    /// now); only backends with a ``PixelPainter`` do anything.
    func showPicture(_ picture: PanePicture?)
}

extension TerminalBackend {
    public func showPicture(_ picture: PanePicture?) {}
}
