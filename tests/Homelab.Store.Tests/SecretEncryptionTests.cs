using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using LiteDB;

namespace Homelab.Store.Tests;

/// <summary>Secret values are encrypted before they reach LiteDB: the file and its log never hold one in plain text.</summary>
public sealed class SecretEncryptionTests
{
    private const string Password = "correct-horse-battery-staple-7f3a";
    private static readonly ObjectKey Key = new("Secret", "default", "db");

    private static JsonObject Secret(string name = "db", string password = Password) => new()
    {
        ["apiVersion"] = "homelab.dev/v1alpha1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["stringData"] = new JsonObject { ["password"] = password },
        ["data"] = new JsonObject { ["user"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("postgres-admin-9c1d")) },
    };

    private static void AssertNoPlainValue(string dataDir)
    {
        var files = Directory.GetFiles(dataDir, "homelab*.db");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            // Shared read: the store may still hold the file open, as a running daemon would.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            foreach (var needle in new[] { Password, Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), "postgres-admin-9c1d", Convert.ToBase64String(Encoding.UTF8.GetBytes("postgres-admin-9c1d")) })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"{Path.GetFileName(file)} holds \"{needle}\" in plain text");
            }
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_data_file_and_its_log_never_hold_a_value_and_a_restart_reads_it_back()
    {
        using var h = StoreHarness.Create(onDisk: true);
        h.Store.Apply(Mutation.Create(Key, Secret()));
        // A second write, so the changelog holds two versions too.
        var updated = h.Store.Get(Key)!.ToNode();
        updated["data"]!["extra"] = Convert.ToBase64String("another-value-4411"u8.ToArray());
        h.Store.Apply(Mutation.Replace(Key, updated));

        AssertNoPlainValue(h.Options.DataDir);
        var stored = h.Reopen().Get(Key)!.ToResource<Secret>();
        AssertNoPlainValue(h.Options.DataDir);

        Assert.Equal(Password, Encoding.UTF8.GetString(Convert.FromBase64String(stored.Data!["password"])));
        Assert.Null(stored.StringData);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(h.Options.DataDir, "secrets.key")));
    }

    [Fact]
    public void A_watch_replaying_the_changelog_sees_the_values_as_written()
    {
        using var h = StoreHarness.Create(onDisk: true);
        var created = h.Store.Apply(Mutation.Create(Key, Secret()));

        using var watch = h.Reopen().Watch("Secret", null, created.Object.ResourceVersion - 1);

        Assert.True(watch.Events.TryRead(out var replayed));
        Assert.Equal(Password, Encoding.UTF8.GetString(Convert.FromBase64String(replayed.Object.ToResource<Secret>().Data!["password"])));
    }

    [Fact]
    public void A_tampered_value_stops_the_store_naming_the_secret_instead_of_serving_garbage()
    {
        using var h = StoreHarness.Create(onDisk: true);
        h.Store.Apply(Mutation.Create(Key, Secret()));
        h.Store.Dispose();
        EditStoredJson(h.Options.DataDir, json =>
        {
            var node = JsonNode.Parse(json)!;
            var envelope = node["data"]!["password"]!.GetValue<string>();
            var bytes = Convert.FromBase64String(envelope[(envelope.LastIndexOf(':') + 1)..]);
            bytes[^1] ^= 0x01;
            node["data"]!["password"] = envelope[..(envelope.LastIndexOf(':') + 1)] + Convert.ToBase64String(bytes);
            return node.ToJsonString();
        });

        var error = Assert.Throws<InvalidDataException>(h.Open);

        Assert.Equal("Secret default/db: data[password] fails authentication: the stored value was altered, or belongs to another object", error.Message);
    }

    [Fact]
    public void A_value_moved_to_another_secret_fails_authentication()
    {
        using var h = StoreHarness.Create(onDisk: true);
        h.Store.Apply(Mutation.Create(Key, Secret()));
        h.Store.Apply(Mutation.Create(Key with { Name = "other" }, Secret("other", "the-other-password")));
        h.Store.Dispose();
        string? envelope = null;
        EditStoredJson(h.Options.DataDir, json => { envelope = JsonNode.Parse(json)!["data"]!["password"]!.GetValue<string>(); return json; }, "Secret/default/db");
        EditStoredJson(h.Options.DataDir, json =>
        {
            var node = JsonNode.Parse(json)!;
            node["data"]!["password"] = envelope;
            return node.ToJsonString();
        }, "Secret/default/other");

        var error = Assert.Throws<InvalidDataException>(h.Open);

        Assert.StartsWith("Secret default/other: data[password] fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotating_the_key_reencrypts_everything_and_retires_the_old_key()
    {
        using var h = StoreHarness.Create(onDisk: true);
        var created = h.Store.Apply(Mutation.Create(Key, Secret()));
        var keyFile = Path.Combine(h.Options.DataDir, "secrets.key");
        var oldKeys = File.ReadAllText(keyFile);

        var rotation = h.Store.RotateSecretKey();

        Assert.Equal(("k2", 1), (rotation.KeyId, rotation.Secrets));
        Assert.Equal(["k1"], rotation.Retired);
        Assert.True(rotation.ChangelogEntries >= 1);
        var keys = JsonNode.Parse(File.ReadAllText(keyFile))!;
        Assert.Equal("k2", keys["primary"]!.GetValue<string>());
        Assert.Equal(["k2"], keys["keys"]!.AsObject().Select(k => k.Key));
        AssertNoPlainValue(h.Options.DataDir);
        var reopened = h.Reopen();
        Assert.Equal(Password, Encoding.UTF8.GetString(Convert.FromBase64String(reopened.Get(Key)!.ToResource<Secret>().Data!["password"])));
        using var watch = reopened.Watch("Secret", null, created.Object.ResourceVersion - 1);
        Assert.True(watch.Events.TryRead(out var replayed));
        Assert.Equal(Key, replayed.Object.Key);

        // With the old key file back, nothing can be read: nothing is left under k1.
        h.Store.Dispose();
        File.WriteAllText(keyFile, oldKeys);
        Assert.Contains("encrypted with key k2", Assert.Throws<InvalidDataException>(h.Open).Message, StringComparison.Ordinal);
    }

    /// <summary>Changes the stored JSON of one object (default: the first Secret) straight in LiteDB, as someone with the file could.</summary>
    private static void EditStoredJson(string dataDir, Func<string, string> edit, string id = "Secret/default/db")
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(dataDir, LiteDbResourceStore.DatabaseFileName), Connection = ConnectionType.Direct });
        var objects = db.GetCollection("objects");
        var doc = objects.FindById(id);
        doc["json"] = edit(doc["json"].AsString);
        objects.Update(doc);
    }
}
