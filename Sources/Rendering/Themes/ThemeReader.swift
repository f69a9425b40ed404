import Imaging

/// Typed access to the keys of a theme's TOML; errors point at the offending key.
struct ThemeReader {
    let root: TOMLTable
    let file: String
    /// Every key the theme asked for, qualified ("ui.text"), so the rest can be refused.
    private var used: Set<String> = []

    init(root: TOMLTable, file: String) {
        self.root = root
        self.file = file
    }

    private static func qualified(_ key: String, in section: String?) -> String {
        section.map { "\($0).\(key)" } ?? key
    }

    private func fail(_ key: String, in section: String?, at position: TOMLPosition, _ message: String) -> ThemeError {
        fail(section.map { [$0, key] } ?? [key], at: position, message)
    }

    /// An error naming the key by its path (`classes.names."two words"`).
    private func fail(_ path: [String], at position: TOMLPosition, _ message: String) -> ThemeError {
        ThemeError(file: file, position: position, message: "\(TOMLKey.display(path)): \(message)")
    }

    /// The entry for `key`, inside the table `section` when given; nil when absent.
    private func entry(_ key: String, in section: String?) throws(ThemeError) -> TOMLTable.Entry? {
        guard let section else { return root[key] }
        guard let sectionEntry = root[section] else { return nil }
        guard let table = sectionEntry.value.table else {
            throw ThemeError(file: file, position: sectionEntry.position, message: "\(section) must be a table ([\(section)])")
        }
        return table[key]
    }

    mutating func string(_ key: String, in section: String?) throws(ThemeError) -> String? {
        try stringEntry(key, in: section)?.text
    }

    mutating func color(_ key: String, in section: String?, into target: inout RGBColor) throws(ThemeError) {
        guard let (s, position) = try stringEntry(key, in: section) else { return }
        guard let c = RGBColor(hex: s) else {
            throw fail(key, in: section, at: position, "\"\(s)\" is not a colour; write it as \"#rrggbb\"")
        }
        target = c
    }

    private mutating func stringEntry(_ key: String, in section: String?) throws(ThemeError) -> (text: String, position: TOMLPosition)? {
        used.insert(Self.qualified(key, in: section))
        guard let entry = try entry(key, in: section) else { return nil }
        guard let s = entry.value.string else { throw fail(key, in: section, at: entry.position, "expected a string") }
        return (s, entry.position)
    }

    mutating func colorList(_ key: String, in section: String) throws(ThemeError) -> [RGBColor]? {
        used.insert(Self.qualified(key, in: section))
        guard let entry = try entry(key, in: section) else { return nil }
        guard let array = entry.value.array else {
            throw fail(key, in: section, at: entry.position, "expected a list of \"#rrggbb\" colours")
        }
        var out: [RGBColor] = []
        for item in array {
            guard let s = item.string, let c = RGBColor(hex: s) else {
                throw fail(key, in: section, at: entry.position, "every entry must be a \"#rrggbb\" colour")
            }
            out.append(c)
        }
        if out.isEmpty { throw fail(key, in: section, at: entry.position, "the list is empty") }
        return out
    }

    mutating func colorMap(_ key: String, in section: String) throws(ThemeError) -> [String: RGBColor] {
        used.insert(Self.qualified(key, in: section))
        guard let entry = try entry(key, in: section) else { return [:] }
        guard let table = entry.value.table else {
            throw fail(key, in: section, at: entry.position, "expected a table of class = \"#rrggbb\"")
        }
        var out: [String: RGBColor] = [:]
        for item in table.entries {
            guard let s = item.value.string, let c = RGBColor(hex: s) else {
                throw fail([section, key, item.key], at: item.position, "expected a \"#rrggbb\" colour")
            }
            out[item.key] = c
        }
        return out
    }

    /// A misspelt key would otherwise be ignored silently; the first in the file is named.
    func rejectUnknownKeys() throws(ThemeError) {
        for entry in root.entries {
            if let table = entry.value.table {
                for inner in table.entries where !used.contains("\(entry.key).\(inner.key)") {
                    throw fail([entry.key, inner.key], at: inner.position, "unknown key (known: \(known(in: entry.key)))")
                }
            } else if !used.contains(entry.key) {
                throw fail([entry.key], at: entry.position, "unknown key")
            }
        }
    }

    private func known(in section: String) -> String {
        used.filter { $0.hasPrefix(section + ".") }.map { String($0.dropFirst(section.count + 1)) }.sorted().joined(separator: ", ")
    }
}
