// The Compute module; see README.md (Architecture).
