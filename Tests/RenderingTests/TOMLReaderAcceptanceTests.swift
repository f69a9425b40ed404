import Testing
@testable import Rendering

/// Valid TOML and what it means, each case taken from a rule or example of the TOML 1.0
/// specification (https://toml.io/en/v1.0.0), written here by hand.
struct TOMLReaderAcceptanceTests {
    static let cases: [(name: String, text: String, meaning: TOMLShape)] = [
        ("comments", """
            # This is a full-line comment
            key = "value"  # This is a comment at the end of a line
            another = "# This is not a comment"
            """, .table(["key": .string("value"), "another": .string("# This is not a comment")])),
        ("bare keys", "key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4\n",
         .table(["key": .integer(1), "bare_key": .integer(2), "bare-key": .integer(3), "1234": .integer(4)])),
        ("quoted keys", #"""
            "127.0.0.1" = "value"
            "character encoding" = "value"
            "ʎǝʞ" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            """#, .table([
                "127.0.0.1": .string("value"), "character encoding": .string("value"), "ʎǝʞ": .string("value"),
                "key2": .string("value"), "quoted \"value\"": .string("value"),
            ])),
        ("empty quoted keys", "\"\" = \"blank\"\n", .table(["": .string("blank")])),
        ("empty literal key", "'' = 'blank'\n", .table(["": .string("blank")])),
        ("bare and quoted keys are the same key", "a = 1\n\"b\" = 2\n", .table(["a": .integer(1), "b": .integer(2)])),
        ("dotted keys", """
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site."google.com" = true
            """, .table([
                "name": .string("Orange"),
                "physical": .table(["color": .string("orange"), "shape": .string("round")]),
                "site": .table(["google.com": .boolean(true)]),
            ])),
        ("blanks around dots", "fruit.name = \"banana\"\nfruit. color = \"yellow\"\nfruit . flavor = \"banana\"\n",
         .table(["fruit": .table(["name": .string("banana"), "color": .string("yellow"), "flavor": .string("banana")])])),
        ("a float-like key is two keys", "3.14159 = \"pi\"\n", .table(["3": .table(["14159": .string("pi")])])),
        ("dotted keys out of order", """
            apple.type = "fruit"
            orange.type = "fruit"
            apple.skin = "thin"
            orange.skin = "thick"
            """, .table([
                "apple": .table(["type": .string("fruit"), "skin": .string("thin")]),
                "orange": .table(["type": .string("fruit"), "skin": .string("thick")]),
            ])),
        ("basic string escapes", #"str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF.""#,
         .table(["str": .string("I'm a string. \"You can quote me\". Name\tJos\u{E9}\nLocation\tSF.")])),
        ("every escape", #"e = "\b\t\n\f\r\"\\ \u0000 \U0001F600""#,
         .table(["e": .string("\u{8}\t\n\u{C}\r\"\\ \u{0} \u{1F600}")])),
        ("a tab inside strings", "a = \"x\ty\"\nb = 'x\ty'\n", .table(["a": .string("x\ty"), "b": .string("x\ty")])),
        ("literal strings", #"""
            winpath  = 'C:\Users\nodejs\templates'
            winpath2 = '\\ServerX\admin$\system32\'
            quoted   = 'Tom "Dubs" Preston-Werner'
            regex    = '<\i\c*\s*>'
            """#, .table([
                "winpath": .string(#"C:\Users\nodejs\templates"#), "winpath2": .string(#"\\ServerX\admin$\system32\"#),
                "quoted": .string(#"Tom "Dubs" Preston-Werner"#), "regex": .string(#"<\i\c*\s*>"#),
            ])),
        ("empty strings", "a = \"\"\nb = ''\n", .table(["a": .string(""), "b": .string("")])),
        ("integers", """
            int1 = +99
            int2 = 42
            int3 = 0
            int4 = -17
            int5 = 1_000
            int6 = 5_349_221
            int7 = 53_49_221
            int8 = 1_2_3_4_5
            zero1 = +0
            zero2 = -0
            """, .table([
                "int1": .integer(99), "int2": .integer(42), "int3": .integer(0), "int4": .integer(-17),
                "int5": .integer(1000), "int6": .integer(5_349_221), "int7": .integer(5_349_221),
                "int8": .integer(12345), "zero1": .integer(0), "zero2": .integer(0),
            ])),
        ("hex, octal and binary integers", """
            hex1 = 0xDEADBEEF
            hex2 = 0xdeadbeef
            hex3 = 0xdead_beef
            oct1 = 0o01234567
            oct2 = 0o755
            bin1 = 0b11010110
            """, .table([
                "hex1": .integer(0xDEADBEEF), "hex2": .integer(0xDEADBEEF), "hex3": .integer(0xDEADBEEF),
                "oct1": .integer(0o01234567), "oct2": .integer(0o755), "bin1": .integer(0b11010110),
            ])),
        ("64-bit integer range", "max = 9223372036854775807\nmin = -9223372036854775808\n",
         .table(["max": .integer(.max), "min": .integer(.min)])),
        ("floats", """
            flt1 = +1.0
            flt2 = 3.1415
            flt3 = -0.01
            flt4 = 5e+22
            flt5 = 1e06
            flt6 = -2E-2
            flt7 = 6.626e-34
            flt8 = 224_617.445_991_228
            """, .table([
                "flt1": .float(1.0), "flt2": .float(3.1415), "flt3": .float(-0.01), "flt4": .float(5e+22),
                "flt5": .float(1e06), "flt6": .float(-2e-2), "flt7": .float(6.626e-34), "flt8": .float(224_617.445_991_228),
            ])),
        ("special floats", "sf1 = inf\nsf2 = +inf\nsf3 = -inf\nsf4 = nan\nsf5 = +nan\nsf6 = -nan\nz1 = -0.0\nz2 = +0.0\n",
         .table([
            "sf1": .float(.infinity), "sf2": .float(.infinity), "sf3": .float(-.infinity), "sf4": .float(.nan),
            "sf5": .float(.nan), "sf6": .float(.nan), "z1": .float(-0.0), "z2": .float(0.0),
         ])),
        ("booleans", "bool1 = true\nbool2 = false\n", .table(["bool1": .boolean(true), "bool2": .boolean(false)])),
        ("arrays", """
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            string_array = [ "all", 'strings' ]
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            contributors = [
              "Foo Bar <foo@example.com>",
              { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
            ]
            """, .table([
                "integers": .array([.integer(1), .integer(2), .integer(3)]),
                "colors": .array([.string("red"), .string("yellow"), .string("green")]),
                "nested_arrays_of_ints": .array([.array([.integer(1), .integer(2)]), .array([.integer(3), .integer(4), .integer(5)])]),
                "nested_mixed_array": .array([.array([.integer(1), .integer(2)]), .array([.string("a"), .string("b"), .string("c")])]),
                "string_array": .array([.string("all"), .string("strings")]),
                "numbers": .array([.float(0.1), .float(0.2), .float(0.5), .integer(1), .integer(2), .integer(5)]),
                "contributors": .array([
                    .string("Foo Bar <foo@example.com>"),
                    .table(["name": .string("Baz Qux"), "email": .string("bazqux@example.com"), "url": .string("https://example.com/bazqux")]),
                ]),
            ])),
        ("arrays across lines, with comments and a trailing comma", """
            integers2 = [
              1, 2, 3
            ]
            integers3 = [
              1,
              2, # this is ok
            ]
            empty = [ ]
            """, .table([
                "integers2": .array([.integer(1), .integer(2), .integer(3)]),
                "integers3": .array([.integer(1), .integer(2)]), "empty": .array([]),
            ])),
        ("tables", """
            [table-1]
            key1 = "some string"
            key2 = 123

            [table-2]
            key1 = "another string"
            key2 = 456
            """, .table([
                "table-1": .table(["key1": .string("some string"), "key2": .integer(123)]),
                "table-2": .table(["key1": .string("another string"), "key2": .integer(456)]),
            ])),
        ("quoted and dotted table names", "[dog.\"tater.man\"]\ntype.name = \"pug\"\n",
         .table(["dog": .table(["tater.man": .table(["type": .table(["name": .string("pug")])])])])),
        ("blanks in headers", """
            [a.b.c]            # this is best practice
            [ d.e.f ]          # same as [d.e.f]
            [ g .  h  . i ]    # same as [g.h.i]
            [ j . "ʞ" . 'l' ]  # same as [j."ʞ".'l']
            """, .table([
                "a": .table(["b": .table(["c": .table([:])])]), "d": .table(["e": .table(["f": .table([:])])]),
                "g": .table(["h": .table(["i": .table([:])])]), "j": .table(["ʞ": .table(["l": .table([:])])]),
            ])),
        ("super-tables need no header, and may get one later", """
            # [x] you
            # [x.y] don't
            # [x.y.z] need these
            [x.y.z.w] # for this to work

            [x] # defining a super-table afterward is ok
            """, .table(["x": .table(["y": .table(["z": .table(["w": .table([:])])])])])),
        ("the top-level table ends at the first header", "name = \"Fido\"\nbreed = \"pug\"\n\n[owner]\nname = \"Regina Dogman\"\n",
         .table(["name": .string("Fido"), "breed": .string("pug"), "owner": .table(["name": .string("Regina Dogman")])])),
        ("dotted keys define tables", "fruit.apple.color = \"red\"\n",
         .table(["fruit": .table(["apple": .table(["color": .string("red")])])])),
        ("sub-tables under tables that dotted keys made", """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]  # you can add sub-tables
            smooth = true
            """, .table(["fruit": .table(["apple": .table([
                "color": .string("red"), "taste": .table(["sweet": .boolean(true)]),
                "texture": .table(["smooth": .boolean(true)]),
            ])])])),
        ("dotted keys may add to a table a header only implied", "[a.b.c]\n[a]\nb.d = 1\n",
         .table(["a": .table(["b": .table(["c": .table([:]), "d": .integer(1)])])])),
        ("inline tables", """
            name = { first = "Tom", last = "Preston-Werner" }
            point = { x = 1, y = 2 }
            animal = { type.name = "pug" }
            empty = {}
            """, .table([
                "name": .table(["first": .string("Tom"), "last": .string("Preston-Werner")]),
                "point": .table(["x": .integer(1), "y": .integer(2)]),
                "animal": .table(["type": .table(["name": .string("pug")])]), "empty": .table([:]),
            ])),
        ("dotted keys inside one inline table", "a = { b.c = 1, b.d = 2 }\n",
         .table(["a": .table(["b": .table(["c": .integer(1), "d": .integer(2)])])])),
        ("dotted keys on both sides of an inline table", "a.x = 1\nb = { c.d = 1 }\na.y = 2\n",
         .table(["a": .table(["x": .integer(1), "y": .integer(2)]), "b": .table(["c": .table(["d": .integer(1)])])])),
        ("CRLF line ends", "a = 1\r\n[t]\r\nb = [\r\n  2,\r\n]\r\n# c\r\n",
         .table(["a": .integer(1), "t": .table(["b": .array([.integer(2)])])])),
        ("indentation and no final newline", "\t  a = 1\n  [ t ]\n\tb = 'x'", .table(["a": .integer(1), "t": .table(["b": .string("x")])])),
        ("an empty document", "", .table([:])),
        ("only comments and blank lines", "# one\n\n   \n\t# two", .table([:])),
        ("non-ASCII in comments and strings", "# Thème ✓ \u{FFFD}\nname = \"dünkel ✓\" # ü\n", .table(["name": .string("dünkel ✓")])),
    ]

    @Test(arguments: cases.indices)
    func validTOMLMeansWhatTheSpecSays(_ index: Int) throws {
        let (name, text, meaning) = Self.cases[index]
        let table = try TOMLReader.read(text)
        #expect(TOMLShape(table) == meaning, "\(name)")
    }

    @Test func keysKeepTheirOrderAndPlace() throws {
        let table = try TOMLReader.read("b = 1\n  a = 2\n[t]\n\"é\" = 3\n")
        #expect(table.entries.map(\.key) == ["b", "a", "t"])
        #expect(table["a"]?.position == TOMLPosition(line: 2, column: 3))
        #expect(table["t"]?.position == TOMLPosition(line: 3, column: 1))
        #expect(table["t"]?.value.table?["é"]?.position == TOMLPosition(line: 4, column: 1))
    }
}
