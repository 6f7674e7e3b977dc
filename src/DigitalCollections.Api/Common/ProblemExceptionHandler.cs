using System.Text.Json;
using DigitalCollections.Api.Chain;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DigitalCollections.Api.Common;

/// <summary>The API's one translation from exceptions to RFC 9457 problem details.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = ToProblem(exception);
        if (problem.Status >= 500)
            logger.LogError(exception, "Request {Method} {Path} failed: {Status} {Type}", context.Request.Method, context.Request.Path, problem.Status, problem.Type);
        else
            logger.LogInformation("Request {Method} {Path} refused: {Status} {Type}", context.Request.Method, context.Request.Path, problem.Status, problem.Type);

        problem.Instance = context.Request.Path;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        context.Response.StatusCode = problem.Status!.Value;
        await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", ct);
        return true;
    }

    public static void CustomizeFrameworkProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(ProblemTypes.Prefix, StringComparison.Ordinal) == true) return;
        switch (problem.Status)
        {
            case StatusCodes.Status415UnsupportedMediaType:
                var accepts = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>();
                var expected = accepts is null ? "another media type" : string.Join(" or ", accepts.ContentTypes);
                problem.Type = ProblemTypes.For("unsupported-media-type");
                problem.Detail = $"This route takes {expected}.";
                problem.Extensions["field"] = "contentType";
                problem.Extensions["errors"] = new Dictionary<string, string[]> { ["contentType"] = [problem.Detail] };
                break;
            case StatusCodes.Status404NotFound:
                problem.Type = ProblemTypes.For("route-not-found");
                problem.Detail ??= "No route matches this path; see /swagger.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.Type = ProblemTypes.For("method-not-allowed");
                break;
            default:
                problem.Type = ProblemTypes.For("http-" + problem.Status);
                break;
        }
    }

    public static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        ApiProblemException p => FromApiProblem(p),
        ValidationException v => Validation(v),
        ContractRevertedException r => FromApiProblem(ContractRevertProblems.Map(r.Error)),
        ChainUnavailableException c => Make(503, "chain-unavailable", "The chain is unreachable.",
            c.Message + " Try again when GET /health/ready reports ready."),
        // An error answer the chain layer has no meaning for (no decodable revert): the node's fault or its state, not
        // the request's; seen while a node was replaced under load. The node's message says which call and why.
        JsonRpcException j => Make(503, "chain-unavailable", "The chain's node refused the call.",
            j.Message + " Try again when GET /health/ready reports ready."),
        ChainIdentityException i => Make(503, i.Slug,
            i.Slug == ChainIdentityException.WrongChain ? "The node serves another chain." : "The chain was reset.",
            i.Message + " The API neither writes to nor answers from a chain that is not the deployment's."),
        BadHttpRequestException { StatusCode: 413 } => Make(413, "payload-too-large", "The request body is too large.", exception.Message),
        BadHttpRequestException b => Malformed(b.StatusCode, b.InnerException as JsonException, b.Message),
        JsonException j => Malformed(400, j, j.Message),
        _ when IsTransientDatabaseFailure(exception) => Make(503, "database-unavailable", "The database is busy or unreachable.",
            "The request changed nothing; try again shortly."),
        _ => Make(500, "internal", "An unexpected error occurred.", "The error was logged; quote the traceId when reporting it."),
    };

    /// <summary>
    /// A database that refused or lost the connection (PostgreSQL out of connection slots under a burst, a
    /// restart, a failover), also as EF Core's retrying strategy wraps it: the service's state, not a fault of ours.
    /// </summary>
    private static bool IsTransientDatabaseFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true }) return true;
        return false;
    }

    private static ProblemDetails FromApiProblem(ApiProblemException p)
    {
        var problem = Make(p.Status, p.Slug, p.Title, p.Message);
        if (p.Field is not null)
        {
            problem.Extensions["field"] = p.Field;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [p.Field] = [p.Message] };
        }
        foreach (var (key, value) in p.Extensions) problem.Extensions[key] = value;
        return problem;
    }

    /// <summary>An unreadable body: name the JSON member at fault when the parser says which, else "body".</summary>
    private static ProblemDetails Malformed(int status, JsonException? json, string message)
    {
        // A value of the wrong type names its member; a broken document (truncated, bad syntax) is the body's fault.
        var wrongType = json?.Message.Contains("could not be converted", StringComparison.Ordinal) == true;
        var field = wrongType && json!.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            ? JsonNamingPolicy.CamelCase.ConvertName(path[2..])
            : "body";
        var detail = json is null ? message : $"The request body is not valid JSON at '{field}': {json.Message}";
        return FromApiProblem(new ApiProblemException(status, "malformed-request", "The request could not be read.", detail, field));
    }

    private static ProblemDetails Validation(ValidationException v)
    {
        var errors = v.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var problem = Make(400, "validation", "The request is not valid.",
            string.Join(" ", errors.SelectMany(e => e.Value)));
        problem.Extensions["field"] = errors.Keys.FirstOrDefault();
        problem.Extensions["errors"] = errors;
        return problem;
    }

    private static ProblemDetails Make(int status, string slug, string title, string detail) => new()
    {
        Status = status,
        Type = ProblemTypes.For(slug),
        Title = title,
        Detail = detail,
    };
}
