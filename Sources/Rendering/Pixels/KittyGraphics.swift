import Foundation
import Imaging

/// The kitty graphics protocol (https://sw.kovidgoyal.net/kitty/graphics-protocol/): an
/// image is transmitted once under an id (24-bit RGB, base64, in chunks of 4096 characters
/// with `m=1` on every chunk but the last), then placed, and deleted when replaced.
/// Every command carries `q=2`, so the terminal answers nothing and no reply reaches the
/// application's input.
public enum KittyGraphics {
    /// Base64 characters a chunk carries at most (the protocol's limit).
    public static let chunkSize = 4096

    /// Transmits `image` under `id` without showing it (`a=t`).
    public static func transmit(_ image: RGBImage, id: Int) -> [UInt8] {
        chunked(control: "a=t,f=24,s=\(image.width),v=\(image.height),i=\(id),q=2", payload: Data(image.pixels))
    }

    /// Transmits `image` under `id` and shows it at the cursor at its own size in pixels
    /// (`a=T`, no `c`/`r`: given cells, kitty would stretch the bitmap over whole cells), the
    /// cursor moving past the cells it covers as after text (for output to a terminal that is
    /// not redrawn, as `dhscope render` writes).
    public static func transmitAndShow(_ image: RGBImage, id: Int) -> [UInt8] {
        chunked(control: "a=T,f=24,s=\(image.width),v=\(image.height),i=\(id),q=2", payload: Data(image.pixels))
    }

    /// Transmits `image` under `id` for Unicode placeholders (`a=T,U=1`): a virtual placement
    /// over `columns` x `rows` cells that cells holding U+10EEEE show (see ``placeholderRows(id:columns:rows:)``).
    public static func transmitForPlaceholders(_ image: RGBImage, id: Int, columns: Int, rows: Int) -> [UInt8] {
        chunked(control: "a=T,U=1,f=24,s=\(image.width),v=\(image.height),i=\(id),c=\(columns),r=\(rows),q=2",
                payload: Data(image.pixels))
    }

    /// Shows image `id` at the cursor at its own size in pixels, pixel for pixel (no `c`/`r`,
    /// which would stretch it over whole cells), without moving the cursor (`C=1`); one
    /// placement per image (`p=1`), so placing again moves it.
    public static func place(id: Int) -> [UInt8] {
        Array("\u{1B}_Ga=p,i=\(id),p=1,C=1,q=2\u{1B}\\".utf8)
    }

    /// Deletes image `id`'s placements and frees its data (`a=d,d=I`).
    public static func delete(id: Int) -> [UInt8] {
        Array("\u{1B}_Ga=d,d=I,i=\(id),q=2\u{1B}\\".utf8)
    }

    /// The APC commands carrying `payload` in base64: the control keys on the first chunk,
    /// `m=1` on all but the last.
    static func chunked(control: String, payload: Data) -> [UInt8] {
        let encoded = Array(payload.base64EncodedData())
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / chunkSize * 16 + 128)
        var start = 0
        repeat {
            let end = min(encoded.count, start + chunkSize)
            let more = end < encoded.count
            out += [0x1B, UInt8(ascii: "_"), UInt8(ascii: "G")]
            out += Array(((start == 0 ? control + "," : "") + "m=\(more ? 1 : 0);").utf8)
            out += encoded[start..<end]
            out += [0x1B, UInt8(ascii: "\\")]
            start = end
        } while start < encoded.count
        return out
    }

    /// The text of cells that show image `id` through Unicode placeholders: each cell is
    /// U+10EEEE followed by the diacritics of its row and column (kitty's
    /// rowcolumn-diacritics table); the cells must be written in the foreground colour
    /// ``placeholderColor(id:)``.
    public static func placeholderRows(id: Int, columns: Int, rows: Int) -> [String] {
        let marks = PlaceholderDiacritics.marks
        return (0..<min(rows, marks.count)).map { row in
            var line = String.UnicodeScalarView()
            for column in 0..<min(columns, marks.count) {
                line.append(PlaceholderDiacritics.placeholder)
                line.append(marks[row])
                line.append(marks[column])
            }
            return String(line)
        }
    }

    /// The 24-bit foreground colour that names image `id` (its low 24 bits) to placeholder cells.
    public static func placeholderColor(id: Int) -> RGBColor {
        RGBColor(UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF))
    }

    /// The SGR that sets the foreground naming image `id` to placeholder cells: the 256-colour
    /// form (`38;5;id`) for ids below 256, which tmux passes on as it is, where a 24-bit colour
    /// would reach kitty as the nearest palette colour (another id) whenever tmux does not
    /// know the outer terminal has RGB (tmux 3.3a under kitty 0.26.5 by default); 24-bit
    /// (``placeholderColor(id:)``) above.
    public static func placeholderForeground(id: Int) -> String {
        if (1..<256).contains(id) { return "\u{1B}[38;5;\(id)m" }
        let color = placeholderColor(id: id)
        return "\u{1B}[38;2;\(color.r);\(color.g);\(color.b)m"
    }

    /// Wraps each command (`ESC _ ... ESC \`) of `sequence` in its own tmux passthrough, as
    /// kitty's documentation asks: one passthrough for a whole transmission is megabytes
    /// long, more than tmux buffers for one sequence (then it drops the picture).
    public static func tmuxPassthrough(commands sequence: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(sequence.count + sequence.count / chunkSize * 24 + 32)
        var start = 0
        var i = 0
        while i + 1 < sequence.count {
            if sequence[i] == 0x1B && sequence[i + 1] == UInt8(ascii: "\\") {
                out += tmuxPassthrough(Array(sequence[start...(i + 1)]))
                start = i + 2
                i += 2
            } else {
                i += 1
            }
        }
        if start < sequence.count { out += tmuxPassthrough(Array(sequence[start...])) }
        return out
    }

    /// Wraps a sequence in tmux's passthrough (`ESC P tmux; ... ESC \`, every ESC doubled),
    /// which tmux forwards to the outer terminal when `allow-passthrough` is on.
    public static func tmuxPassthrough(_ sequence: [UInt8]) -> [UInt8] {
        var out: [UInt8] = Array("\u{1B}Ptmux;".utf8)
        out.reserveCapacity(sequence.count + 16)
        for byte in sequence {
            if byte == 0x1B { out.append(0x1B) }
            out.append(byte)
        }
        out += [0x1B, UInt8(ascii: "\\")]
        return out
    }
}
