import TestSupport

/// This target's own fixtures, copied into its bundle. Tools/fixtures/make_image_fixtures.py
/// writes them, and the pictures other targets read too to Tests/Fixtures/images
/// (``SharedFixtures``).
let fixtureFiles = BundledFixtures(.module, writtenBy: "Tools/fixtures/make_image_fixtures.py")
