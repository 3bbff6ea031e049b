using System.Text;

namespace Homelab.Api.Protocol;

/// <summary>
/// The host checks as <c>homelabd check</c> and <c>hlctl doctor</c> print them: CHECK, RESULT and MESSAGE columns, and
/// under each failed check the line that fixes it.
/// </summary>
public static class HostCheckTable
{
    public static string Render(IReadOnlyList<HostCheckResult> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        const string Name = "CHECK", Result = "RESULT";
        var nameWidth = checks.Select(c => c.Name.Length).Append(Name.Length).Max() + 3;
        var resultWidth = Result.Length + 3;
        var text = new StringBuilder();
        text.Append(Name.PadRight(nameWidth)).Append(Result.PadRight(resultWidth)).Append("MESSAGE\n");
        foreach (var check in checks)
        {
            text.Append(check.Name.PadRight(nameWidth)).Append((check.Ok ? "OK" : "FAIL").PadRight(resultWidth)).Append(check.Message).Append('\n');
            if (!check.Ok && !string.IsNullOrEmpty(check.Fix))
            {
                text.Append(new string(' ', nameWidth + resultWidth)).Append("fix: ").Append(check.Fix).Append('\n');
            }
        }
        return text.ToString();
    }
}
