namespace Homelab.Store;

/// <summary>What a key rotation did: the new key's id, the ids retired, and how many Secrets and changelog entries it re-encrypted.</summary>
public sealed record SecretKeyRotation(string KeyId, IReadOnlyList<string> Retired, int Secrets, int ChangelogEntries);
