using Homelab.Api.Serialization;
using Homelab.Cli.Client;

namespace Homelab.Cli.Apply;

/// <summary>
/// A batch the daemon refused for one object (a security level, a rule only the server knows): said like the client's own
/// validation errors, naming the file and document the object came from, then each field and reason.
/// </summary>
internal static class ServerRefusal
{
    public static CliException? Locate(ApiException refusal, IReadOnlyList<DesiredObject> desired)
    {
        var details = refusal.Status.Details;
        var wanted = desired.FirstOrDefault(d => d.Kind.Kind == details?.Kind && d.Ref.Name == details.Name);
        if (wanted is null)
        {
            return null;
        }
        var document = wanted.Document;
        var lines = (details!.Causes is { Count: > 0 } causes ? causes.Select(c => (c.Field, c.Message)) : [("", refusal.Status.Message)])
            .Select(c => new ManifestException(c.Field, c.Message).WithLocation(document.Source, document.Index, document.Line).Message);
        return new CliException(
            $"nothing was applied: the server refused {wanted.Display} ({refusal.Reason}){Environment.NewLine}  {string.Join(Environment.NewLine + "  ", lines)}");
    }
}
