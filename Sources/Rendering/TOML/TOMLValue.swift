/// A TOML value of the kinds `TOMLReader` accepts (no dates or times).
enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    var string: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    var array: [TOMLValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    var table: TOMLTable? {
        if case let .table(t) = self { return t }
        return nil
    }
}
