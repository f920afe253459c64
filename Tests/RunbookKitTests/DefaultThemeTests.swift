import Foundation
import Testing
@testable import RunbookKit

/// The binary carries the theme of `templates/` (embedded by `scripts/embed-theme`); editing a
/// template without embedding it again would ship the old one.
@Suite struct DefaultThemeTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path

    @Test func theEmbeddedThemeIsTheTemplatesFolder() throws {
        let files = (FileManager.default.enumerator(atPath: Self.templates)?.allObjects as? [String] ?? [])
            .filter { path in
                var isFolder: ObjCBool = false
                FileManager.default.fileExists(atPath: Self.templates + "/" + path, isDirectory: &isFolder)
                return !isFolder.boolValue && !(path as NSString).lastPathComponent.hasPrefix(".")
            }
        #expect(Set(files) == Set(DefaultTheme.files.keys), "run scripts/embed-theme after editing templates/")
        for path in files {
            let text = try String(contentsOfFile: Self.templates + "/" + path, encoding: .utf8)
            #expect(DefaultTheme.files[path] == text, "\(path) differs from the embedded copy: run scripts/embed-theme")
        }
    }

    @Test func everyDefaultTemplateParses() {
        let (_, problems) = TemplateSet.compile(Theme.load(templatesFolder: nil), templatesFolder: "templates")
        #expect(problems.isEmpty)
    }
}
