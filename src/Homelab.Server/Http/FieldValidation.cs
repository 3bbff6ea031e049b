using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Server.Kubernetes;
using Microsoft.AspNetCore.Http;
using System.Text.Json.Nodes;

namespace Homelab.Server.Http;

/// <summary>
/// ?fieldValidation= on create, update and patch, as kube-apiserver reads it: Strict refuses an unknown field (422,
/// admission does it), Ignore drops it silently, Warn drops it with one <c>Warning: 299 - "unknown field \"spec.x\""</c>
/// header per field (kubectl's --validate=strict|false|warn). Absent means Strict: hlctl and older clients rely on it.
/// </summary>
internal sealed class FieldValidation
{
    private readonly HttpContext _context;
    private readonly string _mode;
    private readonly List<string> _dropped = [];

    private FieldValidation(HttpContext context, string mode)
    {
        _context = context;
        _mode = mode;
    }

    public static FieldValidation From(HttpContext context) => new(context, QueryParameters.Single(context.Request, "fieldValidation") switch
    {
        null or "" or "Strict" => "Strict",
        "Ignore" => "Ignore",
        "Warn" => "Warn",
        var other => throw ApiException.BadRequest($"fieldValidation: \"{other}\" is not one of Strict, Warn, Ignore"),
    });

    /// <summary>Under Ignore or Warn, removes the fields the kind's schema does not know and remembers them; returns <paramref name="obj"/>.</summary>
    public JsonObject Apply(JsonObject obj, KindInfo kind)
    {
        if (_mode != "Strict")
        {
            var dropped = SchemaPruner.Prune(obj, kind);
            lock (_dropped)
            {
                _dropped.AddRange(dropped.Where(d => !_dropped.Contains(d)));
            }
        }
        return obj;
    }

    /// <summary>Under Warn, one Warning header per dropped field; call before the body is written.</summary>
    public void AddWarnings()
    {
        if (_mode != "Warn")
        {
            return;
        }
        foreach (var field in _dropped)
        {
            _context.Response.Headers.Append(WarningHeader.Name, WarningHeader.Format($"unknown field \"{field}\""));
        }
    }
}
