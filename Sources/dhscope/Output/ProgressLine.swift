import Foundation
import Store

/// Progress on standard error: on a terminal one line redrawn in place (carriage return and
/// erase to the end of the line); otherwise plain lines, about ten per run, that a log keeps
/// readable.
final class ProgressLine {
    let label: String
    let total: Int
    let isTerminal: Bool
    private var drawn = false
    private var lastPrinted = 0

    init(label: String, total: Int, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.total = total
        self.isTerminal = isTerminal
    }

    /// Reports `done` of `total` items, with `detail` after the count.
    func update(done: Int, detail: String = "") {
        let text = "\(label): \(done)/\(total)" + (detail.isEmpty ? "" : " \(detail)")
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            drawn = true
        } else {
            // Each tenth of the run, and the last item.
            let step = max(1, total / 10)
            guard done == total || done - lastPrinted >= step else { return }
            lastPrinted = done
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// Ends the redrawn line, so later output starts on a line of its own.
    func finish() {
        if isTerminal && drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}

/// A warning line on standard error, prefixed "dhscope: ".
func warn(_ message: String) {
    FileHandle.standardError.write(Data("dhscope: \(message)\n".utf8))
}

extension ProgressLine {
    /// "eval: 12/500 images · 3.1 img/s · 2m37s left · 40 from store  file.png".
    func update(_ progress: DatasetProgress, file: String) {
        let rest = progress.text.split(separator: " · ").dropFirst().joined(separator: " · ")
        update(done: progress.done, detail: "images" + (rest.isEmpty ? "" : " · " + rest) + "  "
               + String((file as NSString).lastPathComponent.prefix(30)))
    }
}
