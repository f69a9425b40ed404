import Foundation

/// The terminal's size in cells and, when it tells, in pixels.
public struct WindowSize: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    /// The text area in pixels; nil when the terminal leaves TIOCGWINSZ's pixel fields at 0.
    public let pixels: (width: Int, height: Int)?

    public static func == (a: WindowSize, b: WindowSize) -> Bool {
        a.columns == b.columns && a.rows == b.rows && a.pixels?.width == b.pixels?.width && a.pixels?.height == b.pixels?.height
    }

    /// TIOCGWINSZ on `descriptor`; nil when it is not a terminal.
    public static func current(of descriptor: Int32 = STDOUT_FILENO) -> WindowSize? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        let pixels = size.ws_xpixel > 0 && size.ws_ypixel > 0 ? (Int(size.ws_xpixel), Int(size.ws_ypixel)) : nil
        return WindowSize(columns: Int(size.ws_col), rows: Int(size.ws_row), pixels: pixels)
    }

    /// One cell in pixels, from the pixel fields.
    public var cellPixels: (width: Int, height: Int)? {
        guard let pixels, columns > 0, rows > 0 else { return nil }
        return (pixels.width / columns, pixels.height / rows)
    }
}
