using System.Text;

namespace Homelab.Api.Protocol;

/// <summary>
/// An admission warning on the wire, as the apiserver sends it: <c>Warning: 299 - "text"</c> (RFC 7234's warn-code,
/// warn-agent and quoted warn-text), so kubectl and hlctl both print "Warning: text".
/// </summary>
public static class WarningHeader
{
    public const string Name = "Warning";

    /// <summary>The header value for <paramref name="text"/>; characters a header may not carry become '?'.</summary>
    public static string Format(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = new StringBuilder("299 - \"", text.Length + 10);
        foreach (var c in text)
        {
            value.Append(c switch
            {
                '"' or '\\' => $"\\{c}",
                < ' ' or > '~' => "?",
                _ => c.ToString(),
            });
        }
        return value.Append('"').ToString();
    }

    /// <summary>The text of a quoted warn-text (as <see cref="System.Net.Http.Headers.WarningHeaderValue.Text"/> holds it).</summary>
    public static string Unquote(string quoted)
    {
        ArgumentNullException.ThrowIfNull(quoted);
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
        {
            return quoted;
        }
        var text = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length - 1)
            {
                i++;
            }
            text.Append(quoted[i]);
        }
        return text.ToString();
    }
}
