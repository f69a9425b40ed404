// The Checkpoints module; see README.md (Architecture).
