using System.Net;
using DigitalCollections.Api.Pages;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;

namespace DigitalCollections.IntegrationTests.Pages;

/// <summary>
/// The web pages are served by the API itself: each page route answers its HTML, with a strict
/// Content-Security-Policy; API, health and Swagger paths are untouched, and an unknown API path is still a
/// JSON problem, never a page. (What the pages do is tested in a real browser: tests/browser.)
/// </summary>
[Collection(ChainCollection.Name)]
public sealed class WebPageTests(ChainFixture fixture)
{
    private readonly HttpClient _http = fixture.Api.CreateClient();

    [Theory]
    [InlineData("/", "/js/verify.js")]
    [InlineData("/index.html", "/js/verify.js")]
    [InlineData("/works/1", "/js/work.js")]
    [InlineData("/works/987654", "/js/work.js")] // the page itself says "not found", from the API's answer
    [InlineData("/works/not-a-number", "/js/work.js")]
    [InlineData("/accounts/0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "/js/account.js")]
    [InlineData("/create", "/js/create.js")]
    public async Task Each_page_route_serves_its_page(string path, string script)
    {
        var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<script type=\"module\" src=\"{script}\"></script>", body);
        Assert.Contains("<html lang=\"en\">", body);
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/works/1", "connect-src 'self' http: https:;")] // "Verify here" asks the collector's own node
    [InlineData("/", "connect-src 'self';")]
    [InlineData("/create", "connect-src 'self';")]
    [InlineData("/work.html", "connect-src 'self';")]
    public async Task Only_the_work_page_may_connect_beyond_this_origin(string path, string connectSources)
    {
        var response = await _http.GetAsync(path);
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains(connectSources, policy);
        Assert.Contains("script-src 'self';", policy);
    }

    [Fact]
    public async Task A_page_is_revalidated_not_downloaded_again()
    {
        var first = await _http.GetAsync("/create");
        var lastModified = first.Content.Headers.LastModified;
        Assert.NotNull(lastModified);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/create");
        again.Headers.IfModifiedSince = lastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await _http.SendAsync(again)).StatusCode);
        using var head = new HttpRequestMessage(HttpMethod.Head, "/works/1");
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(head)).StatusCode);
    }

    [Theory]
    [InlineData("/js/common.js", "text/javascript")]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/img/file.svg", "image/svg+xml")]
    public async Task Scripts_styles_and_images_are_served(string path, string mediaType)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/unknown")]
    [InlineData("/api/v1/works/1/unknown")]
    [InlineData("/works")] // no catch-all page: a path no page or route owns is a problem 404
    [InlineData("/works/1/extra")]
    [InlineData("/accounts")]
    public async Task Unknown_paths_stay_json_problems_not_pages(string path)
    {
        var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("route-not-found", body);
        Assert.DoesNotContain("<html", body);
    }

    [Theory]
    [InlineData("/api/v1/works/987654", "application/problem+json")]
    [InlineData("/api/v1/chain", "application/json")]
    [InlineData("/health/live", "application/json")]
    public async Task Api_and_health_routes_still_answer_json(string path, string mediaType)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_is_still_swagger_and_the_pages_are_not_in_the_openapi_document()
    {
        var ui = await _http.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger-ui", await ui.Content.ReadAsStringAsync());
        var document = await _http.GetStringAsync("/swagger/v1/swagger.json");
        Assert.DoesNotContain("\"/works/{tokenId}\"", document);
        Assert.DoesNotContain("\"/create\"", document);
    }

    [Fact]
    public void Without_wwwroot_in_the_content_root_the_pages_come_from_the_build_output()
    {
        // scripts/start.sh runs `dotnet <dll>` from the repository root, which has no wwwroot.
        var environment = new FakeEnvironment { ContentRootPath = RepositoryPaths.Root };
        var files = WebPages.WebRoot(environment);
        Assert.True(files.GetFileInfo("index.html").Exists);
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "wwwroot"), files.GetFileInfo("index.html").PhysicalPath);
    }

    private sealed class FakeEnvironment : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "DigitalCollections.Api";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = "";
        public string EnvironmentName { get; set; } = "Testing";
    }
}
