import Foundation
import Imaging
import TOMLKit

/// Typed access to a theme table that reports the offending line.
struct ThemeReader {
    let table: TOMLTable
    let text: String
    let file: String
    private var used: Set<String> = []

    init(table: TOMLTable, text: String, file: String) {
        self.table = table
        self.text = text
        self.file = file
    }

    /// The 1-based line where `key` is assigned (inside `[section]` when given).
    func line(of key: String, in section: String?) -> Int? {
        var current: String?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                continue
            }
            let name = line.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) }
            if current == section && name == key { return i + 1 }
            if let section, current == nil, name == section + "." + key { return i + 1 }
        }
        return section.flatMap { s in line(ofSection: s) }
    }

    private func line(ofSection section: String) -> Int? {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where raw.trimmingCharacters(in: .whitespaces) == "[\(section)]" {
            return i + 1
        }
        return nil
    }

    func fail(_ key: String, in section: String?, _ message: String) -> ThemeError {
        let qualified = section.map { "\($0).\(key)" } ?? key
        return ThemeError(file: file, line: line(of: key, in: section), message: "\(qualified): \(message)")
    }

    private func value(_ key: String, in section: String?) throws(ThemeError) -> TOMLValueConvertible? {
        guard let section else { return table[key] }
        guard let sectionValue = table[section] else { return nil }
        guard let sub = sectionValue.table else {
            throw ThemeError(file: file, line: line(of: section, in: nil), message: "\(section) must be a table ([\(section)])")
        }
        return sub[key]
    }

    mutating func string(_ key: String, in section: String?) throws(ThemeError) -> String? {
        used.insert(section.map { "\($0).\(key)" } ?? key)
        guard let v = try value(key, in: section) else { return nil }
        guard let s = v.string else { throw fail(key, in: section, "expected a string") }
        return s
    }

    mutating func color(_ key: String, in section: String?, into target: inout RGBColor) throws(ThemeError) {
        guard let s = try string(key, in: section) else { return }
        guard let c = RGBColor(hex: s) else {
            throw fail(key, in: section, "\"\(s)\" is not a colour; write it as \"#rrggbb\"")
        }
        target = c
    }

    mutating func colorList(_ key: String, in section: String) throws(ThemeError) -> [RGBColor]? {
        used.insert("\(section).\(key)")
        guard let v = try value(key, in: section) else { return nil }
        guard let array = v.array else { throw fail(key, in: section, "expected a list of \"#rrggbb\" colours") }
        var out: [RGBColor] = []
        for item in array {
            guard let s = item.string, let c = RGBColor(hex: s) else {
                throw fail(key, in: section, "every entry must be a \"#rrggbb\" colour")
            }
            out.append(c)
        }
        if out.isEmpty { throw fail(key, in: section, "the list is empty") }
        return out
    }

    mutating func colorMap(_ key: String, in section: String) throws(ThemeError) -> [String: RGBColor] {
        used.insert("\(section).\(key)")
        guard let v = try value(key, in: section) else { return [:] }
        guard let sub = v.table else { throw fail(key, in: section, "expected a table of class = \"#rrggbb\"") }
        var out: [String: RGBColor] = [:]
        for (name, item) in sub {
            guard let s = item.string, let c = RGBColor(hex: s) else {
                throw fail(name, in: "\(section).\(key)", "expected a \"#rrggbb\" colour")
            }
            out[name] = c
        }
        return out
    }

    /// A misspelt key would otherwise be ignored silently.
    func rejectUnknownKeys() throws(ThemeError) {
        for (key, value) in table {
            if let sub = value.table {
                for (inner, _) in sub where !used.contains("\(key).\(inner)") {
                    throw fail(inner, in: key, "unknown key (known: \(known(in: key)))")
                }
            } else if !used.contains(key) {
                throw fail(key, in: nil, "unknown key")
            }
        }
    }

    private func known(in section: String) -> String {
        used.filter { $0.hasPrefix(section + ".") }.map { String($0.dropFirst(section.count + 1)) }.sorted().joined(separator: ", ")
    }
}
