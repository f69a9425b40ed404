extension AppState {
    /// The background analysis of the image list moved on.
    public mutating func setDatasetProgress(_ progress: DatasetProgress) {
        datasetProgress = progress
    }
}
