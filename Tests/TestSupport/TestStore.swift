import Foundation

/// The analysis store the dhscope processes started by tests use (DHSCOPE_STORE), one per
/// test process, so tests never write to the user's cache and never see a store that an
/// earlier run left behind.
public enum TestStore {
    public static let path: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dhscope-test-store-\(getpid())-\(UUID().uuidString.prefix(8))")
        atexit { try? FileManager.default.removeItem(atPath: TestStore.path) }
        return url.path
    }()
}
