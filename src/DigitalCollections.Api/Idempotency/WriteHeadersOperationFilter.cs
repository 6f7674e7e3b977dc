using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DigitalCollections.Api.Idempotency;

/// <summary>Documents the request headers of the write routes (Idempotency-Key, Prefer) in the OpenAPI document.</summary>
public sealed class WriteHeadersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentEndpoint>().Any()) return;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyMiddleware.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "1–200 visible ASCII characters. The same key with the same request returns the first answer " +
                "(with Idempotent-Replayed: true) and sends nothing; with a different request 422; while the first runs 409. " +
                "Kept at least 24 hours.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "Prefer",
            In = ParameterLocation.Header,
            Required = false,
            Description = "respond-async: answer 202 with the transaction's Location as soon as the write is recorded, " +
                "instead of waiting for confirmation.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
