using Homelab.Controllers.Images;
using Homelab.Controllers.Services;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Tests.Services;

/// <summary>A Service controller wired by hand around a given runtime and client, as the DI container wires it.</summary>
internal static class ServiceControllerFactory
{
    public static ServiceController Create(IContainerRuntime runtime, IResourceClient client, PodmanOptions? podmanOptions = null, TimeProvider? time = null)
    {
        var options = Options.Create(podmanOptions ?? new PodmanOptions());
        time ??= TimeProvider.System;
        var runningSince = new RunningSince();
        var secrets = new SecretFileStore(options, NullLogger<SecretFileStore>.Instance);
        return new ServiceController(
            runtime,
            client,
            new ServiceProvisioner(runtime, options, NullLogger<ServiceProvisioner>.Instance),
            new ServiceImageResolver(new ImageVerifier(runtime, client, options, NullLogger<ImageVerifier>.Instance), client, NullLogger<ServiceImageResolver>.Instance),
            new ServiceRollout(runtime, client, secrets, NullLogger<ServiceRollout>.Instance),
            new ServiceStatusReport(client, runningSince, time),
            new RestartBackoff(options),
            runningSince,
            new ServiceRepair(runtime, client, options, NullLogger<ServiceRepair>.Instance),
            secrets,
            options,
            time,
            NullLogger<ServiceController>.Instance);
    }
}
