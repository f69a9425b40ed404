// The Detector module; see README.md (Architecture).
