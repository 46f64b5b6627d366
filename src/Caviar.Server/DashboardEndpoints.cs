using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caviar.Server;

/// <summary>
/// The web dashboard, served by the API process from the files embedded from <c>Dashboard/</c> (HTML, ES modules,
/// CSS; no CDN): jobs, trials and charts, kept live by <c>/api/events</c>, with an address per view
/// (<c>#/tuning-jobs/NAME</c>, <c>#/tuning-jobs/NAME/trials/N</c>, <c>#/training-jobs/NAME</c>). The page itself
/// needs no token; the data it reads does: the page asks for it and keeps it in the tab's sessionStorage. Stored values
/// are shown as text only; the Content-Security-Policy (<see cref="Security.SecurityHeaders"/>) forbids inline script
/// and styles.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    private static readonly HashSet<string> Files = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith("Dashboard/", StringComparison.Ordinal)).Select(n => n["Dashboard/".Length..]).ToHashSet();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => File("index.html"));
        app.MapGet("/{file}", (string file) => Files.Contains(file) && ContentTypes.ContainsKey(Path.GetExtension(file))
            ? File(file) : Results.NotFound());
    }

    private static IResult File(string name)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard/" + name)!;
        return Results.Stream(stream, ContentTypes[Path.GetExtension(name)]);
    }
}
