using System.Net;
using System.Text.Json;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Operator;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Tests.Preflight;

/// <summary>/readyz and /livez as the apiserver answers them, from the same checks the preflight runs.</summary>
public sealed class ReadyzTests
{
    [Fact]
    public async Task A_ready_host_answers_ok_and_verbose_lists_each_check()
    {
        await using var daemon = await TestDaemon.StartAsync();

        Assert.Equal("ok\n", await daemon.Http.GetStringAsync(ApiPaths.Readyz));
        Assert.Equal("ok\n", await daemon.Http.GetStringAsync(ApiPaths.Livez));
        var verbose = await daemon.Http.GetStringAsync(ApiPaths.Readyz + "?verbose");
        Assert.Equal(["[+]data-dir ok", "[+]socket ok", "readyz check passed"], verbose.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Readyz_and_livez_answer_plain_text_to_a_client_that_accepts_json_as_kubectl_does()
    {
        await using var daemon = await TestDaemon.StartAsync();

        foreach (var path in new[] { ApiPaths.Readyz, ApiPaths.Livez })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("application/json, */*");
            using var response = await daemon.Http.SendAsync(request);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_failed_check_answers_500_naming_it_and_the_json_report_carries_the_fix()
    {
        await using var daemon = await TestDaemon.StartAsync(builder => builder.Services.AddHostCheck<MissingNftCheck>());

        using var text = await daemon.Http.GetAsync(ApiPaths.Readyz);
        Assert.Equal(HttpStatusCode.InternalServerError, text.StatusCode);
        Assert.Equal(["[-]nftables failed: nft is not installed", "readyz check failed"],
            (await text.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        using var json = await daemon.Http.GetAsync(ApiPaths.Readyz + "?format=" + ApiPaths.ReadyzReportFormat);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var report = JsonSerializer.Deserialize(await json.Content.ReadAsStringAsync(), HomelabJson.TypeInfo<HostCheckReport>())!;
        Assert.False(report.Ready);
        var nft = Assert.Single(report.Checks, c => c.Name == "nftables");
        Assert.Equal("apt-get install nftables", nft.Fix);
        Assert.Contains(report.Checks, c => c.Name == "socket" && c.Ok && c.Message.StartsWith("serving on ", StringComparison.Ordinal));
    }

    private sealed class MissingNftCheck : IHostCheck
    {
        public Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<HostCheckResult>>([HostCheckResult.Fail("nftables", "nft is not installed", "apt-get install nftables")]);
    }
}
