
/// Something that happened at the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// A left-button click at a cell (0-based column and row).
    case click(column: Int, row: Int)
    /// The terminal changed size; the backend already knows the new size.
    case resize
}
