using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.RateLimiting;

namespace DigitalCollections.Api.Common;

/// <summary>The OpenAPI document (/swagger/v1/swagger.json) and the Swagger UI that shows it.</summary>
public static class ApiDocument
{
    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new()
            {
                Title = "DigitalCollections API", Version = "v1",
                Description = "Register creator works as ERC-721 tokens and check files, authorship and ownership against the chain. " +
                    "A path whose decoding holds a NUL byte (%00) is refused by the web server before routing: 400 without a body."
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "DigitalCollections.Api.xml");
            if (File.Exists(xml)) o.IncludeXmlComments(xml);
            o.OperationFilter<WriteHeadersOperationFilter>();
            o.OperationFilter<RetryAfterOperationFilter>();
            Admin.SecurityOperationFilter.AddSchemes(o); // account keys and admin scopes (Admin/)
            o.OperationFilter<Admin.SecurityOperationFilter>();
            // The document says what answers carry: nullable only where the C# type is, required where it is not.
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            o.UseAllOfToExtendReferenceSchemas();
        });
        return builder;
    }

    public static WebApplication UseApiDocument(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o => o.DocumentTitle = "DigitalCollections API");
        return app;
    }
}
