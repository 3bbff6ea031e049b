namespace Homelab.Server.Preflight;

/// <summary>Whether this process has bound the API socket: the socket check then asks "still there?", not "free?".</summary>
internal sealed class ApiSocketState
{
    private volatile bool _bound;

    public bool Bound => _bound;

    public void MarkBound() => _bound = true;
}
