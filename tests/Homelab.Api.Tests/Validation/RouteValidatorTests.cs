using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class RouteValidatorTests
{
    private static Route Valid() => Tests.Valid.Read<Route>("""
        apiVersion: homelab.dev/v1alpha1
        kind: Route
        metadata: {name: jellyfin, namespace: media}
        spec:
          hostnames: [jellyfin.home.arpa, "*.media.home.arpa"]
          rules:
            - matches:
                - path: {type: PathPrefix, value: /}
                - path: {type: Exact, value: /health}
              backendRefs: [{name: jellyfin, port: 8096}, {name: jellyfin-b, port: http}]
          tls: {issuerRef: {name: home-ca}}
        """);

    [Fact]
    public void The_reference_route_is_valid() => CauseAssert.IsValid(Valid());

    [Theory]
    [InlineData("jelly*.home.arpa")]
    [InlineData("media.*.home.arpa")]
    [InlineData("*")]
    [InlineData("Jellyfin.home.arpa")]
    [InlineData("192.168.1.10")]
    public void A_hostname_is_a_dns_name_with_a_wildcard_only_as_its_first_label(string hostname)
    {
        var route = Valid();
        route.Spec.Hostnames = [hostname];
        CauseAssert.Single(route, "spec.hostnames[0]", hostname);
    }

    [Fact]
    public void A_route_needs_a_hostname_and_a_rule()
    {
        var route = Valid();
        route.Spec.Hostnames = [];
        CauseAssert.Single(route, "spec.hostnames", "at least one hostname");
        route = Valid();
        route.Spec.Rules = [];
        CauseAssert.Single(route, "spec.rules", "at least one rule");
    }

    [Fact]
    public void A_path_match_is_exact_or_a_prefix_of_an_absolute_path()
    {
        var route = Valid();
        route.Spec.Rules[0].Matches![0].Path!.Type = "RegularExpression";
        CauseAssert.Single(route, "spec.rules[0].matches[0].path.type", "must be one of Exact, PathPrefix");
        route = Valid();
        route.Spec.Rules[0].Matches![1].Path!.Value = "health";
        CauseAssert.Single(route, "spec.rules[0].matches[1].path.value", "absolute path");
    }

    [Fact]
    public void A_backend_names_a_service_and_a_port()
    {
        var route = Valid();
        route.Spec.Rules[0].BackendRefs[0].Port = 70000;
        CauseAssert.Single(route, "spec.rules[0].backendRefs[0].port", "port number (1-65535) or a port name");
        route = Valid();
        route.Spec.Rules[0].BackendRefs[1].Port = default(IntOrString);
        CauseAssert.Single(route, "spec.rules[0].backendRefs[1].port", "is required");
        route = Valid();
        route.Spec.Rules[0].BackendRefs = [];
        CauseAssert.Single(route, "spec.rules[0].backendRefs", "at least one backend");
    }

    [Fact]
    public void Tls_takes_an_issuer_or_a_secret_not_both()
    {
        var route = Valid();
        route.Spec.Tls!.SecretName = "jellyfin-cert";
        CauseAssert.Single(route, "spec.tls", "only one of issuerRef and secretName");
        route = Valid();
        route.Spec.Tls = new RouteTls();
        CauseAssert.Single(route, "spec.tls", "leave tls out for plain HTTP");
        route = Valid();
        route.Spec.Tls = null;
        CauseAssert.IsValid(route);
    }

    [Fact]
    public void Defaults_give_a_rule_without_matches_one_prefix_match_on_the_root()
    {
        var route = Valid();
        route.Spec.Rules[0].Matches = null;
        route.Spec.Rules.Add(new RouteRule { Matches = [new RouteMatch { Path = new PathMatch { Value = "/api" } }], BackendRefs = [new BackendRef { Name = "api", Port = 80 }] });
        ResourceDefaults.Apply(route);
        var root = Assert.Single(route.Spec.Rules[0].Matches!).Path!;
        Assert.Equal((PathMatchTypes.PathPrefix, "/"), (root.Type, root.Value));
        Assert.Equal((PathMatchTypes.PathPrefix, "/api"), (route.Spec.Rules[1].Matches![0].Path!.Type, route.Spec.Rules[1].Matches![0].Path!.Value));
    }
}
