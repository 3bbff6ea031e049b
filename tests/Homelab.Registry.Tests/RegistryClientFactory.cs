using Homelab.Registry.Auth;
using Homelab.Registry.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Homelab.Registry.Tests;

internal static class RegistryClientFactory
{
    public static OciRegistryClient Create(HttpMessageHandler handler, TimeProvider? time = null, IReadOnlyList<string>? authFiles = null, string? registriesConf = null, RegistryOptions? options = null)
    {
        var conf = new RegistriesConf();
        if (registriesConf is not null)
        {
            conf.Add(registriesConf);
        }
        return new OciRegistryClient(
            handler,
            new AuthFileCredentials(authFiles ?? [], NullLogger<AuthFileCredentials>.Instance),
            conf,
            Options.Create(options ?? new RegistryOptions()),
            time ?? TimeProvider.System,
            NullLogger<OciRegistryClient>.Instance);
    }
}
