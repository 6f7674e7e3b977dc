using Microsoft.Extensions.FileProviders;

namespace DigitalCollections.Api.Pages;

/// <summary>
/// The collector and creator pages: plain HTML, CSS and JS modules from wwwroot, served by this process.
/// <c>/</c> is the verify page; <c>/works/{tokenId}</c>, <c>/accounts/{address}</c> and <c>/create</c> serve
/// their page, which reads the id from its URL and calls the REST API (same origin). Nothing else falls
/// back to a page: an unknown <c>/api/…</c> path stays a JSON problem 404.
/// </summary>
public static class WebPages
{
    // Our pages load only our own scripts, styles and images, and talk only to this origin. Uploaded content
    // (an <img> of /api/v1/works/{id}/content) is same-origin too and carries its own sandboxing policy.
    private static readonly string PagePolicy = Policy("'self'");

    // The work page's "Verify here" asks the collector's own node (any URL they name) for the proof's block hash:
    // a hash from this origin would prove nothing. Scripts stay our own, so only that code can connect.
    private static readonly string WorkPagePolicy = Policy("'self' http: https:");

    /// <summary>Page routes, the file each serves, and its Content-Security-Policy.</summary>
    public static readonly IReadOnlyList<(string Route, string File, string Policy)> Routes =
    [
        ("/works/{tokenId}", "work.html", WorkPagePolicy),
        ("/accounts/{address}", "account.html", PagePolicy),
        ("/create", "create.html", PagePolicy),
    ];

    private static string Policy(string connectSources) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self'; " +
        $"connect-src {connectSources}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Static files and page routes. Call after the API's middleware, before app.Run().</summary>
    public static WebApplication UseWebPages(this WebApplication app)
    {
        var files = WebRoot(app.Environment);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c => Secure(c.Context.Response, c.File.Name.EndsWith(".html", StringComparison.Ordinal) ? PagePolicy : null),
        });

        foreach (var (route, file, policy) in Routes)
        {
            var info = files.GetFileInfo(file);
            app.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
                {
                    if (!info.Exists) return Results.NotFound();
                    Secure(context.Response, policy);
                    // Last-Modified lets a browser revalidate (304) instead of downloading the page again.
                    return Results.File(info.CreateReadStream(), "text/html; charset=utf-8", lastModified: info.LastModified);
                })
                .ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>Headers of every static file; an HTML page (<paramref name="pagePolicy"/> given) also gets its policy.</summary>
    private static void Secure(HttpResponse response, string? pagePolicy)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache"; // revalidate (ETag / Last-Modified): a new build is seen at once
        if (pagePolicy is null) return;
        headers.ContentSecurityPolicy = pagePolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
    }

    /// <summary>
    /// wwwroot beside the content root (dotnet run, WebApplicationFactory), else the copy in the build output
    /// (scripts/start.sh runs <c>dotnet &lt;dll&gt;</c> from the repository root).
    /// </summary>
    internal static IFileProvider WebRoot(IWebHostEnvironment environment)
    {
        foreach (var candidate in new[] { Path.Combine(environment.ContentRootPath, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "wwwroot") })
            if (File.Exists(Path.Combine(candidate, "index.html"))) return new PhysicalFileProvider(candidate);
        return new NullFileProvider();
    }
}
