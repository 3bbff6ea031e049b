using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Tests.Import;

namespace Homelab.Cli.Tests.Export;

/// <summary>Routes as Gateway API HTTPRoutes on one Gateway, Issuers as cert-manager ClusterIssuers, and back.</summary>
public sealed class RouteExportTests
{
    private const string Homelab = """
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata: {name: media}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata: {name: jellyfin, namespace: media}
        spec:
          image: 127.0.0.1:5000/homelab/jellyfin:10.10.3
          ports: [{name: http, containerPort: 8096}]
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Issuer
        metadata: {name: home-ca}
        spec: {internal: {duration: 720h}}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Issuer
        metadata: {name: letsencrypt}
        spec: {acme: {server: "https://acme-v02.api.letsencrypt.org/directory", email: me@example.org}}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Issuer
        metadata: {name: step-ca}
        spec:
          acme:
            server: "https://ca.home.arpa/acme/acme/directory"
            caBundle: |
              -----BEGIN CERTIFICATE-----
              MIIBjTCCATOgAwIBAgIUI0eSbfDOmTtPizSzWlCglneVpYAwCgYIKoZIzj0EAwIw
              HDEaMBgGA1UEAwwRc3RlcC1jYSB0ZXN0IHJvb3QwHhcNMjYxMjA3MTU1MTU0WhcN
              MzYxMjA0MTU1MTU0WjAcMRowGAYDVQQDDBFzdGVwLWNhIHRlc3Qgcm9vdDBZMBMG
              ByqGSM49AgEGCCqGSM49AwEHA0IABOvjxc6ScZKMgZslblFoVi6Q8kqT7azVE5Ga
              npQMTZ3Jq+Z9Tlat7OGG3e5sOk2VRNZ+Z4n8WIAxRJAaHzM0GYWjUzBRMB0GA1Ud
              DgQWBBRnIAi8M/7VXRjnj/5deS1PIz2VKDAfBgNVHSMEGDAWgBRnIAi8M/7VXRjn
              j/5deS1PIz2VKDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDt
              x+K0L2PepdKIzsrgjqvaLh5gM6qJZXyHnJjcnkX3gwIgc/7ZeYgtF9XgPEJYORFS
              gKz2qXrPXJ52shh9Zazii2w=
              -----END CERTIFICATE-----
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {name: jellyfin, namespace: media}
        spec:
          hostnames: [jellyfin.home.arpa]
          rules:
            - matches: [{path: {type: PathPrefix, value: /}}]
              backendRefs: [{name: jellyfin, port: http}]
            - matches: [{path: {type: Exact, value: /health}}]
              backendRefs: [{name: jellyfin, port: 8097}]
          tls: {issuerRef: {name: home-ca}}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {name: public, namespace: media}
        spec:
          hostnames: ["*.example.org"]
          rules:
            - backendRefs: [{name: jellyfin, port: http}]
          tls: {secretName: wildcard-cert}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {name: plain, namespace: media}
        spec:
          hostnames: [plain.home.arpa]
          rules:
            - backendRefs: [{name: jellyfin, port: http}]
        """;

    private static List<Resource> Resources() => [.. YamlManifest.Parse(Homelab, "homelab.yaml").Select(d => HomelabJson.ToResource(d.Object))];

