import Imaging

/// A sixel decoder written for the tests from DEC's description of sixel graphics (VT330/VT340
/// Programmer Reference Manual, chapter 14): `DCS P1;P2;P3 q`, raster attributes
/// `" Pan;Pad;Ph;Pv`, colour introducer `# Pc;Pu;Px;Py;Pz` (Pu = 2: RGB in percent),
/// repeat `! Pn char`, graphics carriage return `$`, graphics new line `-`, and data
/// characters `?` (0x3F) to `~` (0x7E) whose six low bits are the pixels of a column of six,
/// least significant on top. Independent of the encoder: it shares no code with it.
struct SixelReferenceDecoder {
    enum Failure: Error { case noIntroducer, unterminated, badCharacter(UInt8) }

    /// The decoded image; pixels never painted are `background`.
    static func decode(_ bytes: [UInt8], background: RGBColor = RGBColor(0, 0, 0)) throws -> RGBImage {
        guard let dcs = (0..<(bytes.count - 1)).first(where: { bytes[$0] == 0x1B && bytes[$0 + 1] == 0x50 }),
              let q = bytes[dcs...].firstIndex(of: 0x71) else { throw Failure.noIntroducer }
        guard let st = (q..<(bytes.count - 1)).first(where: { bytes[$0] == 0x1B && bytes[$0 + 1] == 0x5C }) else {
            throw Failure.unterminated
        }
        let body = Array(bytes[(q + 1)..<st])
        var registers: [Int: RGBColor] = [:]
        var painted: [Int: Int] = [:]  // y << 20 | x -> register
        var declared = (width: 0, height: 0)
        var x = 0, band = 0, register = 0, maxX = 0, maxY = 0
        var i = 0
        func numbers() -> [Int] {
            var values: [Int] = [], current = 0, any = false
            while i < body.count, body[i] == 0x3B || (0x30...0x39).contains(body[i]) {
                if body[i] == 0x3B { values.append(any ? current : 0); current = 0; any = false } else {
                    current = current * 10 + Int(body[i] - 0x30); any = true
                }
                i += 1
            }
            values.append(any ? current : 0)
            return values
        }
        func paint(_ value: UInt8, count: Int) throws {
            guard (0x3F...0x7E).contains(value) else { throw Failure.badCharacter(value) }
            let bits = Int(value - 0x3F)
            for k in 0..<6 where bits >> k & 1 == 1 {
                for column in x..<(x + count) { painted[(band * 6 + k) << 20 | column] = register }
                maxY = max(maxY, band * 6 + k + 1)
            }
            x += count
            maxX = max(maxX, x)
        }
        while i < body.count {
            let c = body[i]
            switch c {
            case 0x22:
                i += 1
                let v = numbers()
                if v.count >= 4 { declared = (v[2], v[3]) }
            case 0x23:
                i += 1
                let v = numbers()
                register = v[0]
                if v.count >= 5, v[1] == 2 {
                    func channel(_ p: Int) -> UInt8 { UInt8((Double(p) * 255 / 100).rounded()) }
                    registers[register] = RGBColor(channel(v[2]), channel(v[3]), channel(v[4]))
                }
            case 0x21:
                i += 1
                let count = max(1, numbers()[0])
                try paint(body[i], count: count)
                i += 1
            case 0x24:
                x = 0
                i += 1
            case 0x2D:
                x = 0
                band += 1
                i += 1
            default:
                try paint(c, count: 1)
                i += 1
            }
        }
        let width = max(declared.width, maxX), height = max(declared.height, maxY)
        var image = RGBImage(width: max(1, width), height: max(1, height), fill: background)
        for (key, r) in painted { image[key & 0xFFFFF, key >> 20] = registers[r] ?? background }
        return image
    }
}
