extension COCODataset {
    /// The dataset restricted to the images whose ids are in `imageIDs` (and their
    /// annotations); categories are kept.
    public func restricted(toImages imageIDs: Set<Int>) -> COCODataset {
        COCODataset(images: images.filter { imageIDs.contains($0.id) },
                    annotations: annotations.filter { imageIDs.contains($0.imageID) },
                    categories: categories)
    }
}
