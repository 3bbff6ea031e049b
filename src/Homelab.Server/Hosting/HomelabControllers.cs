namespace Homelab.Server.Hosting;

/// <summary>The controllers this build of homelabd ships. Each controller project adds its one line here.</summary>
public static class HomelabControllers
{
    public static ControllerCatalog CreateCatalog() => new();
}
