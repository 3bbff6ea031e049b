using Homelab.Api.Resources;
using Homelab.Controllers.Images;
using Homelab.Podman;
using Homelab.Operator;
using Homelab.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Controllers.Updates;

public static class UpdatePolicyControllerExtensions
{
    /// <summary>
    /// Adds the UpdatePolicy controller and the Podman image store it prunes with. It also watches Services, status
    /// included, so the health gate sees Ready and restarts as they happen. Needs <c>AddHomelabRegistry()</c>.
    /// </summary>
    public static OperatorBuilder AddUpdatePolicyController(this OperatorBuilder builder, Action<UpdatePolicyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<UpdatePolicyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IImageStore, PodmanImageStore>();
        builder.Services.TryAddSingleton<ImagePruner>();
        // Verifying a new digest pulls it: the update controller needs Podman even without the Service controller.
        builder.Services.AddHomelabPodman();
        builder.Services.TryAddSingleton<ImageVerifier>();
        return builder.AddController<UpdatePolicyController, UpdatePolicy>(c =>
        {
            // Nothing outside the store to clean up when a policy goes.
            c.UseFinalizer = false;
            c.Watches<Service>(PoliciesSelecting, includeStatus: true);
        });
    }

    internal static IEnumerable<ObjectKey> PoliciesSelecting(StoredObject service, IResourceClient client) =>
        client.List<UpdatePolicy>(service.Key.Namespace)
            .Where(p => p.Spec.ServiceSelector?.Matches(service.Labels) == true)
            .Select(ResourceKeys.Of);
}
