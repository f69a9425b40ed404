import Foundation
import TestSupport
import Testing
@testable import TUI

/// README's key table is the help overlay's table: a key added to one and not the other fails.
struct ReadmeKeyTableTests {
    @Test func readmeListsEveryKeyAsHelpDoes() throws {
        let readme = try String(contentsOfFile: RepositoryFiles.path("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "| keys | action |" })
        let rows = lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map { line -> String in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return "\(cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))) = \(cells[1])"
        }
        #expect(rows == KeyMap.bindings.map { "\($0.keys) = \($0.summary)" })
    }
}
