using Homelab.Registry.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Homelab.Registry.Tests;

public sealed class RegistriesConfTests
{
    [Fact]
    public void Unlisted_registries_are_secure()
    {
        var conf = new RegistriesConf();
        conf.Add("unqualified-search-registries = [\"docker.io\"]");

        Assert.False(conf.IsInsecure("docker.io", "library/nginx"));
    }

    [Fact]
    public void Mirror_tables_do_not_leak_into_their_registry()
    {
        var conf = new RegistriesConf();
        conf.Add("""
            [[registry]]
            location = "example.com"
            [[registry.mirror]]
            location = "mirror.local:5000"
            insecure = true
            """);

        Assert.False(conf.IsInsecure("example.com", "app"));
        Assert.False(conf.IsInsecure("mirror.local:5000", "app"));
    }

    [Fact]
    public void Most_specific_prefix_wins()
    {
        var conf = new RegistriesConf();
        conf.Add("""
            [[registry]]
            prefix = "lab.local"
            location = "lab.local"
            insecure = true

            [[registry]]
            prefix = "lab.local/secure"
            location = "lab.local/secure"
            insecure = false
            """);

        Assert.True(conf.IsInsecure("lab.local", "app"));
        Assert.False(conf.IsInsecure("lab.local", "secure/app"));
        Assert.True(conf.IsInsecure("lab.local", "secureish/app"));
    }

    [Fact]
    public void Wildcards_and_the_v1_format_are_understood()
    {
        var conf = new RegistriesConf();
        conf.Add("""
            [registries.insecure]
            registries = [
              "old.local:5000", # a comment
            ]
            [[registry]]
            location = "*.lab.local"
            insecure = true
            """);

        Assert.True(conf.IsInsecure("old.local:5000", "a"));
        Assert.True(conf.IsInsecure("reg.lab.local", "a"));
        Assert.False(conf.IsInsecure("lab.local.evil", "a"));
    }

    [Fact]
    public void Drop_in_files_override_the_main_file()
    {
        using var dir = new TempDir();
        dir.Write("registries.conf", "[[registry]]\nlocation = \"10.0.0.1:5000\"\ninsecure = true\n");
        dir.Write("registries.conf.d/50-test.conf", "[[registry]]\nlocation = \"10.0.0.1:5000\"\ninsecure = false\n");

        var conf = RegistriesConf.Load(RegistriesConf.DefaultFiles(dir.Path), NullLogger.Instance);

        Assert.False(conf.IsInsecure("10.0.0.1:5000", "a"));
    }
}
