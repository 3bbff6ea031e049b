using Homelab.Api.Resources;

namespace Homelab.Cli.Commands;

/// <summary>Kind names as kubectl takes them: kind, plural, singular or short name, and KIND/NAME references.</summary>
internal static class KindResolver
{
    public static KindInfo Resolve(string name) => ResourceKinds.Find(name)
        ?? throw new CliException($"the server doesn't have a resource type \"{name}\" (known: {string.Join(", ", ResourceKinds.All.Select(k => $"{k.Plural} ({string.Join(", ", k.ShortNames)})"))})");

    /// <summary>"svc/web" → (Service, "web").</summary>
    public static (KindInfo Kind, string Name) ResolveReference(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == reference.Length - 1)
        {
            throw new CliException($"\"{reference}\" is not KIND/NAME (for example service/web)");
        }
        return (Resolve(reference[..slash]), reference[(slash + 1)..]);
    }

    /// <summary>kubectl's "service/web" naming: the lower-case singular and the name.</summary>
    public static string Display(KindInfo kind, string name) => $"{kind.Singular}/{name}";
}
