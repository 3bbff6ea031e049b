using Homelab.Api.Values;

namespace Homelab.Registry.Auth;

/// <summary>Finds the credential for an image, or null when none is configured.</summary>
internal interface IRegistryCredentials
{
    RegistryCredential? Find(ImageReference image);
}
