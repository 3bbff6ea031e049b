using System.Text.Json.Nodes;
using Homelab.Translation.Export;
using Homelab.Translation.Import;
using Homelab.Translation.Import.Compose;
using Homelab.Translation.Import.Quadlet;

namespace Homelab.Cli.Tests.Import.Quadlet;

public sealed class QuadletLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hltest-quadlet-").FullName;
    private readonly List<ConversionWarning> _warnings = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ComposeService Load(string unit)
    {
        File.WriteAllText(Path.Combine(_dir, "app.container"), unit);
        return Assert.Single(new QuadletLoader(_ => null, _warnings).Load(_dir).Project.Services);
    }

    [Fact]
    public void A_container_without_network_is_on_podmans_default_network_and_named_as_the_generator_names_it()
    {
        var service = Load("[Container]\nImage=127.0.0.1:5000/homelab/caddy:2.8\n");

        Assert.Equal("app", service.Name);
        Assert.Equal("systemd-app", (string?)service.Definition["container_name"]);
        Assert.Equal([QuadletLoader.DefaultNetwork], ((JsonObject)service.Definition["networks"]!).Select(n => n.Key));
        Assert.Equal("no", (string?)service.Definition["restart"]);
    }

    [Fact]
    public void User_and_Group_make_one_user_and_a_json_health_command_is_the_exec_form()
    {
        var service = Load("[Container]\nImage=x\nGroup=100\nUser=1000\nHealthCmd=[\"pg_isready\", \"-q\"]\n");

        Assert.Equal("1000:100", (string?)service.Definition["user"]);
        Assert.Equal("[\"CMD\",\"pg_isready\",\"-q\"]", service.Definition["healthcheck"]!["test"]!.ToJsonString());
    }

    [Fact]
    public void A_health_command_that_starts_as_json_but_is_not_is_an_error_naming_file_line_and_key()
    {
        File.WriteAllText(Path.Combine(_dir, "app.container"), "[Container]\nImage=x\nHealthCmd=[\"pg_isready\"\n");

        var error = Assert.Throws<ImportException>(() => new QuadletLoader(_ => null, _warnings).Load(_dir));

        Assert.Equal($"{_dir}/app.container: line 3: HealthCmd: \"[\"pg_isready\"\" starts as a JSON list but is not one", error.Message);
    }

    [Fact]
    public void A_directory_without_container_units_is_an_error()
    {
        File.WriteAllText(Path.Combine(_dir, "net.network"), "[Network]\n");

        var error = Assert.Throws<ImportException>(() => new QuadletLoader(_ => null, _warnings).Load(_dir));

        Assert.Equal($"{_dir}: no .container units", error.Message);
    }
}