    [Fact]
    public void A_route_becomes_an_httproute_on_the_gateway_listener_of_its_host_with_the_certificate_its_issuer_implies()
    {
        var files = Conversion.Render(Conversion.Export(Resources()));

        var route = files["media/route-jellyfin.yaml"];
        Assert.Contains("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n", route, StringComparison.Ordinal);
        Assert.Contains("parentRefs:\n  - name: homelab\n    namespace: homelab-system\n    sectionName: https-jellyfin-home-arpa\n", route, StringComparison.Ordinal);
        Assert.Contains("    backendRefs:\n    - name: jellyfin\n      port: 8096\n", route, StringComparison.Ordinal);
        Assert.Contains("value: /health", route, StringComparison.Ordinal);

        var gateway = files["homelab-system/gateway-homelab.yaml"];
        Assert.StartsWith("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: homelab-system\n", gateway, StringComparison.Ordinal);
        Assert.Contains("  - name: https-jellyfin-home-arpa\n    protocol: HTTPS\n    port: 443\n    hostname: jellyfin.home.arpa\n    tls:\n      mode: Terminate\n      certificateRefs:\n      - name: media-jellyfin-tls\n", gateway, StringComparison.Ordinal);
        Assert.Contains("kind: Certificate\nmetadata:\n  name: media-jellyfin\n  namespace: homelab-system\nspec:\n  secretName: media-jellyfin-tls\n  dnsNames:\n  - jellyfin.home.arpa\n  issuerRef:\n    group: cert-manager.io\n    kind: ClusterIssuer\n    name: home-ca\n  duration: 720h\n", gateway, StringComparison.Ordinal);
        Assert.Contains("hostname: '*.example.org'", gateway, StringComparison.Ordinal);
        Assert.Contains("- name: wildcard-cert\n        namespace: media\n", gateway, StringComparison.Ordinal);
        Assert.Contains("kind: ReferenceGrant", files["media/route-public.yaml"], StringComparison.Ordinal);
        Assert.Contains("sectionName: http\n", files["media/route-plain.yaml"], StringComparison.Ordinal);

        Assert.Contains("kind: ClusterIssuer\nmetadata:\n  name: home-ca\nspec:\n  ca:\n    secretName: home-ca-ca\n", files["01-clusterissuer-home-ca.yaml"], StringComparison.Ordinal);
        Assert.Contains("gatewayHTTPRoute:", files["01-clusterissuer-letsencrypt.yaml"], StringComparison.Ordinal);
        // cert-manager's caBundle is base64 of the PEM.
        var stepCa = Resources().OfType<Issuer>().Single(i => i.Name == "step-ca").Spec.Acme!.CaBundle!;
        Assert.Contains("caBundle: " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(stepCa)), files["01-clusterissuer-step-ca.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_gateway_cannot_carry_over_is_said_per_object()
    {
        var warnings = Conversion.Export(Resources()).Warnings.Select(w => w.ToString()).ToList();

        Assert.Contains(warnings, w => w.Contains("Issuer home-ca: spec.internal: the CA's key stays in homelabd's data directory", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Gateway homelab-system/homelab: spec.gatewayClassName: set it to your cluster's GatewayClass", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Issuer letsencrypt: spec.acme: cert-manager registers a new ACME account", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Route media/jellyfin: spec.tls: homelabd redirects plain HTTP to HTTPS", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("Route media/plain", StringComparison.Ordinal));
    }

    [Fact]
    public void A_port_name_the_export_does_not_know_is_left_out_and_named()
    {
        var export = Conversion.Export(Resources().Where(r => r is not Service));

        Assert.Contains(export.Warnings, w => w.Object == "Route media/jellyfin" && w.Field == "spec.rules[0].backendRefs[0].port"
            && w.Reason.Contains("port \"http\" of Service jellyfin is not in this export", StringComparison.Ordinal));
        Assert.DoesNotContain("port: http", Conversion.Render(export)["media/route-jellyfin.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_and_issuers_import_back_to_equal_specs_without_warnings_about_the_gateway()
    {
        var (imported, warnings) = Conversion.Import(Conversion.Render(Conversion.Export(Resources())));

        var expected = Resources().Where(r => r is Route or Issuer).ToDictionary(Key, Canonical.Of);
        var back = imported.Where(r => r is Route or Issuer).ToList();
        Assert.Equal(expected.Keys.Order(), back.Select(Key).Order());
        Assert.All(back, r => Assert.Equal(expected[Key(r)], Canonical.Of(r)));
        Assert.DoesNotContain(imported, r => r is Namespace { Name: "homelab-system" });
        Assert.DoesNotContain(warnings, w => w.Object.StartsWith("Gateway", StringComparison.Ordinal) || w.Object.StartsWith("Certificate", StringComparison.Ordinal)
            || w.Object.StartsWith("ReferenceGrant", StringComparison.Ordinal) || w.Object.StartsWith("HTTPRoute", StringComparison.Ordinal) || w.Object.StartsWith("ClusterIssuer", StringComparison.Ordinal));
    }

    [Fact]
    public void An_httproute_field_a_route_has_no_word_for_is_reported_on_import()
    {
        var files = new Dictionary<string, string>(Conversion.Render(Conversion.Export(Resources())), StringComparer.Ordinal);
        files["media/route-plain.yaml"] = files["media/route-plain.yaml"].Replace("    backendRefs:", "    filters: [{type: RequestHeaderModifier}]\n    backendRefs:", StringComparison.Ordinal);

        var (_, warnings) = Conversion.Import(files);

        Assert.Contains(warnings, w => w.Object == "HTTPRoute media/plain" && w.Field.Contains("filters", StringComparison.Ordinal));
    }

    private static string Key(Resource r) => $"{r.Kind} {r.Namespace}/{r.Name}";
}
