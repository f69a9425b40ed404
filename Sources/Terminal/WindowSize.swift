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

/// Asks the terminal for its cell size in pixels (`CSI 16 t`, answered `CSI 6 ; h ; w t` by
/// xterm, kitty, WezTerm, foot, mlterm and others), waiting at most `budget` seconds. Only
/// for commands that own the terminal and read no other input (`dhscope doctor`): bytes
/// that arrive before the answer are consumed.
public enum CellSizeQuery {
    public static func ask(budget: TimeInterval = 0.15) -> (width: Int, height: Int)? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        return RawMode.with(tty) { () -> (width: Int, height: Int)? in
            let request: [UInt8] = Array("\u{1B}[16t".utf8)
            guard write(tty, request, request.count) == request.count else { return nil }
            var answer: [UInt8] = []
            let deadline = Date().addingTimeInterval(budget)
            while Date() < deadline {
                var descriptor = pollfd(fd: tty, events: Int16(POLLIN), revents: 0)
                let waitMs = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
                guard poll(&descriptor, 1, waitMs) > 0 else { break }
                var byte: UInt8 = 0
                guard read(tty, &byte, 1) == 1 else { break }
                answer.append(byte)
                if byte == UInt8(ascii: "t"), let size = parse(answer) { return size }
                if answer.count > 64 { break }
            }
            return nil
        }
    }

    /// The cell size in an answer ending in `ESC [ 6 ; height ; width t`.
    static func parse(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "\u{1B}[6;", options: .backwards) else { return nil }
        let fields = text[start.upperBound...].dropLast().split(separator: ";").compactMap { Int($0) }
        guard fields.count == 2, fields[0] > 0, fields[1] > 0 else { return nil }
        return (fields[1], fields[0])
    }
}
