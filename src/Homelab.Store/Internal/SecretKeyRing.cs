using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Store.Internal;

/// <summary>
/// The keys Secret values are encrypted with: a file of its own in the data directory (mode 0600, made on first start),
/// each key under an id so a rotation can add a new primary, re-encrypt, and retire the old ones. Every change of the
/// file is written to a temporary file, flushed and renamed over it, so a crash leaves the old file or the new one.
/// </summary>
internal sealed class SecretKeyRing
{
    public const string FileName = "secrets.key";
    private const int KeyBytes = 32;

    private readonly string? _path;
    private readonly Dictionary<string, byte[]> _keys;

    private SecretKeyRing(string? path, string primary, Dictionary<string, byte[]> keys)
    {
        _path = path;
        PrimaryId = primary;
        _keys = keys;
    }

    public string PrimaryId { get; private set; }

    public byte[] Primary => _keys[PrimaryId];

    public IReadOnlyCollection<string> Ids => _keys.Keys;

    public bool TryGet(string id, out byte[] key) => _keys.TryGetValue(id, out key!);

    /// <summary>Reads the data directory's key file, or makes one with a fresh key.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read as a key ring.</exception>
    public static SecretKeyRing OpenOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            var ring = new SecretKeyRing(path, "k1", new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["k1"] = RandomNumberGenerator.GetBytes(KeyBytes) });
            ring.Save();
            return ring;
        }
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException("not a JSON object");
            var primary = root["primary"]?.GetValue<string>() ?? throw new InvalidDataException("no primary key id");
            var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (id, value) in root["keys"] as JsonObject ?? throw new InvalidDataException("no keys"))
            {
                var key = Convert.FromBase64String(value?.GetValue<string>() ?? "");
                keys[id] = key.Length == KeyBytes ? key : throw new InvalidDataException($"key {id} is not {KeyBytes} bytes");
            }
            return keys.ContainsKey(primary) ? new SecretKeyRing(path, primary, keys) : throw new InvalidDataException($"the primary key {primary} is missing");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path} is not a Homelab key file: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is not a Homelab key file: {e.Message}", e);
        }
    }

    /// <summary>A ring that lives in memory only, for a store on a memory stream.</summary>
    public static SecretKeyRing Ephemeral() =>
        new(null, "k1", new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["k1"] = RandomNumberGenerator.GetBytes(KeyBytes) });

    /// <summary>Adds a fresh key and makes it the primary; the older keys stay so what they encrypted can still be read.</summary>
    public string AddPrimary()
    {
        var next = 1 + _keys.Keys.Select(id => int.TryParse(id.AsSpan(1), out var n) ? n : 0).DefaultIfEmpty(0).Max();
        var id = $"k{next}";
        _keys[id] = RandomNumberGenerator.GetBytes(KeyBytes);
        PrimaryId = id;
        Save();
        return id;
    }

    /// <summary>Forgets every key but the primary: once nothing is encrypted with them.</summary>
    public IReadOnlyList<string> RetireAllButPrimary()
    {
        var retired = _keys.Keys.Where(id => id != PrimaryId).ToList();
        foreach (var id in retired)
        {
            _keys.Remove(id);
        }
        if (retired.Count > 0)
        {
            Save();
        }
        return retired;
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }
        var root = new JsonObject
        {
            ["primary"] = PrimaryId,
            ["keys"] = new JsonObject(_keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => KeyValuePair.Create(k.Key, (JsonNode?)Convert.ToBase64String(k.Value)))),
        };
        var temporary = _path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(temporary, options))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
    }
}
