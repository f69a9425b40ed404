import CNCurses
import Foundation
import Imaging
import Rendering
import Terminal

/// The ncursesw backend: the alternate screen, cbreak and no echo, keypad and mouse
/// decoding, wide characters through `cchar_t`, extended colour pairs, and direct
/// (24-bit) colour when the terminfo entry it opens has it.
///
/// Which entry that is, and which colours and characters to use, is decided before the
/// screen opens by ``TerminalProfile/forScreen(requestedColors:requestedSymbols:environment:)``:
/// 24-bit colour does not depend on `-direct` entries being installed.
public final class CursesBackend: TerminalBackend {
    public private(set) var colorMode: ColorMode
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var directColor = false
    private var pairs: [PairKey: Int32] = [:]
    private var maxPairs: Int32 = 0
    private var maxColors: Int32 = 0
    private var previous: CellGrid?
    private var isActive = false
    private var nearest: [RGBColor: Int32] = [:]
    /// Draws the image pane's picture in real pixels after each frame; nil for blocks.
    public let pixelPainter: PixelPainter?

    private struct PairKey: Hashable { var foreground: Int32; var background: Int32 }

    /// Opens the screen with the profile's terminfo entry, in the profile's colour mode
    /// (lowered if the opened entry shows fewer colours than the profile expected).
    /// `pixelPainter` draws pictures in real pixels; `pendingInput` (keys typed while the
    /// terminal was asked about graphics) is read before anything typed later.
    public init(profile: TerminalProfile, pixelPainter: PixelPainter? = nil, pendingInput: [UInt8] = []) throws {
        self.pixelPainter = pixelPainter
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("the browser needs a terminal on standard input and output")
        }
        let term = profile.environment.term
        guard !term.isEmpty, term != "dumb" else {
            throw TerminalError("TERM is \(term.isEmpty ? "not set" : "\"dumb\""): the browser needs a full-screen terminal (try TERM=xterm-256color)")
        }
        guard let entryName = profile.screenEntryName, let opened = newterm(entryName, dh_stdout(), dh_stdin()) else {
            throw TerminalError("ncurses cannot open a screen for TERM=\(term) (no terminfo entry; try TERM=xterm-256color)")
        }
        screen = opened
        set_term(opened)
        window = dh_stdscr()
        colorMode = .none
        isActive = true
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        _ = curs_set(0)
        set_escdelay(25)
        mouseinterval(0)
        mousemask(dh_button1_mask(), nil)
        let requested = profile.colors.mode
        if requested != .none && has_colors() {
            start_color()
            use_default_colors()
            maxColors = dh_colors()
            maxPairs = dh_color_pairs()
            directColor = maxColors >= 0x1000000
            let capability: ColorMode = directColor ? .truecolor : maxColors >= 256 ? .ansi256 : maxColors >= 8 ? .ansi16 : .none
            colorMode = Self.lower(requested, to: capability)
        }
        // ungetch pushes onto a stack: the last pushed is read first.
        for byte in pendingInput.reversed() { _ = ungetch(Int32(byte)) }
        TerminalGuard.install()
    }

    /// The poorer of two modes.
    static func lower(_ a: ColorMode, to b: ColorMode) -> ColorMode {
        let order: [ColorMode] = [.none, .ansi16, .ansi256, .truecolor]
        return order[min(order.firstIndex(of: a) ?? 0, order.firstIndex(of: b) ?? 0)]
    }

    public var size: (columns: Int, rows: Int) {
        guard let window else { return (80, 24) }
        return (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    public func draw(_ grid: CellGrid) {
        guard isActive, let window else { return }
        let reuse = previous.map { $0.columns == grid.columns && $0.rows == grid.rows } ?? false
        if !reuse {
            werase(window)
            pixelPainter?.invalidate()
        }
        var cell = cchar_t()
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let c = grid[column, row]
                if reuse, let previous, previous[column, row] == c { continue }
                var attributes: attr_t = 0
                if c.attributes.contains(.bold) { attributes |= dh_attr_bold() }
                if c.attributes.contains(.reverse) { attributes |= dh_attr_reverse() }
                if c.attributes.contains(.underline) { attributes |= dh_attr_underline() }
                let pair = pairNumber(foreground: color(c.foreground), background: color(c.background))
                _ = dh_set_cell(&cell, wchar_t(bitPattern: c.scalar.value), attributes, pair)
                _ = mvwadd_wch(window, Int32(row), Int32(column), &cell)
            }
        }
        previous = grid
        wrefresh(window)
    }

    public func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard isActive, let window else { return nil }
        wtimeout(window, Int32(timeoutMilliseconds))
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == ERR { return nil }
        if result == dh_key_code_yes() {
            let key = Int32(code)
            switch key {
            case dh_key_resize():
                previous = nil
                pixelPainter?.invalidate()
                return .resize
            case dh_key_mouse():
                var event = MEVENT()
                guard getmouse(&event) == OK, dh_is_button1(event.bstate) != 0 else { return nil }
                return .click(column: Int(event.x), row: Int(event.y))
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            default: return nil
            }
        }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 127, 8: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    public func suspend() {
        guard isActive else { return }
        endwin()
    }

    public func resume() {
        guard isActive, let window else { return }
        previous = nil
        pixelPainter?.invalidate()
        clearok(window, true)
        wrefresh(window)
    }

    public func showPicture(_ picture: PanePicture?) {
        guard isActive, let window, let painter = pixelPainter else { return }
        let covered = painter.coveredCells
        guard let bytes = try? painter.bytes(for: picture), !bytes.isEmpty || picture == nil else { return }
        if picture == nil, let covered, painter.pixels != .kitty || painter.placeholders {
            // Sixel and iTerm2 pixels stay until text covers them: curses rewrites those lines.
            _ = wredrawln(window, Int32(covered.y), Int32(covered.height))
            wrefresh(window)
        }
        Self.writeAll(bytes)
    }

    /// Writes `bytes` to standard output, after curses' own output (already flushed).
    private static func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        bytes.withUnsafeBufferPointer { buffer in
            while offset < buffer.count {
                let n = write(STDOUT_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n > 0 { offset += n } else if errno != EINTR && errno != EAGAIN { return }
            }
        }
    }

    public func shutdown() {
        guard isActive else { return }
        isActive = false
        if let painter = pixelPainter, painter.pixels == .kitty, let bytes = try? painter.bytes(for: nil) { Self.writeAll(bytes) }
        mousemask(0, nil)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        window = nil
        TerminalGuard.uninstall()
    }

    deinit { shutdown() }

    // MARK: colours

    /// The curses colour number for a cell colour (-1 is the terminal's default).
    private func color(_ color: TerminalColor) -> Int32 {
        switch (color, colorMode) {
        case (.default, _), (_, .none): return -1
        case (.indexed(let n), _):
            if directColor { return n < 8 ? Int32(n) : direct(Palette.xterm256(n)) }
            if Int32(n) < maxColors { return Int32(n) }
            return nearestIndex(Palette.xterm256(n))
        case (.rgb(let c), _):
            return directColor ? direct(c) : nearestIndex(c)
        }
    }

    /// A direct colour number; values below 8 would select the ANSI palette, so they are nudged.
    private func direct(_ c: RGBColor) -> Int32 {
        let value = Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b)
        return value < 8 ? 8 : value
    }

    private func nearestIndex(_ c: RGBColor) -> Int32 {
        if let hit = nearest[c] { return hit }
        let mode: ColorMode = maxColors >= 256 ? .ansi256 : .ansi16
        var index: Int32 = -1
        if case .indexed(let n) = SymbolFitter.terminal(c, mode: mode) { index = Int32(n) }
        if maxColors < 16 && index >= 8 { index -= 8 }
        nearest[c] = index
        return index
    }

    /// An extended pair for (foreground, background), made on first use; when the pairs run
    /// out the cache starts again (the whole screen is redrawn then).
    private func pairNumber(foreground: Int32, background: Int32) -> Int32 {
        if foreground == -1 && background == -1 { return 0 }
        let key = PairKey(foreground: foreground, background: background)
        if let hit = pairs[key] { return hit }
        if Int32(pairs.count) + 1 >= maxPairs {
            pairs.removeAll(keepingCapacity: true)
            previous = nil
        }
        let number = Int32(pairs.count) + 1
        guard init_extended_pair(number, foreground, background) == OK else { return 0 }
        pairs[key] = number
        return number
    }
}
