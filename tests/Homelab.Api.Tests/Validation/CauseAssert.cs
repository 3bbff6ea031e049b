using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

internal static class CauseAssert
{
    public static void IsValid(Resource resource)
    {
        var causes = ResourceValidation.Validate(resource);
        Assert.True(causes.Count == 0, "expected no causes, got: " + Describe(causes));
    }

    /// <summary>Exactly one cause, at <paramref name="field"/>, whose message contains <paramref name="message"/>.</summary>
    public static StatusCause Single(Resource resource, string field, string message)
    {
        var causes = ResourceValidation.Validate(resource);
        Assert.True(causes.Count == 1 && causes[0].Field == field && causes[0].Message.Contains(message, StringComparison.Ordinal),
            $"expected one cause at {field} containing \"{message}\", got: {Describe(causes)}");
        return causes[0];
    }

    private static string Describe(IReadOnlyList<StatusCause> causes) =>
        causes.Count == 0 ? "(none)" : string.Join("; ", causes.Select(c => $"{c.Field}: {c.Message} [{c.Reason}]"));
}
