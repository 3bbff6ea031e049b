using System.Text.Json.Serialization;

namespace Homelab.Acme.Protocol;

/// <summary>The directory (RFC 8555 §7.1.1): the URLs of the resources this client uses.</summary>
internal sealed class AcmeDirectory
{
    public Uri? NewNonce { get; set; }
    public Uri? NewAccount { get; set; }
    public Uri? NewOrder { get; set; }
}

/// <summary>An account object; only its status is read (the URL comes in the Location header).</summary>
internal sealed class AccountResource
{
    public string? Status { get; set; }
}

internal sealed class NewAccountRequest
{
    public bool TermsOfServiceAgreed { get; set; }
    public IReadOnlyList<string>? Contact { get; set; }
}

internal sealed class Identifier
{
    public string Type { get; set; } = "dns";
    public string Value { get; set; } = "";
}

internal sealed class NewOrderRequest
{
    public IReadOnlyList<Identifier> Identifiers { get; set; } = [];
}

/// <summary>An order (§7.1.3): pending → ready → processing → valid, or invalid.</summary>
internal sealed class OrderResource
{
    public string Status { get; set; } = "";
    public IReadOnlyList<Uri> Authorizations { get; set; } = [];
    public Uri? Finalize { get; set; }
    public Uri? Certificate { get; set; }
    public ProblemDocument? Error { get; set; }
}

/// <summary>An authorization (§7.1.4) for one identifier, with the challenges that can prove it.</summary>
internal sealed class AuthorizationResource
{
    public string Status { get; set; } = "";
    public Identifier Identifier { get; set; } = new();
    public IReadOnlyList<ChallengeResource> Challenges { get; set; } = [];
    public bool Wildcard { get; set; }
}

internal sealed class ChallengeResource
{
    public string Type { get; set; } = "";
    public Uri? Url { get; set; }
    public string Status { get; set; } = "";
    public string? Token { get; set; }
    public ProblemDocument? Error { get; set; }
}

internal sealed class FinalizeRequest
{
    public string Csr { get; set; } = "";
}

/// <summary>An error (RFC 7807 as §6.7 uses it).</summary>
internal sealed class ProblemDocument
{
    public string? Type { get; set; }
    public string? Detail { get; set; }
    public IReadOnlyList<ProblemDocument>? Subproblems { get; set; }

    public override string ToString() =>
        (Detail ?? Type ?? "unknown error") + (Subproblems is { Count: > 0 } sub ? " (" + string.Join("; ", sub.Select(s => s.ToString())) + ")" : "");
}

/// <summary>The empty JSON object a challenge is answered with (§7.5.1).</summary>
internal sealed class EmptyObject;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcmeDirectory))]
[JsonSerializable(typeof(AccountResource))]
[JsonSerializable(typeof(NewAccountRequest))]
[JsonSerializable(typeof(NewOrderRequest))]
[JsonSerializable(typeof(OrderResource))]
[JsonSerializable(typeof(AuthorizationResource))]
[JsonSerializable(typeof(ChallengeResource))]
[JsonSerializable(typeof(FinalizeRequest))]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(EmptyObject))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;
