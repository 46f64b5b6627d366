using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caviar.Server;

/// <summary>
/// The web dashboard, served by the API process from embedded files: job list, best trial, optimization history,
/// parallel coordinates, importance, intermediate curves and the trials table. The page itself needs no token; the
/// data it reads does: the page asks for it and keeps it in the tab's sessionStorage. Stored values are shown as text
/// only; the Content-Security-Policy (<see cref="Security.SecurityHeaders"/>) forbids inline script and styles.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        ["index.html"] = "text/html; charset=utf-8", ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => File("index.html"));
        app.MapGet("/{file}", (string file) => ContentTypes.ContainsKey(file) ? File(file) : Results.NotFound());
    }

    private static IResult File(string name)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard/" + name)!;
        return Results.Stream(stream, ContentTypes[name]);
    }
}
