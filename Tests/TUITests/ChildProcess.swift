import Foundation

/// Starting helper programs (tmux, Xvfb, xterm, ImageMagick) from the tests.
enum ChildProcess {
    /// posix_spawn's error number.
    struct SpawnError: Error {
        var rawValue: Int32
    }

    /// Starts `argv` (found on PATH) with standard input and error on /dev/null, standard
    /// output to `output` (created), no signals blocked and default handlers: the test runner's
    /// threads block some, which children would inherit. Returns the pid, or posix_spawn's error.
    static func spawn(_ argv: [String], output: String = "/dev/null") -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, argv.first ?? "", &actions, &attributes, &cArgs, environ)
        guard spawned == 0 else { return .failure(SpawnError(rawValue: spawned)) }
        return .success(pid)
    }
}
