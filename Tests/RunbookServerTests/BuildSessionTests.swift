import Foundation
import RunbookKit
import Testing
import RunbookTestSupport

/// The session `serve` keeps: a rebuild after edits must give exactly the site a fresh full
/// build of the same files gives, and report what changed.
@Suite struct BuildSessionTests {
    private func fullBuild(_ site: TestSite) -> [String: OutputFile] {
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        return BuildSession(config: config, options: BuildOptions(sourceDirectory: site.root)).build().files
    }

    @Test func rebuildEqualsAFullBuildAndNamesTheChangedPage() throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        let session = BuildSession(config: config, options: BuildOptions(sourceDirectory: site.root))
        let first = session.build()
        #expect(!first.hasErrors)

        site.append("content/runbooks/app/AppDown.md", "\nAnother line.\n")
        let page = session.rebuild(changed: ["content/runbooks/app/AppDown.md"])
        #expect(page.changedURLs.contains("/runbooks/app/appdown/"))
        #expect(!page.changedURLs.contains("/runbooks/"))
        #expect(page.files == fullBuild(site))

        site.write("rules/app/app.yml", (site.read("rules/app/app.yml") ?? "").replacingOccurrences(of: "== 0", with: "< 1"))
        let rule = session.rebuild(changed: ["rules/app/app.yml"])
        #expect(rule.changedURLs.contains("/runbooks/app/appdown/"))
        #expect(rule.files == fullBuild(site))

        site.write("config.yaml", "title: Renamed\n")
        let configChange = session.rebuild(changed: ["config.yaml"])
        #expect(configChange.changedURLs.contains("/"))
        #expect(configChange.files == fullBuild(site))
    }

    @Test func aBrokenEditKeepsTheLastGoodFiles() throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        let session = BuildSession(config: config, options: BuildOptions(sourceDirectory: site.root))
        let good = session.build()
        site.append("content/runbooks/app/AppDown.md", "\n{{< nosuch >}}\n")
        let broken = session.rebuild(changed: ["content/runbooks/app/AppDown.md"])
        #expect(broken.hasErrors)
        #expect(broken.changedPaths.isEmpty)
        #expect(broken.files == good.files)
    }

    @Test func beforeAnyGoodBuildTheRenderedPagesAreKept() throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        site.append("content/runbooks/app/AppDown.md", "\n{{% rule \"app/app.yml\" \"Gone\" %}}\n")
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        let session = BuildSession(config: config, options: BuildOptions(sourceDirectory: site.root))
        let broken = session.build()
        #expect(broken.hasErrors)
        #expect(broken.files["runbooks/app/appdown/index.html"] != nil)
    }
}
