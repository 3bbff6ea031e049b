using Homelab.Cli.Client;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Cli.Tests.Commands;

public sealed class ArgumentTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly List<string> _connected = [];

    private Task<int> Run(params string[] args)
    {
        var ctx = new CliContext(_out, _err, new FakeTimeProvider(), path =>
        {
            _connected.Add(path);
            return new HomelabClient(path);
        }, name => name == SocketPath.EnvironmentVariable ? "/nonexistent/from-env.sock" : null, new StringReader(""));
        return CliApp.RunAsync(args, ctx, CancellationToken.None);
    }

    [Fact]
    public async Task Prune_without_an_applyset_is_refused_before_reading_files_or_connecting()
    {
        Assert.Equal(ExitCodes.Error, await Run("apply", "--prune", "-f", "/nonexistent.yaml"));

        Assert.Contains("--prune requires --applyset", _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(_connected);
    }

    [Fact]
    public async Task An_unknown_kind_lists_the_known_ones()
    {
        Assert.Equal(ExitCodes.Error, await Run("get", "pods"));

        Assert.Contains("doesn't have a resource type \"pods\"", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("services (svc)", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_output_format_is_a_usage_error()
    {
        Assert.NotEqual(ExitCodes.Success, await Run("get", "svc", "-o", "xml"));

        Assert.Contains("xml", _err.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5x", "unknown unit \"x\"")]
    [InlineData("-1s", "expected a number at position 1")]
    public async Task A_timeout_that_is_no_duration_is_a_usage_error_naming_why(string timeout, string reason)
    {
        Assert.NotEqual(ExitCodes.Success, await Run("wait", "svc/web", "--for", "condition=Ready", "--timeout", timeout));

        Assert.Contains($"invalid --timeout: \"{timeout}\" is not a duration: {reason}", _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(_connected);
    }

    [Fact]
    public async Task A_missing_file_is_reported_rather_than_the_missing_daemon()
    {
        Assert.Equal(ExitCodes.Error, await Run("apply", "-f", "/nonexistent/dir/x.yaml"));

        Assert.Contains("/nonexistent/dir/x.yaml", _err.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_errors_exit_above_one()
    {
        Assert.Equal(ExitCodes.DiffError, await Run("diff", "-f", "/nonexistent.yaml"));
    }

    [Fact]
    public async Task The_socket_option_wins_over_the_environment_and_a_dead_socket_explains_how_to_start_the_daemon()
    {
        Assert.Equal(ExitCodes.Error, await Run("get", "svc", "--socket", "/nonexistent/option.sock"));

        Assert.Equal(["/nonexistent/option.sock"], _connected);
        Assert.Contains("cannot connect to homelabd at /nonexistent/option.sock", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("sudo homelabd --data-dir /var/lib/homelab", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _out.ToString());
    }

    [Fact]
    public async Task Without_the_option_the_environment_names_the_socket()
    {
        await Run("get", "svc");

        Assert.Equal(["/nonexistent/from-env.sock"], _connected);
    }

    [Fact]
    public async Task Version_client_only_does_not_connect()
    {
        Assert.Equal(ExitCodes.Success, await Run("version", "--client"));

        Assert.StartsWith("Client Version: ", _out.ToString(), StringComparison.Ordinal);
        Assert.Empty(_connected);
    }

    [Theory]
    [InlineData("wait", "--for=condition=Ready", "web")]
    [InlineData("delete", "service")]
    [InlineData("wait", "--for=Ready", "service/web")]
    public async Task Incomplete_targets_are_refused_with_an_example(params string[] args)
    {
        Assert.Equal(ExitCodes.Error, await Run(args));

        Assert.Contains("error: ", _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(_connected);
    }

    [Fact]
    public async Task A_malformed_label_selector_is_refused_before_connecting()
    {
        Assert.Equal(ExitCodes.Error, await Run("get", "svc", "-l", "app in (a,b"));

        Assert.Contains("-l \"app in (a,b\"", _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(_connected);
    }
}
