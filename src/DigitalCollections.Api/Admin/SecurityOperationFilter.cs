using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DigitalCollections.Api.Admin;

/// <summary>
/// The OpenAPI document's security: a bearer scheme for custodial account keys and one per admin scope
/// (OpenAPI 3.0 lets only OAuth2 schemes carry scopes, so each scope is a scheme of its own,
/// <c>admin-&lt;scope&gt;</c>), and on each operation the ways in that its endpoint metadata names. An operation
/// without a requirement is public. The operation also carries <c>x-required-scope</c> when an admin scope is needed.
/// </summary>
public sealed class SecurityOperationFilter : IOperationFilter
{
    public const string AccountKeyScheme = "accountKey";

    public static string SchemeOf(string scope) => "admin-" + scope.Replace(':', '-');

    /// <summary>Adds the schemes to the document's components.</summary>
    public static void AddSchemes(SwaggerGenOptions options)
    {
        options.AddSecurityDefinition(AccountKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "dck_<keyId>_<secret>",
            Description = "A custodial account's API key (shown once by POST /api/v1/accounts): acts for that account only.",
        });
        foreach (var scope in AdminScopes.All)
            options.AddSecurityDefinition(SchemeOf(scope), new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "dca_<keyId>_<secret>",
                Description = $"An admin key holding scope '{scope}' (admin-key create --scopes {scope}).",
            });
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var required = metadata.OfType<RequiredScope>().Select(r => r.Scope).ToList();
        var schemes = required.Concat(metadata.OfType<AcceptedScope>().Select(a => a.Scope)).Select(SchemeOf).ToList();
        if (metadata.OfType<AccountKeyAccepted>().Any()) schemes.Add(AccountKeyScheme);
        if (schemes.Count == 0) return;

        operation.Security ??= [];
        foreach (var scheme in schemes.Distinct())
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
        if (metadata.OfType<AnonymousAccepted>().Any()) operation.Security.Add(new OpenApiSecurityRequirement()); // {}: no key at all
        if (required.Count > 0)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-scope"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(required[0]));
        }
    }
}
