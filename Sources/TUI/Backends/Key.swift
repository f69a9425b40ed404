/// A key the browser reacts to, already decoded from the terminal's byte sequences.
public enum Key: Hashable, Sendable {
    /// A printable character (or a control character such as Ctrl-C as its scalar).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
}
