namespace DigitalCollections.Api.Common;

/// <summary>
/// A failure the client can act on, rendered as an RFC 9457 problem detail by <see cref="ProblemExceptionHandler"/>.
/// <paramref name="field"/> names the request field at fault, when there is one.
/// </summary>
public sealed class ApiProblemException(
    int status,
    string slug,
    string title,
    string detail,
    string? field = null,
    IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Slug { get; } = slug;
    public string Title { get; } = title;
    public string? Field { get; } = field;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public static ApiProblemException BadRequest(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, "validation", "The request is not valid.", detail, field);

    public static ApiProblemException NotFound(string what, string field, string detail) =>
        new(StatusCodes.Status404NotFound, $"{what}-not-found", "Not found.", detail, field);

    public static ApiProblemException Unauthorized(string detail) =>
        new(StatusCodes.Status401Unauthorized, "invalid-api-key", "The API key is missing or not valid.", detail, "authorization");

    public static ApiProblemException Forbidden(string slug, string field, string detail) =>
        new(StatusCodes.Status403Forbidden, slug, "Not authorised.", detail, field);
}
