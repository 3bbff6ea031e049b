namespace Homelab.Controllers.Updates;

internal static class UpdateConditionReasons
{
    public const string Checked = "Checked";
    public const string RegistryError = "RegistryError";
    public const string InvalidSpec = "InvalidSpec";
}
