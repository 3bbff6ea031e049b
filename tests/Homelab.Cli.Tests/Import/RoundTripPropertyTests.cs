using System.Text.Json.Nodes;
using CsCheck;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Homelab.Cli.Printing;
using Homelab.Cli.Tests.Export;

namespace Homelab.Cli.Tests.Import;

/// <summary>
/// export → YAML → import gives back an equal spec (<see cref="Canonical"/>) for generated Services and NetworkPolicies;
/// what Kubernetes cannot express travels in homelab.dev/unexpressed, and is always named in a warning.
/// </summary>
public sealed class RoundTripPropertyTests
{
    private const int Iterations = 300;

    [Fact]
    public void Services_round_trip_to_equal_specs_and_every_unexpressible_field_is_warned_about() =>
        Generators.Service.Where(IsValid).Sample(service =>
        {
            var expected = Canonical.Of(service);
            var unexpressible = Unexpressible(service.Spec).ToList();

            var export = Conversion.Export([service]);
            var files = Conversion.Render(export);
            var (imported, _) = Conversion.Import(files);

            Assert.All(files.Values, text => KubernetesSchema.LoadStrict(text));
            Assert.Equal(expected, Canonical.Of(Assert.Single(imported.OfType<Service>())));
            var warned = export.Warnings.Where(w => w.Object == $"Service apps/{service.Name}").Select(w => w.Field).ToHashSet(StringComparer.Ordinal);
            Assert.All(unexpressible, field => Assert.Contains(field, warned));
        }, iter: Iterations, threads: 1, print: Print);

    [Fact]
    public void NetworkPolicies_round_trip_to_equal_specs() =>
        Generators.NetworkPolicy.Where(IsValid).Sample(policy =>
        {
            var expected = Canonical.Of(policy);

            var export = Conversion.Export([policy]);
            var files = Conversion.Render(export);
            var (imported, warnings) = Conversion.Import(files);

            Assert.All(files.Values, text => KubernetesSchema.LoadStrict(text));
            Assert.Empty(export.Warnings);
            Assert.Empty(warnings);
            Assert.Equal(expected, Canonical.Of(Assert.Single(imported.OfType<NetworkPolicy>())));
        }, iter: Iterations, threads: 1, print: Print);

    /// <summary>The fields of <paramref name="spec"/> Kubernetes has no place for, or holds only on one node, as warnings name them.</summary>
    private static IEnumerable<string> Unexpressible(ServiceSpec spec)
    {
        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            if (spec.Volumes![i].HostPath is not null)
            {
                yield return $"spec.volumes[{i}]";
            }
        }
        for (var i = 0; i < (spec.Devices?.Count ?? 0); i++)
        {
            yield return $"spec.devices[{i}]";
        }
        for (var i = 0; i < (spec.ExtraNetworks?.Count ?? 0); i++)
        {
            yield return $"spec.extraNetworks[{i}]";
        }
        if (spec.Resources?.Pids is not null)
        {
            yield return "spec.resources.pids";
        }
        if (spec.RestartPolicy is RestartPolicies.OnFailure or RestartPolicies.Never)
        {
            yield return "spec.restartPolicy";
        }
        if (spec.SecurityContext is { Privileged: true, UserNamespace: UserNamespaceModes.Auto })
        {
            yield return "spec.securityContext.userNamespace";
        }
        if (!WholeSeconds(spec.StopGracePeriod))
        {
            yield return "spec.stopGracePeriod";
        }
        foreach (var (name, value) in new (string, string?)[] { ("interval", spec.HealthCheck?.Interval), ("timeout", spec.HealthCheck?.Timeout), ("startPeriod", spec.HealthCheck?.StartPeriod) })
        {
            if (!WholeSeconds(value))
            {
                yield return "spec.healthCheck." + name;
            }
        }
    }

    private static bool WholeSeconds(string? duration) => duration is null || Api.Values.Duration.Parse(duration).Value.Milliseconds == 0;

    private static bool IsValid(Resource resource)
    {
        var copy = HomelabJson.ToResource((JsonObject)HomelabJson.ToNode(resource).DeepClone());
        ResourceDefaults.Apply(copy);
        return ResourceValidation.Validate(copy).Count == 0;
    }

    private static string Print(Resource resource) => Environment.NewLine + YamlOutput.Write(HomelabJson.ToNode(resource));
}
