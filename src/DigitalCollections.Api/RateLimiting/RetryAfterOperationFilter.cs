using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DigitalCollections.Api.RateLimiting;

/// <summary>Documents what a 429 answer carries: its Retry-After header and which limit the route counts against.</summary>
public sealed class RetryAfterOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses?.TryGetValue("429", out var answer) != true || answer is not OpenApiResponse response) return;
        var policy = context.ApiDescription.ActionDescriptor.EndpointMetadata
            .OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().FirstOrDefault()?.PolicyName;
        response.Description = policy switch
        {
            RateLimitPolicies.Accounts => "Too many accounts created from this address this minute (RateLimits:Accounts:PermitsPerMinute).",
            RateLimitPolicies.Writes => "Too many writes from this client (its API key, else its address) this minute " +
                "(RateLimits:Writes:PermitsPerMinute; all keyed writes from one address: RateLimits:Writes:AddressPermitsPerMinute).",
            _ => "Too many requests from this address this minute (RateLimits:Reads:PermitsPerMinute).",
        };
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds until the client's window ends and it may send again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
        };
    }
}
