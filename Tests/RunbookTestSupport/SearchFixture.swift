/// The start of the fixture sites the search suites share (index files, the browser's search
/// box): the configuration and `rules/node.yml` with the disk alert that searches find by
/// its metric (`node_filesystem_avail_bytes`) and by its summary. Each suite appends its pages.
public enum SearchFixture {
    /// - Parameters:
    ///   - config: more lines of config.yaml, each ending in a newline.
    ///   - annotations: more annotations of the disk alert (10 spaces in).
    ///   - rules: more rules of the Node group (`- alert:` 6 spaces in).
    /// - Returns: `TestSite` text ending in a newline.
    public static func site(title: String, config: String = "", annotations: String = "", rules: String = "") -> String {
        """
        -- config.yaml --
        title: \(title)
        \(config)-- rules/node.yml --
        groups:
          - name: Node
            rules:
              - alert: NodeFilesystemAlmostFull
                expr: node_filesystem_avail_bytes{fstype!="tmpfs"} / node_filesystem_size_bytes * 100 < 5
                labels:
                  severity: critical
                annotations:
                  summary: Filesystem almost out of space

        """ + annotations + rules
    }
}
