using System.Globalization;
using LiteDB;

namespace Homelab.Store.Internal;

/// <summary>
/// The LiteDB shape of everything the store keeps. Raw BsonDocuments with a private mapper: the global BsonMapper trims
/// strings and turns "" into null, which would corrupt objects.
/// </summary>
internal static class StoreDocuments
{
    public const string Objects = "objects";
    public const string Changelog = "changelog";
    public const string Meta = "meta";
    public const string Events = "events";

    private const string MetaId = "store";

    public static BsonMapper CreateMapper() => new() { TrimWhitespace = false, EmptyStringToNull = false, SerializeNullValues = false };

    public static BsonDocument ToObjectDocument(StoredObject obj, SecretCipher cipher) => new()
    {
        ["_id"] = obj.Key.ToString(),
        ["kind"] = obj.Key.Kind,
        ["ns"] = obj.Key.Namespace,
        ["name"] = obj.Key.Name,
        ["rv"] = obj.ResourceVersion,
        ["json"] = cipher.Protect(obj.Key, obj.Json),
    };

    public static StoredObject FromObjectDocument(BsonDocument doc, SecretCipher cipher)
    {
        var key = new ObjectKey(doc["kind"].AsString, doc["ns"].AsString, doc["name"].AsString);
        return ObjectJson.ToStored(key, doc["rv"].AsInt64, cipher.Unprotect(key, doc["json"].AsString));
    }

    public static BsonDocument ToChangelogDocument(WatchEvent change, SecretCipher cipher) => new()
    {
        ["_id"] = change.Revision,
        ["type"] = change.Type,
        ["key"] = change.Object.Key.ToString(),
        ["json"] = cipher.Protect(change.Object.Key, change.Object.Json),
    };

    public static WatchEvent FromChangelogDocument(BsonDocument doc, SecretCipher cipher)
    {
        var key = ParseKey(doc["key"].AsString);
        var revision = doc["_id"].AsInt64;
        return new WatchEvent(doc["type"].AsString, revision, ObjectJson.ToStored(key, revision, cipher.Unprotect(key, doc["json"].AsString)));
    }

    public static BsonDocument ToMetaDocument(long revision, long compactedRevision) => new()
    {
        ["_id"] = MetaId,
        ["revision"] = revision,
        ["compactedRevision"] = compactedRevision,
    };

    public static (long Revision, long CompactedRevision) ReadMeta(ILiteCollection<BsonDocument> meta)
    {
        var doc = meta.FindById(MetaId);
        return doc is null ? (0, 0) : (doc["revision"].AsInt64, doc["compactedRevision"].AsInt64);
    }

    public static BsonDocument ToEventDocument(EventRecord record) => new()
    {
        ["_id"] = record.Id,
        ["kind"] = record.InvolvedObject.Kind,
        ["ns"] = record.InvolvedObject.Namespace,
        ["name"] = record.InvolvedObject.Name,
        ["uid"] = record.InvolvedUid,
        ["type"] = record.Type,
        ["reason"] = record.Reason,
        ["message"] = record.Message,
        ["source"] = record.Source,
        ["count"] = record.Count,
        // ISO strings, not BSON dates: those keep milliseconds and no offset.
        ["firstSeen"] = record.FirstSeen.ToString("O", CultureInfo.InvariantCulture),
        ["lastSeen"] = record.LastSeen.ToString("O", CultureInfo.InvariantCulture),
    };

    public static EventRecord FromEventDocument(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        InvolvedObject = new ObjectKey(doc["kind"].AsString, doc["ns"].AsString, doc["name"].AsString),
        // Absent in events kept before the uid was recorded.
        InvolvedUid = doc.TryGetValue("uid", out var uid) && uid.IsString ? uid.AsString : null,
        Type = doc["type"].AsString,
        Reason = doc["reason"].AsString,
        Message = doc["message"].AsString,
        Source = doc["source"].AsString,
        Count = doc["count"].AsInt32,
        FirstSeen = DateTimeOffset.Parse(doc["firstSeen"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        LastSeen = DateTimeOffset.Parse(doc["lastSeen"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
    };

    private static ObjectKey ParseKey(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 ? new ObjectKey(parts[0], parts[1], parts[2]) : throw new InvalidDataException($"malformed object key \"{key}\" in the changelog");
    }
}
