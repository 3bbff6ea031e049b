namespace Homelab.Store;

public static class WatchEventTypes
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";
}

/// <summary>A change at one revision. For DELETED, <see cref="Object"/> is the last state with the delete's revision.</summary>
public sealed record WatchEvent(string Type, long Revision, StoredObject Object);
