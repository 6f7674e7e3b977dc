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
    /// <summary>Page routes and the file each serves.</summary>
    public static readonly IReadOnlyList<(string Route, string File)> Routes =
    [
        ("/works/{tokenId}", "work.html"),
        ("/accounts/{address}", "account.html"),
        ("/create", "create.html"),
    ];

    // Our pages load only our own scripts, styles and images, and talk only to this origin. Uploaded content
    // (an <img> of /api/v1/works/{id}/content) is same-origin too and carries its own sandboxing policy.
    private const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Static files and page routes. Call after the API's middleware, before app.Run().</summary>
    public static WebApplication UseWebPages(this WebApplication app)
    {
        var files = WebRoot(app.Environment);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c => Secure(c.Context.Response, c.File.Name.EndsWith(".html", StringComparison.Ordinal)),
        });

        foreach (var (route, file) in Routes)
        {
            var info = files.GetFileInfo(file);
            app.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
                {
                    if (!info.Exists) return Results.NotFound();
                    Secure(context.Response, html: true);
                    // Last-Modified lets a browser revalidate (304) instead of downloading the page again.
                    return Results.File(info.CreateReadStream(), "text/html; charset=utf-8", lastModified: info.LastModified);
                })
                .ExcludeFromDescription();
        }
        return app;
    }

    private static void Secure(HttpResponse response, bool html)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache"; // revalidate (ETag / Last-Modified): a new build is seen at once
        if (!html) return;
        headers.ContentSecurityPolicy = PagePolicy;
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
