namespace DigitalCollections.Api.Common;

public static class HttpRequestExtensions
{
    /// <summary>The bearer token, null when no Authorization header was sent, "" when it is not a bearer token.</summary>
    public static string? BearerToken(this HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return null;
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
    }

    /// <summary>RFC 7240: the client asked for 202 at once instead of waiting for the outcome.</summary>
    public static bool PrefersRespondAsync(this HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? "").Split(','))
            .Any(p => p.Split(';')[0].Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase));

    /// <summary>Absolute URL on this API, for links inside responses.</summary>
    public static string AbsoluteUrl(this HttpRequest request, string path) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
}
