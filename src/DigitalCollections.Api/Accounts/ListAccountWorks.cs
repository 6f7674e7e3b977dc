using DigitalCollections.Api.Common;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Works;
using Mediator;

namespace DigitalCollections.Api.Accounts;

/// <summary>GET /api/v1/accounts/{address}/works: what an address holds (relation=owned, the default) or created.</summary>
public static class ListAccountWorksEndpoint
{
    public static void MapListAccountWorks(this IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{address}/works",
                async (string address, string? relation, string? cursor, string? limit, IMediator mediator, CancellationToken ct) =>
                {
                    if (!Chain.Formats.IsAddress(address))
                        throw ApiProblemException.BadRequest("address", "'address' must be a 0x-prefixed 20-byte hex address.");
                    var query = (relation ?? "owned").ToLowerInvariant() switch
                    {
                        "owned" => new ListWorksQuery(null, address, cursor, ListWorksEndpoint.ParseLimit(limit)),
                        "created" => new ListWorksQuery(address, null, cursor, ListWorksEndpoint.ParseLimit(limit)),
                        _ => throw ApiProblemException.BadRequest("relation", "'relation' must be 'owned' (the default) or 'created'."),
                    };
                    return Results.Ok(await mediator.Send(query, ct));
                })
            .WithName("ListAccountWorks")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Accounts")
            .WithSummary("Works an address owns (relation=owned) or created (relation=created), with cursor paging")
            .Produces<WorkPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
