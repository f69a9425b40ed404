import Foundation

/// The graphics queries sent at start-up, in one write, ended by a primary device
/// attributes query: terminals answer in order, so its answer (which every terminal gives)
/// means every other answer has come, and a terminal that answers nothing costs at most the
/// budget.
public enum GraphicsQuery {
    /// The id of the kitty query's 1x1 image (never shown: `a=q` only checks).
    public static let kittyQueryID = 31

    /// The bytes to send. Inside tmux the kitty query is wrapped in passthrough, so the
    /// terminal outside answers it, and asks for a placeholder image (`U=1`), the only kind
    /// tmux can show: kitty before 0.28 rejects the key (its log: "invalid key character:
    /// 0x55") and answers nothing, so auto chooses blocks there rather than cells kitty
    /// draws as missing glyphs. On the Linux console nothing is asked (the caller skips).
    public static func batch(insideTmux: Bool, kittyFirst: Bool) -> [UInt8] {
        let placeholder = insideTmux ? ",U=1" : ""
        var kitty = Array("\u{1B}_Gi=\(kittyQueryID),s=1,v=1,a=q\(placeholder),t=d,f=24;AAAA\u{1B}\\".utf8)
        if insideTmux { kitty = tmuxPassthrough(kitty) }
        let others = Array((
            "\u{1B}[>0q"          // XTVERSION
            + "\u{1B}[16t"        // cell size in pixels
            + "\u{1B}[?1;1;0S"    // XTSMGRAPHICS: sixel colour registers
            + "\u{1B}[?2;1;0S"    // XTSMGRAPHICS: largest sixel geometry
        ).utf8)
        let sentinel = Array("\u{1B}[c".utf8)
        return (kittyFirst ? kitty + others : others + kitty) + sentinel
    }

    /// `sequence` in tmux's passthrough, every ESC doubled.
    static func tmuxPassthrough(_ sequence: [UInt8]) -> [UInt8] {
        var out = Array("\u{1B}Ptmux;".utf8)
        for byte in sequence {
            if byte == 0x1B { out.append(0x1B) }
            out.append(byte)
        }
        return out + [0x1B, UInt8(ascii: "\\")]
    }
}
