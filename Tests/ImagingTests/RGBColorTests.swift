import Imaging
import Testing

struct RGBColorTests {
    @Test func hexIsSixDigitsAndNothingElse() {
        #expect(RGBColor(hex: "#ff8800") == RGBColor(0xFF, 0x88, 0x00))
        #expect(RGBColor(hex: "00E676") == RGBColor(0x00, 0xE6, 0x76))
        for bad in ["#+fffff", "-00001", "#fff", "#ff88001", "#gg0000", "# ff880", "", "#"] {
            #expect(RGBColor(hex: bad) == nil, "\(bad)")
        }
    }
}
