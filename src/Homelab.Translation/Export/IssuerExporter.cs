using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Translation.Export;

/// <summary>
/// An Issuer is cluster-scoped, so it becomes a cert-manager ClusterIssuer: internal → kind ca (the CA itself stays in
/// homelabd's data directory, and the warning says how to carry it over), acme → kind acme with an HTTP-01 solver
/// through the exported Gateway.
/// </summary>
internal static class IssuerExporter
{
    public static JsonObject Export(Issuer issuer, WarningScope warnings)
    {
        var document = MetadataMapping.Object(GatewayConventions.CertManagerApiVersion, "ClusterIssuer", issuer.Name, null,
            MetadataMapping.Labels(issuer.Metadata), MetadataMapping.Annotations(issuer.Metadata));
        var spec = new JsonObject();
        if (issuer.Spec.Acme is { } acme)
        {
            var account = new JsonObject { ["server"] = acme.Server };
            if (acme.Email is not null)
            {
                account["email"] = acme.Email;
            }
            if (acme.CaBundle is not null)
            {
                // cert-manager's caBundle is the PEM bytes, base64-encoded as any []byte field.
                account["caBundle"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(acme.CaBundle));
            }
            account["privateKeySecretRef"] = new JsonObject { ["name"] = $"{issuer.Name}-account" };
            account["solvers"] = new JsonArray(new JsonObject
            {
                ["http01"] = new JsonObject
                {
                    ["gatewayHTTPRoute"] = new JsonObject
                    {
                        ["parentRefs"] = new JsonArray(new JsonObject
                        {
                            ["name"] = GatewayConventions.GatewayName,
                            ["namespace"] = GatewayConventions.Namespace,
                            ["kind"] = "Gateway",
                        }),
                    },
                },
            });
            spec["acme"] = account;
            warnings.Add("spec.acme", "cert-manager registers a new ACME account (its key in Secret " + $"{issuer.Name}-account); homelabd's account and certificates are not carried over");
        }
        else
        {
            spec["ca"] = new JsonObject { ["secretName"] = GatewayConventions.CaSecret(issuer.Name) };
            warnings.Add("spec.internal", $"the CA's key stays in homelabd's data directory (issuers/{issuer.Name}/ca.key): keep the root your devices trust with kubectl create secret tls {GatewayConventions.CaSecret(issuer.Name)} -n cert-manager --cert=ca.crt --key=ca.key");
        }
        document["spec"] = spec;
        return document;
    }
}
