using System.Text;

namespace Homelab.Server.Dashboard;

/// <summary>
/// The page shell: navigation, a skip link, styles for a phone's width and a small script that keeps a page's live
/// region current from the watch API (the tables work without it). No external assets: everything is inline.
/// </summary>
internal static class Layout
{
    public const string Root = "/ui";

    private static readonly (string Path, string Title)[] Pages =
    [
        (Root + "/", "Overview"),
        (Root + "/network", "Network"),
        (Root + "/updates", "Updates"),
        (Root + "/host", "Host"),
    ];

    private const string Style = """
        :root{color-scheme:light dark;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--muted:#656d76;--line:#d0d7de}
        body{font:15px/1.45 system-ui,sans-serif;margin:0}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
        header strong{font-size:1.1rem}
        nav a{margin-right:.8rem}
        nav a[aria-current=page]{font-weight:700;text-decoration:none}
        main{padding:1rem;max-width:80rem}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-weight:600}
        .ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}.muted{color:var(--muted)}
        .badge{display:inline-block;border:1px solid currentColor;border-radius:.6rem;padding:0 .4rem;font-size:.8rem;margin:0 .2rem .2rem 0}
        code{font-size:.9em;word-break:break-all}
        pre{overflow-x:auto;background:rgba(127,127,127,.12);padding:.5rem}
        form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0}
        label{display:flex;flex-direction:column;font-size:.85rem}
        input,select,button{font:inherit;padding:.25rem .4rem}
        a:focus,button:focus,input:focus,select:focus{outline:3px solid #0969da;outline-offset:2px}
        svg{max-width:100%;height:auto}
        svg .edge{stroke:#57606a;stroke-width:2;fill:none}
        svg a:focus .edge,svg a:hover .edge,svg .edge.selected{stroke:#0969da;stroke-width:4}
        svg .node rect{fill:rgba(127,127,127,.12);stroke:#57606a}
        svg .ns{fill:none;stroke:var(--line);stroke-dasharray:4 3}
        svg text{font:12px system-ui,sans-serif;fill:currentColor}
        @media (max-width:40rem){main{padding:.5rem}th,td{padding:.3rem}}
        """;

    // Reloads the live region whenever the watch API reports a change. Each watch event ends one chunk of the stream;
    // the region's HTML comes from the server (?fragment=1), so the page renders the same with or without script.
    private const string Script = """
        (function(){var r=document.getElementById('live');if(!r||!window.fetch||!r.dataset.watch)return;
        var rv=r.dataset.rv,busy=false,again=false;
        function refresh(){if(busy){again=true;return;}busy=true;
         fetch(location.pathname+location.search+(location.search?'&':'?')+'fragment=1',{credentials:'same-origin'}).then(function(x){
          if(x.ok){rv=x.headers.get('X-Homelab-Revision')||rv;return x.text().then(function(t){r.innerHTML=t;r.dataset.rv=rv;});}
         }).finally(function(){busy=false;if(again){again=false;refresh();}});}
        function watch(){fetch(r.dataset.watch+'?watch=true&allowWatchBookmarks=false&resourceVersion='+rv,{credentials:'same-origin'}).then(function(x){
          var rd=x.body.getReader();function pump(){return rd.read().then(function(c){if(c.done)return;refresh();return pump();});}return pump();
         }).catch(function(){}).finally(function(){setTimeout(watch,2000);});}
        watch();})();
        """;

    public static string Page(string title, string currentPath, string body)
    {
        var html = new StringBuilder(8 * 1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>").Append(Html.E(title)).Append(" · Homelab</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a><header><strong>Homelab</strong><nav aria-label=\"Pages\">");
        foreach (var (path, name) in Pages)
        {
            html.Append("<a href=\"").Append(path).Append('"').Append(path == currentPath ? " aria-current=\"page\"" : "").Append('>').Append(name).Append("</a>");
        }
        html.Append("</nav></header><main id=\"main\"><h1>").Append(Html.E(title)).Append("</h1>").Append(body)
            .Append("</main><script>").Append(Script).Append("</script></body></html>");
        return html.ToString();
    }

    /// <summary>A region the script refreshes on every change of <paramref name="watchPath"/> (a collection path of the API).</summary>
    public static string Live(string inner, long revision, string watchPath) =>
        $"<div id=\"live\" aria-live=\"polite\" data-rv=\"{revision}\" data-watch=\"{Html.E(watchPath)}\">{inner}</div>";
}
