using Homelab.TestKit;

namespace Homelab.Server.Tests.Metrics;

/// <summary>The example alerting rules the README points at: valid for Prometheus and firing on homelabd's series.</summary>
public sealed class AlertRulesTests
{
    private static string Rules => Path.Combine(PodmanHostFixture.RepositoryRoot(), "src/Homelab.Server/dist/prometheus-alerts.yml");

    [Fact]
    public async Task The_example_rules_pass_promtool_check_and_fire_in_its_unit_tests()
    {
        await Promtool.RunAsync("check", "rules", Rules);
        var dir = Directory.CreateTempSubdirectory("hltest-rules-").FullName;
        try
        {
            var template = await File.ReadAllTextAsync(Path.Combine(PodmanHostFixture.RepositoryRoot(), "tests/Homelab.Server.Tests/Metrics/prometheus-alerts.test.yml"));
            var unitTests = Path.Combine(dir, "alerts.test.yml");
            await File.WriteAllTextAsync(unitTests, template.Replace("- RULES", "- " + Rules, StringComparison.Ordinal));
            await Promtool.RunAsync("test", "rules", unitTests);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
