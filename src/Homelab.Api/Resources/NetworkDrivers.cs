namespace Homelab.Api.Resources;

/// <summary>Drivers of Service.spec.extraNetworks[].</summary>
public static class NetworkDrivers
{
    public const string Macvlan = "macvlan";
    public const string Ipvlan = "ipvlan";
    public static readonly string[] All = [Macvlan, Ipvlan];
}
