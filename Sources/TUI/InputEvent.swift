/// A key the browser reacts to, already decoded from the terminal's byte sequences.
public enum Key: Hashable, Sendable {
    /// A printable character (or a control character such as Ctrl-C as its scalar).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
}

/// Something that happened at the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// A left-button click at a cell (0-based column and row).
    case click(column: Int, row: Int)
    /// The terminal changed size; the backend already knows the new size.
    case resize
}
