using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using NSwag;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>
/// The API's OpenAPI document as a contract for its answers: each answer's status must be documented for its
/// operation, its media type listed for that status, and a JSON body valid against the schema (required
/// members, types, nullability, no undocumented members). Paths outside /api/ and /health/ (pages, Swagger,
/// static files) are not in the document by design and are not checked; a path under them that matches no
/// operation must answer the 404/405 problem.
/// </summary>
public sealed class OpenApiContract
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

    private static readonly object Gate = new();
    private static Task<OpenApiContract>? _current;

    private readonly OpenApiDocument _document;
    private readonly List<Operation> _operations;
    private readonly Validator _validator = new();

    private sealed record Operation(string Method, string Template, string[] Segments, OpenApiOperation Definition);

    private OpenApiContract(OpenApiDocument document)
    {
        _document = document;
        _operations = document.Paths
            .SelectMany(p => p.Value.Select(o => new Operation(o.Key.ToUpperInvariant(), p.Key, Split(p.Key), o.Value)))
            .ToList();
    }

    public static async Task<OpenApiContract> ParseAsync(string json) =>
        new(await OpenApiDocument.FromJsonAsync(json, null, SchemaType.OpenApi3));

    /// <summary>
    /// The document of this build, fetched once per test run from the first instance that asks (every instance
    /// of one build serves the same document).
    /// </summary>
    public static Task<OpenApiContract> CurrentAsync(Func<Task<string>> fetchDocument)
    {
        lock (Gate)
        {
            if (_current is null || _current.IsFaulted) _current = Task.Run(async () => await ParseAsync(await fetchDocument()));
            return _current;
        }
    }

    /// <summary>Throws with every distinct mismatch (and how often it occurred) of <paramref name="answers"/>.</summary>
    public void AssertAgrees(IEnumerable<RecordedAnswer> answers, string source)
    {
        var mismatches = Mismatches(answers);
        if (mismatches.Count == 0) return;
        throw new OpenApiMismatchException(
            $"{mismatches.Count} kind(s) of answer from {source} disagree with the OpenAPI document:\n  " + string.Join("\n  ", mismatches));
    }

    /// <summary>Each distinct mismatch as one line, with its count and one offending body.</summary>
    public IReadOnlyList<string> Mismatches(IEnumerable<RecordedAnswer> answers) =>
        answers.Select(a => (Answer: a, Problem: Check(a)))
            .Where(r => r.Problem is not null)
            .GroupBy(r => r.Problem!)
            .Select(g => $"{g.Key} (×{g.Count()}; e.g. {g.First().Answer.Method} {g.First().Answer.Path}: {Shorten(g.First().Answer.Body)})")
            .ToList();

    /// <summary>Why the answer disagrees with the document, or null when it agrees (or is not the document's business).</summary>
    public string? Check(RecordedAnswer answer)
    {
        if (!answer.Path.StartsWith("/api/", StringComparison.Ordinal) && !answer.Path.StartsWith("/health/", StringComparison.Ordinal))
            return null;

        var segments = Split(answer.Path);
        var candidates = _operations.Where(o => Matches(o.Segments, segments)).ToList();
        var operation = candidates.Where(o => o.Method == answer.Method)
            .OrderByDescending(o => o.Segments.Count(s => !s.StartsWith('{')))
            .FirstOrDefault();
        if (operation is null)
        {
            // Not an operation: routing answers 404 (no such path) or 405 (no such method on it), as a problem.
            var expected = candidates.Count == 0 ? 404 : 405;
            var label = $"{answer.Method} {answer.Path} (no operation)";
            if (answer.Status != expected) return $"{label} → {answer.Status}: expected {expected}";
            return CheckBody(label, answer, "application/problem+json", _document.Components.Schemas["ProblemDetails"]);
        }

        var name = $"{operation.Method} {operation.Template} → {answer.Status}";
        if (!operation.Definition.Responses.TryGetValue(answer.Status.ToString(), out var response)
            && !operation.Definition.Responses.TryGetValue("default", out response))
            return $"{name}: status not documented (documented: {string.Join(", ", operation.Definition.Responses.Keys)})";

        var content = response.ActualResponse.Content;
        if (content.Count == 0) return null; // no body promised: whatever comes (a file's own type) is not described
        if (answer.MediaType is null)
            return $"{name}: no body (Content-Type), the document promises {string.Join(" or ", content.Keys)}";
        if (!content.TryGetValue(answer.MediaType, out var media))
            return $"{name}: Content-Type {answer.MediaType}, the document says {string.Join(" or ", content.Keys)}";
        return CheckBody(name, answer, answer.MediaType, media.Schema);
    }

    private string? CheckBody(string name, RecordedAnswer answer, string mediaType, JsonSchema? schema)
    {
        if (answer.MediaType != mediaType) return $"{name}: Content-Type {answer.MediaType ?? "(none)"}, expected {mediaType}";
        if (schema is null || answer.Body is null) return null;
        ICollection<ValidationError> errors;
        try
        {
            errors = _validator.Validate(answer.Body, schema, SchemaType.OpenApi3);
        }
        catch (JsonException e)
        {
            return $"{name}: the body is not JSON ({e.Message})";
        }
        return errors.Count == 0 ? null : $"{name}: {string.Join("; ", errors.Select(Describe).Order(StringComparer.Ordinal))}";
    }

    private static string Describe(ValidationError error) => error switch
    {
        ChildSchemaValidationError child => $"{error.Kind} at {error.Path ?? "#"} [{string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))}]",
        _ => $"{error.Kind} at {error.Path ?? "#"}",
    };

    private static string[] Split(string path) => path.Trim('/').Split('/');

    private static bool Matches(string[] template, string[] path) =>
        template.Length == path.Length && template.Zip(path).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : p.First == p.Second);

    private static string Shorten(string? body) => body is null ? "(no JSON body)" : body.Length <= 300 ? body : body[..300] + "…";

    /// <summary>
    /// NJsonSchema's validator reads OpenAPI 3.0's <c>nullable</c> only at the level it was asked about; the
    /// members and <c>allOf</c> parts below it are validated as plain JSON Schema. Every level is OpenAPI here,
    /// and a null where the schema allows it needs no further checks (the <c>allOf</c> around a nullable reference).
    /// </summary>
    private sealed class Validator : JsonSchemaValidator
    {
        protected override ICollection<ValidationError> Validate(JToken token, JsonSchema schema, SchemaType schemaType, string? propertyName, string propertyPath)
        {
            if (token.Type == JTokenType.Null && schema.IsNullable(SchemaType.OpenApi3)) return [];
            return base.Validate(token, schema, SchemaType.OpenApi3, propertyName, propertyPath);
        }
    }
}

public sealed class OpenApiMismatchException(string message) : Exception(message);
