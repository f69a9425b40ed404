/// The fixtures more than one test target reads, in Tests/Fixtures (its README lists them and
/// the scripts that write them), as paths from the repository's root: give them to
/// ``RepositoryFiles/path(_:)``, or to the dhscope binary, which the tests run from the root.
public enum SharedFixtures {
    /// A tiny Double-Head-Ext model (formula weights, 3 classes) as safetensors with dhscope's
    /// metadata (Tools/fixtures/make_cli_fixtures.py).
    public static let tinyModel = "Tests/Fixtures/tiny/tiny-dh-ext.safetensors"
    /// The same model as a legacy mmdetection-style .pth.
    public static let tinyLegacyModel = "Tests/Fixtures/tiny/tiny-dh-ext-legacy.pth"
    /// The PyTorch reference's proposals, head outputs and detections of the tiny model on
    /// ``baselineImage``.
    public static let tinyReference = "Tests/Fixtures/tiny/tiny-dh-ext-reference.json"
    /// The folder of the shared pictures (Tools/fixtures/make_image_fixtures.py).
    public static let images = "Tests/Fixtures/images"
    /// A 64x48 baseline JPEG; `baseline.jpg.rgba` and `.size` beside it are Pillow's decode.
    public static let baselineImage = "Tests/Fixtures/images/baseline.jpg"
    /// The first half of ``baselineImage``: a corrupt JPEG.
    public static let truncatedImage = "Tests/Fixtures/images/truncated.jpg"
    /// A text file named like a JPEG.
    public static let notAnImage = "Tests/Fixtures/images/notanimage.jpg"
    /// A PNG whose header claims 100000 x 100000 pixels.
    public static let decompressionBomb = "Tests/Fixtures/images/bomb.png"
}
