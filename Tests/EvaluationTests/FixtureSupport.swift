import TestSupport

/// This target's fixtures, copied into its bundle.
let fixtureFiles = BundledFixtures(.module, writtenBy: "Tools/fixtures/make_coco_fixtures.py")

/// The path of a file under Fixtures/; throws ``FixtureMissing`` when it is not there.
func fixturePath(_ relative: String) throws -> String {
    try fixtureFiles.existingPath(relative)
}
